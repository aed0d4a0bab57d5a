//! Reads a generated ten-year calendar — 5,000 events, 500 of them weekly
//! series a year long, with one to four guests each among 2,000 addresses
//! (half of them people in Kith) — into touches in a new database file,
//! then reads it all again (as every sync does with a chosen calendar),
//! and writes the figures to `target/bench/calendar.json`; run with
//! `cargo bench -p kith-exchange --bench calendar`.

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use kith_core::domain::PersonBundle;
use kith_core::Store;
use kith_exchange::meetings::{read_calendar, CalendarOptions};

const EVENTS: usize = 5_000;
const SERIES: usize = 500;
const ADDRESSES: usize = 2_000;
const RUNS: usize = 3;

fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_480_000_000, 0).expect("an instant") // late 2016
}

fn calendar() -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n",
    );
    let step = Duration::days(3650) / EVENTS as i32;
    for i in 0..EVENTS {
        let at = start() + step * i as i32;
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:{}\r\nDTEND;TZID=Europe/Berlin:{}\r\nUID:event-{i}@google.com\r\nSUMMARY:Meeting {i}\r\n",
            at.format("%Y%m%dT%H%M%S"),
            (at + Duration::minutes(30)).format("%Y%m%dT%H%M%S")
        );
        if i % (EVENTS / SERIES) == 0 {
            out.push_str("RRULE:FREQ=WEEKLY;COUNT=52\r\n");
        }
        if i % 3 == 0 {
            out.push_str(
                "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij\r\n",
            );
        } else if i % 3 == 1 {
            out.push_str("LOCATION:Café Einstein\\, Berlin\r\n");
        }
        out.push_str("ORGANIZER;CN=Ada:mailto:ada@home.example\r\n");
        for g in 0..1 + i % 4 {
            let who = (i * 7 + g * 13) % ADDRESSES;
            let _ = write!(
                out,
                "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Person {who}:mailto:p{who}@example.org\r\n"
            );
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn people(store: &Store) {
    let bundles: Vec<PersonBundle> = (0..ADDRESSES / 2)
        .map(|i| kith_core::fixtures::bundle(i, Vec::new()))
        .collect();
    store
        .add_people(&bundles, chrono_tz::UTC, Utc::now())
        .expect("people added");
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = calendar();
    let me = vec!["ada@home.example".to_owned()];
    let now = start() + Duration::days(3660);
    let options = CalendarOptions {
        me: &me,
        zone: chrono_tz::Europe::Berlin,
        now,
    };
    let (mut reads, mut records, mut totals) = (Vec::new(), Vec::new(), Vec::new());
    let mut agains = Vec::new();
    let mut occurrences = 0;
    let mut touches = 0;
    for run in 0..RUNS {
        let store =
            Store::open(&dir.path().join(format!("bench-{run}.db"))).expect("a new database");
        people(&store);
        let begin = Instant::now();
        let read = read_calendar(&text, &options).expect("a calendar");
        let read_s = begin.elapsed().as_secs_f64();
        let recorded = store
            .record_meetings(&read.meetings, now)
            .expect("recorded");
        let total_s = begin.elapsed().as_secs_f64();
        occurrences = read.meetings.len();
        touches = recorded.touches_made;
        reads.push(read_s);
        records.push(total_s - read_s);
        totals.push(total_s);
        // What every sync does with a chosen calendar: read it all again.
        let begin = Instant::now();
        let read = read_calendar(&text, &options).expect("a calendar");
        let again = store
            .record_meetings(&read.meetings, now)
            .expect("recorded");
        agains.push(begin.elapsed().as_secs_f64());
        assert_eq!(again.touches_made + again.touches_changed, 0);
    }
    // Every event once, each series weekly up to now (the last ones run on
    // past it).
    let step = Duration::days(3650) / EVENTS as i32;
    let expected: usize = (0..EVENTS)
        .map(|i| {
            let at = start() + step * i as i32;
            if i % (EVENTS / SERIES) == 0 {
                (((now - at).num_seconds() / (7 * 86_400)) as usize + 1).min(52)
            } else {
                1
            }
        })
        .sum();
    assert_eq!(occurrences, expected);
    let json = format!(
        "{{\n  \"events\": {EVENTS},\n  \"series\": {SERIES},\n  \"fileBytes\": {},\n  \"occurrences\": {occurrences},\n  \"touchesMade\": {touches},\n  \"runs\": {RUNS},\n  \"readSecondsMedian\": {:.3},\n  \"recordSecondsMedian\": {:.3},\n  \"totalSecondsMedian\": {:.3},\n  \"readAgainSecondsMedian\": {:.3}\n}}\n",
        text.len(),
        median(reads),
        median(records),
        median(totals),
        median(agains)
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&out).expect("bench folder");
    std::fs::write(out.join("calendar.json"), &json).expect("figures written");
    print!("{json}");
}
