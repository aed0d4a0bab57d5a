//! Meetings read from calendar files shaped as Google Calendar, Outlook and
//! Apple Calendar export them (CRLF, folded lines, their own zone ids and
//! properties), checked occurrence by occurrence.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use kith_core::domain::MeetingWay;
use kith_exchange::meetings::{looks_like_calendar, read_calendar, CalendarOptions, MeetingSkip};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendars")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 0, 0, 0).unwrap()
}

fn read(name: &str) -> kith_exchange::meetings::CalendarRead {
    let me = vec!["Ada@Home.example".to_owned()];
    let options = CalendarOptions {
        me: &me,
        zone: chrono_tz::America::New_York,
        now: now(),
    };
    read_calendar(&fixture(name), &options).expect("a calendar")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn a_google_export_gives_each_past_occurrence_by_the_rules() {
    assert!(looks_like_calendar(fixture("google.ics").as_bytes()));
    let read = read("google.ics");
    assert_eq!(read.events, 7);
    let weekly: Vec<(String, DateTime<Utc>, bool)> = read
        .meetings
        .iter()
        .filter(|m| m.key.starts_with("1on1-maya@google.com/"))
        .map(|m| (m.key.clone(), m.at, m.counts))
        .collect();
    // Mondays at 10:00 in Berlin (09:00 UTC in winter, 08:00 in summer);
    // the 16th left out, the 23rd moved to Tuesday 14:00, the 9th cancelled.
    assert_eq!(
        weekly,
        [
            (
                "1on1-maya@google.com/20260202T090000Z".into(),
                at("2026-02-02T09:00:00Z"),
                true
            ),
            (
                "1on1-maya@google.com/20260209T090000Z".into(),
                at("2026-02-09T09:00:00Z"),
                true
            ),
            (
                "1on1-maya@google.com/20260223T090000Z".into(),
                at("2026-02-24T13:00:00Z"),
                true
            ),
            (
                "1on1-maya@google.com/20260302T090000Z".into(),
                at("2026-03-02T09:00:00Z"),
                true
            ),
            (
                "1on1-maya@google.com/20260309T090000Z".into(),
                at("2026-03-09T09:00:00Z"),
                false
            ),
            (
                "1on1-maya@google.com/20260316T090000Z".into(),
                at("2026-03-16T09:00:00Z"),
                true
            ),
            (
                "1on1-maya@google.com/20260323T090000Z".into(),
                at("2026-03-23T09:00:00Z"),
                true
            ),
            (
                "1on1-maya@google.com/20260330T080000Z".into(),
                at("2026-03-30T08:00:00Z"),
                true
            ),
        ]
    );
    let first = &read.meetings[0];
    assert_eq!(first.way, MeetingWay::Video);
    assert_eq!(first.title.as_deref(), Some("Ada / Maya 1:1"));
    let people: Vec<(&str, Option<&str>)> = first
        .people
        .iter()
        .map(|p| (p.address.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(people, [("maya@example.org", Some("Maya Lund"))]);

    let lunch = read
        .meetings
        .iter()
        .find(|m| m.key == "lunch-ola@google.com")
        .unwrap();
    assert!(lunch.counts);
    assert_eq!(lunch.way, MeetingWay::InPerson);
    let addresses: Vec<&str> = lunch.people.iter().map(|p| p.address.as_str()).collect();
    // The organizer once, the room not at all.
    assert_eq!(addresses, ["kai@berg.example", "ola@example.org"]);

    let counted = |key: &str| {
        read.meetings
            .iter()
            .find(|m| m.key == key)
            .map(|m| m.counts)
    };
    assert_eq!(counted("declined@google.com"), Some(false));
    assert_eq!(counted("allhands@google.com"), Some(false));
    assert_eq!(counted("focus@google.com"), Some(false));
    // An event in the next two days is read as ahead (Today's plan
    // prepares for it; it is a touch once it has begun).
    let ahead = read
        .meetings
        .iter()
        .find(|m| m.key == "ahead@google.com")
        .expect("a meeting ahead");
    assert!(ahead.at > now() && ahead.counts);
    assert_eq!(ahead.ends - ahead.at, chrono::Duration::minutes(30));
    assert_eq!(counted("dayoff@google.com"), None);
    let skipped: Vec<(MeetingSkip, u64)> = read.skipped.into_iter().collect();
    assert_eq!(
        skipped,
        [
            (MeetingSkip::AllDay, 1),
            (MeetingSkip::Cancelled, 1),
            (MeetingSkip::Declined, 1),
            (MeetingSkip::NoOneElse, 1),
            (MeetingSkip::TooMany, 1),
        ]
    );
}

#[test]
fn an_outlook_export_with_windows_zone_names_reads_its_teams_meeting() {
    let read = read("outlook.ics");
    assert_eq!(read.meetings.len(), 1);
    let planning = &read.meetings[0];
    assert!(planning.counts);
    // "W. Europe Standard Time" is Berlin: 10:00 CET.
    assert_eq!(planning.at, at("2026-03-11T09:00:00Z"));
    assert_eq!(planning.way, MeetingWay::Video);
    assert_eq!(planning.title.as_deref(), Some("Planning"));
    let people: Vec<(&str, Option<&str>)> = planning
        .people
        .iter()
        .map(|p| (p.address.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(people, [("maya@example.org", Some("Lund, Maya"))]);
    assert!(planning.key.starts_with("040000008200E000"));
}

#[test]
fn an_apple_export_reads_addresses_from_email_and_local_times_by_rfc_5545() {
    let read = read("apple.ics");
    let dinner = read
        .meetings
        .iter()
        .find(|m| m.title.as_deref() == Some("Dinner with Kai"))
        .unwrap();
    assert!(dinner.counts);
    assert_eq!(dinner.at, at("2026-03-12T17:00:00Z"));
    assert_eq!(dinner.way, MeetingWay::InPerson);
    assert_eq!(dinner.people[0].address, "kai@berg.example");
    // 02:30 on the night clocks go forward in Berlin does not exist: it is
    // read with the offset before the gap (02:30 CET, 01:30 UTC).
    let night = read
        .meetings
        .iter()
        .find(|m| m.title.as_deref() == Some("Night call with Ola"))
        .unwrap();
    assert_eq!(night.at, at("2026-03-29T01:30:00Z"));
    assert_eq!(night.way, MeetingWay::Unsaid);
}

#[test]
fn a_file_that_is_not_a_calendar_is_not_read() {
    let me: Vec<String> = Vec::new();
    let options = CalendarOptions {
        me: &me,
        zone: chrono_tz::UTC,
        now: now(),
    };
    assert!(!looks_like_calendar(b"BEGIN:VCARD\r\nVERSION:3.0\r\n"));
    assert!(read_calendar("BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", &options).is_none());
    // Unclosed, hostile or empty events are left out, not a crash.
    let odd = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:garbage\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let read = read_calendar(odd, &options).unwrap();
    assert!(read.meetings.is_empty());
    assert_eq!(read.skipped.get(&MeetingSkip::Unreadable), Some(&2));
}

#[test]
fn an_independent_implementation_finds_the_same_past_occurrences() {
    let script = kith_testing::workspace().join("tests/calendar/expand.py");
    for name in ["google.ics", "outlook.ics", "apple.ics"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/calendars")
            .join(name);
        let out = kith_testing::succeeds(
            std::process::Command::new(kith_testing::calendar_python())
                .arg(&script)
                .arg(&path)
                .arg("2025-01-01T00:00:00Z")
                // Now, and the two days read ahead.
                .arg("2026-04-02T00:00:00Z"),
        );
        let theirs: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        let mut theirs: Vec<(String, String)> = theirs
            .iter()
            .filter_map(|o| Some((o["uid"].as_str()?.to_owned(), o["utc"].as_str()?.to_owned())))
            .collect();
        theirs.sort();
        let mut ours: Vec<(String, String)> = read(name)
            .meetings
            .iter()
            .map(|m| {
                let uid = m.key.split('/').next().unwrap().to_owned();
                (uid, m.at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            })
            .collect();
        ours.sort();
        assert!(!ours.is_empty(), "{name}");
        assert_eq!(ours, theirs, "{name}");
    }
}

#[test]
fn a_hostile_calendar_cannot_make_millions_of_occurrences() {
    let mut text = String::from("BEGIN:VCALENDAR\r\n");
    for i in 0..40 {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:x{i}\r\nDTSTART:20000101T000000Z\r\nRRULE:FREQ=DAILY\r\nATTENDEE:mailto:kai@example.org\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("BEGIN:VEVENT\r\nUID:s\r\nDTSTART:20250101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nATTENDEE:mailto:kai@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let me = vec!["ada@home.example".to_owned()];
    let options = CalendarOptions {
        me: &me,
        zone: chrono_tz::UTC,
        now: now(),
    };
    let read = read_calendar(&text, &options).unwrap();
    // Each daily series gives at most 20,000; the file stops at 250,000;
    // a series by the second is not a meeting series.
    assert!(
        read.meetings.len() <= 250_000 + 20_000,
        "{}",
        read.meetings.len()
    );
    assert!(read.meetings.len() >= 200_000, "{}", read.meetings.len());
    assert!(read.unread_rules >= 1);
    let secondly = read
        .meetings
        .iter()
        .filter(|m| m.key.starts_with("s/"))
        .count();
    assert_eq!(secondly, 1);
}

#[test]
fn an_end_comes_from_dtend_or_duration_and_nothing_past_two_days_ahead_is_read() {
    let me = vec!["ada@home.example".to_owned()];
    let options = CalendarOptions {
        me: &me,
        zone: chrono_tz::UTC,
        now: now(),
    };
    let event = |uid: &str, start: &str, end: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\n{end}\r\n\
             ATTENDEE:mailto:maya@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@home.example\r\n\
             END:VEVENT\r\n"
        )
    };
    let text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}{}{}{}END:VCALENDAR\r\n",
        event("dur", "20260330T100000Z", "DURATION:PT1H30M"),
        event("week", "20260329T100000Z", "DURATION:P1W"),
        event("none", "20260330T120000Z", "X-NOTHING:1"),
        event("bad", "20260330T140000Z", "DURATION:1H"),
        event("far", "20260402T090000Z", "DURATION:PT1H"),
    );
    let read = read_calendar(&text, &options).unwrap();
    let length = |key: &str| {
        read.meetings
            .iter()
            .find(|m| m.key == key)
            .map(|m| (m.ends - m.at).num_minutes())
    };
    assert_eq!(length("dur"), Some(90));
    // A week-long event is taken to last a day at most.
    assert_eq!(length("week"), Some(24 * 60));
    assert_eq!(length("none"), Some(0));
    assert_eq!(length("bad"), Some(0));
    assert_eq!(length("far"), None, "past the two days read ahead");
}
