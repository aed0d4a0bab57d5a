//! How the people list and search behave at 30,000 people (LinkedIn's
//! connection cap) with 300,000 touches. Writes its figures to
//! `target/bench/people.json`; run with `cargo bench -p kith-core`.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::domain::{
    Channel, Direction, MeetingDraft, MeetingParty, MeetingWay, PersonBundle, TouchKind, TouchSpec,
};
use kith_core::store::{BackupKind, Figure};
use kith_core::{fixtures, Store};

const PEOPLE: usize = 30_000;
const TOUCHES_PER_PERSON: usize = 10;
const RUNS: usize = 20;

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.db")).expect("a new database");
    let t0 = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid date");

    let started = Instant::now();
    let summary = Some("talked about hiring and the Berlin offsite");
    let bundles: Vec<PersonBundle> = (0..PEOPLE)
        .map(|i| {
            // The first ten names and eight employers: this bench's
            // figures were written with them.
            let person = fixtures::employee(i, 10, 8)
                .with_tags(&[if i % 3 == 0 { "Close" } else { "Network" }])
                .expect("valid sample person");
            let touches = (0..TOUCHES_PER_PERSON)
                .map(|t| {
                    let at = t0 + chrono::Duration::days(t as i64);
                    let kind = TouchKind::ALL[t % TouchKind::ALL.len()];
                    // A third of the touches come from them, so the rules
                    // that look for replies owed have work to do.
                    let direction = if t % 3 == 1 {
                        Direction::In
                    } else {
                        Direction::Out
                    };
                    TouchSpec::new(kind, Channel::Linkedin, direction, at, summary)
                        .expect("valid touch")
                })
                .collect();
            PersonBundle::new(person, touches)
        })
        .collect();
    for batch in bundles.chunks(1_000) {
        store.add_people(batch, Tz::UTC, t0).expect("people stored");
    }
    let fill_seconds = started.elapsed().as_secs_f64();

    // Re-deriving every stage: once from scratch, then with nothing to
    // change (what the daily pass usually is).
    let later = t0 + chrono::Duration::days(800);
    let start = Instant::now();
    let changed = store.recompute_stages(later).expect("stages");
    let recompute_changed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    store.recompute_stages(later).expect("stages");
    let recompute_steady_ms = start.elapsed().as_secs_f64() * 1000.0;

    let mut results = Vec::new();
    let mut measure = |label: &str, run: &dyn Fn() -> u64| {
        let mut samples = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            total = run();
            samples.push(start.elapsed());
        }
        results.push(format!(
            "    {{ \"what\": \"{label}\", \"matches\": {total}, \"medianMs\": {:.2} }}",
            median(samples)
        ));
    };
    // Faces: one person in three of the 6,000 from offset 12,000 has a
    // photo (2,000 photos); a drawn list asks for the thumbnails of its
    // rows, 20 on screen, at most 200 at once.
    let faces = {
        let pixels = image::RgbImage::from_fn(400, 400, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(pixels)
            .write_to(&mut png, image::ImageFormat::Png)
            .expect("a png");
        kith_core::photo::PhotoSource::Image(
            kith_core::photo::Photo::from_bytes(&png.into_inner()).expect("a photo"),
        )
    };
    let drawn: Vec<_> = (12..18)
        .flat_map(|page| store.people("", page * 1_000, 1_000).expect("page").people)
        .map(|p| p.id)
        .collect();
    for id in drawn.iter().step_by(3) {
        store.set_photo(*id, &faces, t0).expect("photo set");
    }
    measure("thumbnails of 20 drawn rows (7 with photos)", &|| {
        store
            .photo_thumbs(&drawn[3_000..3_020])
            .expect("thumbs")
            .len() as u64
    });
    measure("thumbnails of 200 rows, the most asked at once", &|| {
        store
            .photo_thumbs(&drawn[3_000..3_200])
            .expect("thumbs")
            .len() as u64
    });
    measure("first page, no query", &|| {
        store.people("", 0, 100).expect("page").total
    });
    measure("page at offset 15000", &|| {
        store.people("", 15_000, 100).expect("page").total
    });
    measure("search 'a' (one letter)", &|| {
        store.people("a", 0, 100).expect("page").total
    });
    measure("search 'ada'", &|| {
        store.people("ada", 0, 100).expect("page").total
    });
    measure("search 'grace hopper 42'", &|| {
        store.people("grace hopper 42", 0, 100).expect("page").total
    });
    measure("search 'person123@example.com'", &|| {
        store
            .people("person123@example.com", 0, 100)
            .expect("page")
            .total
    });
    measure("search 'berlin' (touch summaries)", &|| {
        store.people("berlin", 0, 100).expect("page").total
    });
    measure("search 'zzzz' (no match)", &|| {
        store.people("zzzz", 0, 100).expect("page").total
    });
    measure("dashboard (all figures)", &|| {
        store.dashboard(later, Tz::UTC).expect("dashboard").people
    });
    measure("dashboard people: moved up in 90 days", &|| {
        store
            .dashboard_people(Figure::MovedUp(90), later, Tz::UTC, 1_000)
            .expect("people")
            .len() as u64
    });
    measure("step-it-up prompts for everyone", &|| {
        store.prompts(None, later).expect("prompts").len() as u64
    });
    // Today's plan: every touch is within the last 90 days at `recent`
    // (the worst case for the replies-owed scan), none at `later`.
    let recent = t0 + chrono::Duration::days(30);
    measure("plan candidates, all 300,000 touches recent", &|| {
        store
            .plan_candidates(recent, Tz::UTC)
            .expect("candidates")
            .len() as u64
    });
    measure("plan candidates, no touch recent", &|| {
        store
            .plan_candidates(later, Tz::UTC)
            .expect("candidates")
            .len() as u64
    });
    let day = std::cell::Cell::new(0);
    measure("today's plan on a new day (pick and keep)", &|| {
        day.set(day.get() + 1);
        let at = later + chrono::Duration::days(day.get());
        store.plan(at, Tz::UTC).expect("plan").items.len() as u64
    });
    measure("today's plan again the same day", &|| {
        let at = later + chrono::Duration::days(day.get());
        store.plan(at, Tz::UTC).expect("plan").items.len() as u64
    });
    // Busy days: eight meetings of three people each a day, read ahead
    // from a calendar; each day's first plan picks and brings each
    // meeting's prep item (the worst case), asked again it reads them.
    let busy = later + chrono::Duration::days(500);
    let meetings: Vec<MeetingDraft> = (0..RUNS as i64 + 1)
        .flat_map(|d| {
            (0..8).map(move |m| {
                let at = busy + chrono::Duration::days(d) + chrono::Duration::hours(m);
                MeetingDraft {
                    key: format!("meeting-{d}-{m}"),
                    at,
                    ends: at + chrono::Duration::minutes(45),
                    way: MeetingWay::Video,
                    title: Some(format!("Meeting {m}")),
                    people: (0..3)
                        .filter_map(|p| {
                            let n = (d * 811 + m * 97 + p * 13) as usize % PEOPLE;
                            MeetingParty::new(&format!("person{n}@example.com"), None)
                        })
                        .collect(),
                    counts: true,
                }
            })
        })
        .collect();
    store
        .record_meetings(&meetings, busy - chrono::Duration::hours(2))
        .expect("meetings");
    let busy_day = std::cell::Cell::new(0);
    measure(
        "today's plan on a new day with 8 meetings to prepare for",
        &|| {
            busy_day.set(busy_day.get() + 1);
            let at = busy + chrono::Duration::days(busy_day.get()) - chrono::Duration::hours(1);
            store.plan(at, Tz::UTC).expect("plan").items.len() as u64
        },
    );
    measure("the same plan again the same day", &|| {
        let at = busy + chrono::Duration::days(busy_day.get()) - chrono::Duration::minutes(30);
        store.plan(at, Tz::UTC).expect("plan").items.len() as u64
    });
    measure("the sheet before a meeting (3 people)", &|| {
        store
            .prep_meeting("meeting-3-3")
            .expect("sheet")
            .people
            .len() as u64
    });

    // Care of the file: a verified backup (VACUUM INTO, integrity check,
    // fsync, rename), the checks, and a restore.
    let mut backup_samples = Vec::new();
    let mut backup = None;
    for run in 0..5 {
        let start = Instant::now();
        backup = Some(
            store
                .back_up(BackupKind::Daily, later + chrono::Duration::days(run))
                .expect("backup"),
        );
        backup_samples.push(start.elapsed());
    }
    let backup = backup.expect("a backup");
    let timed = |run: &dyn Fn()| {
        let start = Instant::now();
        run();
        start.elapsed().as_secs_f64() * 1000.0
    };
    let quick_check_ms = timed(&|| store.quick_check().expect("healthy"));
    let full_check_ms = timed(&|| {
        store.check().expect("checked");
    });
    let restore_ms = timed(&|| {
        store.restore_backup(&backup.path, later).expect("restored");
    });
    results.push(format!(
        "    {{ \"what\": \"verified backup\", \"bytes\": {}, \"medianMs\": {:.0} }},\n    {{ \"what\": \"quick check\", \"medianMs\": {quick_check_ms:.0} }},\n    {{ \"what\": \"full check\", \"medianMs\": {full_check_ms:.0} }},\n    {{ \"what\": \"restore (with the backup before it)\", \"medianMs\": {restore_ms:.0} }}",
        backup.size,
        median(backup_samples)
    ));

    let json = format!(
        "{{\n  \"people\": {PEOPLE},\n  \"touches\": {},\n  \"fillSecondsInBatchesOf1000\": {fill_seconds:.1},\n  \"recomputeStagesMs\": {{ \"allChanged\": {recompute_changed_ms:.0}, \"changed\": {changed}, \"noneChanged\": {recompute_steady_ms:.0} }},\n  \"queries\": [\n{}\n  ]\n}}\n",
        PEOPLE * TOUCHES_PER_PERSON,
        results.join(",\n")
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("bench folder");
    std::fs::write(out.join("people.json"), &json).expect("figures written");
    print!("{json}");
}
