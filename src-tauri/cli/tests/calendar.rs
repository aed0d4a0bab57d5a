//! The calendar export agrees with Kith: an independent iCalendar
//! implementation (Python's icalendar + recurring-ical-events, pinned in
//! `tests/calendar/requirements.txt` and installed by
//! `.ci/install-deps --test`) expands `kith export ics` over two years, and
//! its occurrences must be exactly `kith upcoming`'s — in zones with
//! daylight saving (a 30-minute shift on Lord Howe), on gap and fold days,
//! on month ends, floating and hourly.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use kith_testing::{calendar_python, succeeds, workspace};
use serde_json::Value;

const FROM: &str = "2027-01-01T00:00:00Z";
const TO: &str = "2029-01-01T00:00:00Z";

fn kith(db: &Path, args: &[&str]) -> String {
    succeeds(
        Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("KITH_DB")
            .env("TZ", "Europe/Berlin"),
    )
}

/// `(uid, when)`: a UTC instant, or `floating <local time>`.
type Occurrences = BTreeSet<(String, String)>;

fn expanded(ics: &Path, own_timezones: bool) -> Occurrences {
    let mut command = Command::new(calendar_python());
    command
        .arg(workspace().join("tests/calendar/expand.py"))
        .arg(ics)
        .args([FROM, TO]);
    if own_timezones {
        command.arg("--own-timezones");
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "expand.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .filter(|o| o["uid"].as_str().unwrap().starts_with("follow-up-"))
        .map(|o| {
            let when = match o["utc"].as_str() {
                Some(utc) => utc.to_owned(),
                None => format!("floating {}", o["floating"].as_str().unwrap()),
            };
            (o["uid"].as_str().unwrap().to_owned(), when)
        })
        .collect()
}

/// Kith's occurrences as an implementation that reads gap wall times with
/// the offset after the gap would place them, and how many that moves.
fn as_read_after_gaps(kiths: &Occurrences, series: &[(&str, &str, &str)]) -> (Occurrences, usize) {
    let mut moved = 0;
    let shifted = kiths
        .iter()
        .map(|(uid, when)| {
            let index: usize = uid["follow-up-".len()..uid.len() - "@kith".len()]
                .parse()
                .unwrap();
            let (due, zone, every) = series[index - 1];
            let (Ok(tz), false) = (zone.parse::<Tz>(), every.ends_with('h')) else {
                return (uid.clone(), when.clone());
            };
            let instant = DateTime::parse_from_rfc3339(when)
                .unwrap()
                .with_timezone(&Utc);
            let time = NaiveTime::parse_from_str(&due[11..], "%H:%M").unwrap();
            let wall = instant.with_timezone(&tz).date_naive().and_time(time);
            if tz.from_local_datetime(&wall).single().is_some()
                || tz.from_local_datetime(&wall).earliest().is_some()
            {
                return (uid.clone(), when.clone());
            }
            moved += 1;
            let after = tz.offset_from_utc_datetime(&instant.naive_utc()).fix();
            let read = Utc
                .from_utc_datetime(&(wall - Duration::seconds(i64::from(after.local_minus_utc()))));
            (uid.clone(), read.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        })
        .collect();
    (shifted, moved)
}

#[test]
fn an_independent_implementation_expands_the_calendar_to_exactly_kiths_occurrences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    kith(&db, &["add", "Ada Lovelace"]);
    let series: &[(&str, &str, &str)] = &[
        // Daily at times that fall in gaps and folds.
        ("2027-01-01 02:30", "Europe/Berlin", "1d"),
        ("2027-01-01 02:30", "America/New_York", "1d"),
        ("2027-01-01 01:30", "America/New_York", "1d"),
        ("2027-01-01 02:15", "Australia/Lord_Howe", "1d"),
        ("2027-01-01 01:45", "Australia/Lord_Howe", "1d"),
        // Month ends, clamped in shorter months.
        ("2027-01-31 09:00", "Europe/Berlin", "1m"),
        ("2027-01-30 09:00", "Europe/Berlin", "1m"),
        ("2027-01-29 09:00", "America/New_York", "1m"),
        ("2027-01-31 18:00", "Australia/Lord_Howe", "2m"),
        // Floating, weekly and hourly.
        ("2027-01-04 09:00", "floating", "1w"),
        ("2027-01-31 10:00", "floating", "1m"),
        ("2027-01-01 00:00", "Europe/Berlin", "7h"),
    ];
    for (due, zone, every) in series {
        kith(
            &db,
            &[
                "follow-up",
                "ada",
                "--due",
                due,
                "--tz",
                zone,
                "--every",
                every,
                "--what",
                "Check in",
            ],
        );
    }
    let ics = dir.path().join("kith.ics");
    kith(&db, &["export", "ics", "--out", ics.to_str().unwrap()]);
    // `upcoming` windows by when a reminder shows (quiet hours hold a
    // night-time one until the morning); ask a day more on each side and
    // keep the occurrences due in the window.
    let wider = [
        "--from",
        "2026-12-31T00:00:00Z",
        "--to",
        "2029-01-02T00:00:00Z",
    ];
    let planned: Value =
        serde_json::from_str(&kith(&db, &[&["upcoming", "--json"][..], &wider].concat())).unwrap();
    let kiths: Occurrences = planned
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| (FROM..TO).contains(&p["dueAt"].as_str().unwrap()))
        .filter_map(|p| {
            let id = p["followUpId"].as_i64()?;
            let when = if p["floating"].as_bool().unwrap() {
                format!("floating {}", p["local"].as_str().unwrap())
            } else {
                p["dueAt"].as_str().unwrap().to_owned()
            };
            Some((format!("follow-up-{id}@kith"), when))
        })
        .collect();
    // Two years of each: about 730 a day-series, 24 (or 12) a month-series,
    // 104 weekly, about 2,500 hourly.
    assert!(kiths.len() > 6_000, "{} occurrences", kiths.len());
    let report = |name: &str, theirs: &Occurrences| {
        let missing: Vec<_> = kiths.difference(theirs).take(10).collect();
        let extra: Vec<_> = theirs.difference(&kiths).take(10).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: Kith fires but the calendar lacks {missing:?}; the calendar has but Kith \
             does not fire {extra:?}"
        );
    };
    report("IANA zone names", &expanded(&ics, false));
    // Read through the file's own VTIMEZONEs, this implementation places a
    // wall time that falls in a spring-forward gap with the offset *after*
    // the gap (an hour, or on Lord Howe half an hour, early), where RFC 5545
    // (3.3.5) and its own IANA path use the offset before it. Everything
    // else must agree exactly; gap-day occurrences must differ by exactly
    // that rule, which shows the VTIMEZONE's transitions are right.
    let (read_after_gap, gap_days) = as_read_after_gaps(&kiths, series);
    assert!(gap_days >= 6, "the series cross {gap_days} gaps");
    let own = expanded(&ics, true);
    let missing: Vec<_> = read_after_gap.difference(&own).take(10).collect();
    let extra: Vec<_> = own.difference(&read_after_gap).take(10).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "own VTIMEZONEs: expected but missing {missing:?}; unexpected {extra:?}"
    );
    // The figures, for the record.
    let text = std::fs::read_to_string(&ics).unwrap();
    let figures = workspace().join("target/bench/calendar-check.json");
    std::fs::create_dir_all(figures.parent().unwrap()).unwrap();
    std::fs::write(
        figures,
        serde_json::json!({
            "series": series.len(),
            "occurrences_compared": kiths.len(),
            "window": [FROM, TO],
            "vtimezones": text.matches("BEGIN:VTIMEZONE").count(),
            "gap_day_occurrences": gap_days,
            "iana_names_path": "identical",
            "own_vtimezone_path": "identical apart from gap-day wall times, which this implementation reads with the offset after the gap",
            "implementation": "icalendar 7.3.2 + recurring-ical-events 3.8.2",
        })
        .to_string(),
    )
    .unwrap();
}

/// The person a date event's summary names: "Ada Lovelace's birthday",
/// "Started at Bletchley (Alan Turing)".
fn named_in(summary: &str) -> String {
    match summary.strip_suffix(')').and_then(|s| s.rsplit_once(" (")) {
        Some((_, name)) => name.to_owned(),
        None => summary
            .rsplit_once("'s ")
            .map_or(summary, |(name, _)| name)
            .to_owned(),
    }
}

#[test]
fn birthdays_and_dates_expand_to_the_days_kith_reminds_of() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    for name in [
        "Leap Year",
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Edsger Dijkstra",
    ] {
        kith(&db, &["add", name]);
    }
    kith(&db, &["date", "leap", "--birthday", "02-29"]);
    kith(&db, &["date", "ada", "--birthday", "1815-12-10"]);
    kith(&db, &["date", "grace", "--anniversary", "2020-02-29"]);
    kith(
        &db,
        &[
            "date",
            "alan",
            "--on",
            "2027-06-23",
            "--what",
            "Started at Bletchley",
            "--yearly",
        ],
    );
    kith(
        &db,
        &[
            "date",
            "edsger",
            "--on",
            "2028-03-01",
            "--what",
            "Moves to Austin",
        ],
    );
    let ics = dir.path().join("kith.ics");
    kith(&db, &["export", "ics", "--out", ics.to_str().unwrap()]);
    let out = Command::new(calendar_python())
        .arg(workspace().join("tests/calendar/expand.py"))
        .arg(&ics)
        .args([FROM, TO])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let theirs: BTreeSet<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| {
            Some((
                named_in(o["summary"].as_str()?),
                o["date"].as_str()?.to_owned(),
            ))
        })
        .collect();
    let planned: Value = serde_json::from_str(&kith(
        &db,
        &[
            "upcoming",
            "--json",
            "--from",
            "2026-12-31T00:00:00Z",
            "--to",
            "2029-01-02T00:00:00Z",
        ],
    ))
    .unwrap();
    let kiths: BTreeSet<(String, String)> = planned
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| (FROM..TO).contains(&p["dueAt"].as_str().unwrap()))
        .map(|p| {
            (
                p["personName"].as_str().unwrap().to_owned(),
                p["local"].as_str().unwrap()[..10].to_owned(),
            )
        })
        .collect();
    let day = |name: &str, date: &str| (name.to_owned(), date.to_owned());
    let expected: BTreeSet<(String, String)> = [
        // 29 February on the 28th in a common year, in the calendar too.
        day("Leap Year", "2027-02-28"),
        day("Leap Year", "2028-02-29"),
        day("Ada Lovelace", "2027-12-10"),
        day("Ada Lovelace", "2028-12-10"),
        day("Grace Hopper", "2027-02-28"),
        day("Grace Hopper", "2028-02-29"),
        day("Alan Turing", "2027-06-23"),
        day("Alan Turing", "2028-06-23"),
        day("Edsger Dijkstra", "2028-03-01"),
    ]
    .into_iter()
    .collect();
    assert_eq!(kiths, expected, "Kith's reminders");
    assert_eq!(
        theirs, expected,
        "the independent expansion of the calendar"
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"));
    assert!(
        text.contains("TRIGGER:PT9H0M"),
        "an alarm at the morning time"
    );
}
