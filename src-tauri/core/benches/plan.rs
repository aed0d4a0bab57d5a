//! Today's plan at its worst: 30,000 people and 1,000,000 touches, every
//! touch within the last 90 days and everyone's latest from them (so each
//! person owes a reply, and the rules that read recent touches have the
//! most to read), then the same people with every touch long past. Writes
//! its figures to `tests/bench/results/plan.json` (and prints them); run
//! with `cargo bench -p kith-core --bench plan`.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;
use kith_core::domain::{Channel, Direction, PersonBundle, TouchKind, TouchSpec};
use kith_core::Store;

const PEOPLE: usize = 30_000;
const TOUCHES: usize = 1_000_000;
const RUNS: usize = 15;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("plan.db")).expect("a new database");
    let start_of_touches = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid date");
    // Every touch falls in the 60 days from `start_of_touches`; the plans
    // are asked for from day 61 on, so all are within the last 90 days.
    let now = start_of_touches + Duration::days(61);
    let started = Instant::now();
    let mut made = 0;
    for first in (0..PEOPLE).step_by(1_000) {
        let bundles: Vec<PersonBundle> = (first..first + 1_000)
            .map(|i| {
                let count = TOUCHES / PEOPLE + usize::from(i < TOUCHES % PEOPLE);
                made += count;
                let touches = (0..count)
                    .map(|t| {
                        // Spread over 60 days, the last one from them.
                        let at = start_of_touches
                            + Duration::minutes(
                                ((t * 60 * 24 * 60) / count) as i64 + i as i64 % 60,
                            );
                        let last = t + 1 == count;
                        let kind = if last {
                            TouchKind::Email
                        } else {
                            TouchKind::ALL[1 + t % (TouchKind::ALL.len() - 1)]
                        };
                        let direction = if last || t % 3 == 1 {
                            Direction::In
                        } else {
                            Direction::Out
                        };
                        TouchSpec::new(kind, Channel::Email, direction, at, None)
                            .expect("valid touch")
                    })
                    .collect();
                kith_core::fixtures::bundle(i, touches)
            })
            .collect();
        store
            .add_people(&bundles, Tz::UTC, start_of_touches)
            .expect("people stored");
    }
    let fill_seconds = started.elapsed().as_secs_f64();
    store.recompute_stages(now).expect("stages");

    let mut results = Vec::new();
    let mut measure = |what: &str, run: &mut dyn FnMut(usize) -> usize| {
        let mut samples = Vec::with_capacity(RUNS);
        let mut found = 0;
        for i in 0..RUNS {
            let start = Instant::now();
            found = run(i);
            samples.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        let slowest = samples.iter().copied().fold(0.0, f64::max);
        results.push(format!(
            "    {{ \"what\": \"{what}\", \"found\": {found}, \"medianMs\": {:.1}, \"slowestMs\": {slowest:.1} }}",
            median(samples)
        ));
    };
    measure("plan candidates, every touch recent", &mut |_| {
        store
            .plan_candidates(now, Tz::UTC)
            .expect("candidates")
            .len()
    });
    measure(
        "today's plan on a new day, every touch recent (pick and keep)",
        &mut |day| {
            let at = now + Duration::days(day as i64);
            store.plan(at, Tz::UTC).expect("plan").items.len()
        },
    );
    measure("the same plan again the same day", &mut |_| {
        let at = now + Duration::days(RUNS as i64 - 1);
        store.plan(at, Tz::UTC).expect("plan").items.len()
    });
    // A year on: nothing recent, many quiet for long.
    let later = now + Duration::days(365);
    measure("today's plan on a new day, no touch recent", &mut |day| {
        let at = later + Duration::days(day as i64);
        store.plan(at, Tz::UTC).expect("plan").items.len()
    });

    let json = format!(
        "{{\n  \"people\": {PEOPLE},\n  \"touches\": {made},\n  \"fillSeconds\": {fill_seconds:.1},\n  \"queries\": [\n{}\n  ]\n}}\n",
        results.join(",\n")
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bench/results");
    std::fs::create_dir_all(&out).expect("results folder");
    std::fs::write(out.join("plan.json"), &json).expect("figures written");
    print!("{json}");
}
