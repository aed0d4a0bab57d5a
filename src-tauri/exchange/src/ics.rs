//! Follow-ups and keep-in-touch dates as iCalendar (RFC 5545), written so
//! that every calendar app shows each occurrence when Kith fires it.
//!
//! - A follow-up pinned to a zone is `DTSTART;TZID=<IANA zone>:<local
//!   time>`, with a `VTIMEZONE` for each zone used, built from the tz
//!   database and covering the series (from a year before its start to the
//!   export's horizon), so an app that ignores IANA names reads the same
//!   offsets. Kith resolves local times by RFC 5545's rules
//!   ([`kith_core::when`]), so the two agree on gap and fold days too.
//! - A floating follow-up is floating local time (no `TZID`, no `Z`).
//! - An hourly series is a fixed step in time, so it is written in UTC.
//! - A monthly series anchored on the 29th–31st is written with a rule that
//!   gives the day Kith clamps to in shorter months: `BYMONTHDAY=-1` for the
//!   31st, `BYMONTHDAY=28,29,30;BYSETPOS=-1` for the 30th,
//!   `BYMONTHDAY=28,29;BYSETPOS=-1` for the 29th.
//! - Birthdays, anniversaries and named dates are all-day events, yearly
//!   ones with `RRULE:FREQ=YEARLY` (29 February with
//!   `BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1`, the 28th in common years, as
//!   Kith reminds of it), each with an alarm at Kith's reminder time: the
//!   morning time, the set number of days before.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use kith_core::dates::{DateKind, DateReminders, Occasion};
use kith_core::domain::{Repeat, RepeatUnit};
use kith_core::store::Series;
use kith_core::when::Zone;
use kith_core::Store;

use crate::content::{escape, fold};
use crate::ExchangeError;

/// How far ahead the calendar covers: open series repeat forever, and the
/// time zones are written out to here.
const HORIZON_DAYS: i64 = 3650;

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(local: NaiveDateTime) -> String {
    local.format("%Y%m%dT%H%M%S").to_string()
}

/// `+0100`, `-0330`, or with seconds where the offset has them.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// The recurrence rule Kith's repeat corresponds to, for a series anchored
/// on `anchor_day` (the day of the month of its first occurrence).
pub fn rrule(repeat: Repeat, anchor_day: u32) -> String {
    let every = repeat.every;
    match repeat.unit {
        RepeatUnit::Hour => format!("RRULE:FREQ=HOURLY;INTERVAL={every}"),
        RepeatUnit::Day => format!("RRULE:FREQ=DAILY;INTERVAL={every}"),
        RepeatUnit::Week => format!("RRULE:FREQ=WEEKLY;INTERVAL={every}"),
        RepeatUnit::Month => match anchor_day {
            31 => format!("RRULE:FREQ=MONTHLY;INTERVAL={every};BYMONTHDAY=-1"),
            29 | 30 => {
                let days = (28..=anchor_day)
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                format!("RRULE:FREQ=MONTHLY;INTERVAL={every};BYMONTHDAY={days};BYSETPOS=-1")
            }
            _ => format!("RRULE:FREQ=MONTHLY;INTERVAL={every}"),
        },
    }
}

/// One change of a zone's offset.
struct Transition {
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    name: String,
    dst: bool,
}

fn offset_at(tz: Tz, at: DateTime<Utc>) -> (i32, String, bool) {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    (
        offset.fix().local_minus_utc(),
        offset.abbreviation().unwrap_or("").to_owned(),
        !offset.dst_offset().is_zero(),
    )
}

/// The zone's transitions between `from` and `to`: scanned hour by hour,
/// each pinned to its second by bisection (the tz database changes offsets
/// on whole seconds, never twice within an hour).
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut at = from;
    let mut before = offset_at(tz, at);
    while at < to {
        let next = at + Duration::hours(1);
        let after = offset_at(tz, next);
        if after != before {
            let (mut lo, mut hi) = (at, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let onset = offset_at(tz, hi);
            // A change of name alone (no new offset) is no transition for
            // a calendar; keep it only if the offset moves.
            if onset.0 != before.0 || onset.2 != before.2 {
                found.push(Transition {
                    at: hi,
                    from: before.0,
                    to: onset.0,
                    name: onset.1.clone(),
                    dst: onset.2,
                });
            }
            before = onset;
        }
        at = next;
    }
    found
}

/// A `VTIMEZONE` for `tz` valid from `from` to `to`: the offset in force at
/// `from`, then each transition as its own observance.
pub fn vtimezone(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{}", tz.name())];
    let mut observance =
        |kind: &str, onset_local: NaiveDateTime, from: i32, to: i32, name: &str| {
            lines.push(format!("BEGIN:{kind}"));
            lines.push(format!("DTSTART:{}", local_stamp(onset_local)));
            lines.push(format!("TZOFFSETFROM:{}", utc_offset(from)));
            lines.push(format!("TZOFFSETTO:{}", utc_offset(to)));
            if !name.is_empty() {
                lines.push(format!("TZNAME:{}", escape(name)));
            }
            lines.push(format!("END:{kind}"));
        };
    let (offset, name, dst) = offset_at(tz, from);
    let kind = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    let start_local = from.naive_utc() + Duration::seconds(i64::from(offset));
    observance(kind(dst), start_local, offset, offset, &name);
    for t in transitions(tz, from, to) {
        // An observance starts at the local time of the onset as read with
        // the offset before it (RFC 5545, 3.6.5).
        let onset_local = t.at.naive_utc() + Duration::seconds(i64::from(t.from));
        observance(kind(t.dst), onset_local, t.from, t.to, &t.name);
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// An event's start: zone-pinned local time, floating local time, or UTC
/// for an hourly series.
fn start_of(series: &Series) -> String {
    let f = &series.follow_up;
    let hourly = f.repeat.is_some_and(|r| r.unit == RepeatUnit::Hour);
    match f.due.zone {
        _ if hourly => format!("DTSTART:{}", stamp(f.due_at)),
        Zone::Fixed(tz) => format!("DTSTART;TZID={}:{}", tz.name(), local_stamp(f.due.local)),
        Zone::Floating => format!("DTSTART:{}", local_stamp(f.due.local)),
    }
}

/// A birthday, anniversary or named date as an all-day event (yearly, or
/// on its one day), with an alarm when Kith reminds of it.
fn date_event(occasion: &Occasion, reminders: &DateReminders, now: DateTime<Utc>) -> Vec<String> {
    let leap_day = occasion.month == 2 && occasion.day == 29;
    // A date without a year starts in a leap year, so 29 February is one.
    let year = occasion.year.unwrap_or(2000);
    let summary = match occasion.kind {
        DateKind::Birthday => format!("{}'s birthday", occasion.person_name),
        DateKind::Anniversary => format!("{}'s anniversary", occasion.person_name),
        DateKind::Named => format!("{} ({})", occasion.what, occasion.person_name),
    };
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!(
            "UID:{}-{}@kith",
            occasion.kind.subject(),
            occasion.subject_id
        ),
        format!("DTSTAMP:{}", stamp(now)),
        format!(
            "DTSTART;VALUE=DATE:{year:04}{:02}{:02}",
            occasion.month, occasion.day
        ),
    ];
    if occasion.yearly {
        lines.push(if leap_day {
            "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1".to_owned()
        } else {
            "RRULE:FREQ=YEARLY".to_owned()
        });
    }
    lines.extend([
        format!("SUMMARY:{}", escape(&summary)),
        "TRANSP:TRANSPARENT".to_owned(),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(&summary)),
        format!(
            "TRIGGER:{}",
            trigger(reminders.days_before.of(occasion.kind), reminders.morning)
        ),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
    ]);
    lines
}

/// An all-day event's alarm `days` before its day at `time`, as an
/// iCalendar duration from the day's start: `PT9H`, `-P2DT15H`.
fn trigger(days: u32, time: NaiveTime) -> String {
    let minutes = i64::from(time.num_seconds_from_midnight() / 60) - i64::from(days) * 1440;
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    let (d, h, min) = (m / 1440, m / 60 % 24, m % 60);
    let days = if d > 0 {
        format!("{d}D")
    } else {
        String::new()
    };
    format!("{sign}P{days}T{h}H{min}M")
}

/// Open follow-ups (with their repeat rule), the next keep-in-touch dates,
/// birthdays, anniversaries and named dates, each an event with an alarm
/// at its time.
pub fn ics_export(store: &Store, now: DateTime<Utc>, zone: Tz) -> Result<String, ExchangeError> {
    let far = now + Duration::days(HORIZON_DAYS);
    let series = store.open_series()?;
    let mut events: Vec<String> = Vec::new();
    let mut event =
        |uid: String, start: String, summary: String, description: String, rule: Option<String>| {
            events.push("BEGIN:VEVENT".into());
            events.push(format!("UID:{uid}"));
            events.push(format!("DTSTAMP:{}", stamp(now)));
            events.push(start);
            events.push("DURATION:PT15M".into());
            events.push(format!("SUMMARY:{}", escape(&summary)));
            events.push(format!("DESCRIPTION:{}", escape(&description)));
            if let Some(rule) = rule {
                events.push(rule);
            }
            events.push("BEGIN:VALARM".into());
            events.push("ACTION:DISPLAY".into());
            events.push(format!("DESCRIPTION:{}", escape(&summary)));
            events.push("TRIGGER:PT0M".into());
            events.push("END:VALARM".into());
            events.push("END:VEVENT".into());
        };
    // Each zone's table covers every series pinned to it, from a year
    // before the earliest start to the horizon.
    let mut zones: BTreeSet<&'static str> = BTreeSet::new();
    let mut earliest = now;
    let deceased = store.deceased_people()?;
    for s in series
        .iter()
        .filter(|s| s.follow_up.due_at <= far && !deceased.contains(&s.follow_up.person))
    {
        let f = &s.follow_up;
        let hourly = f.repeat.is_some_and(|r| r.unit == RepeatUnit::Hour);
        if let (Zone::Fixed(tz), false) = (f.due.zone, hourly) {
            zones.insert(tz.name());
            earliest = earliest.min(f.due_at);
        }
        event(
            format!("follow-up-{}@kith", f.id),
            start_of(s),
            format!("Follow up with {}", f.person_name),
            f.reminder_text(),
            f.repeat.map(|r| rrule(r, s.anchor.local.day())),
        );
    }
    for k in store.keep_in_touch_due(far, zone)? {
        event(
            format!("keep-in-touch-{}@kith", k.person),
            format!("DTSTART:{}", stamp(k.due_at)),
            format!("Keep in touch with {}", k.person_name),
            k.what(now),
            None,
        );
    }
    let reminders = store.settings()?.date_reminders();
    for occasion in store.occasions()? {
        events.extend(date_event(&occasion, &reminders, now));
    }
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Kith//Kith//EN".into(),
        "CALSCALE:GREGORIAN".into(),
    ];
    let cover_from = earliest - Duration::days(366);
    for name in zones {
        if let Ok(tz) = name.parse::<Tz>() {
            lines.extend(vtimezone(tz, cover_from, far));
        }
    }
    lines.extend(events);
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dates_alarm_is_its_reminder_time_from_the_days_start() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(trigger(0, nine), "PT9H0M");
        assert_eq!(trigger(3, nine), "-P2DT15H0M");
        assert_eq!(
            trigger(1, NaiveTime::from_hms_opt(7, 30, 0).unwrap()),
            "-PT16H30M"
        );
    }
    use rstest::rstest;

    #[rstest]
    #[case("1h", 5, "RRULE:FREQ=HOURLY;INTERVAL=1")]
    #[case("2w", 5, "RRULE:FREQ=WEEKLY;INTERVAL=2")]
    #[case("1m", 28, "RRULE:FREQ=MONTHLY;INTERVAL=1")]
    #[case("1m", 29, "RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=28,29;BYSETPOS=-1")]
    #[case(
        "3m",
        30,
        "RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29,30;BYSETPOS=-1"
    )]
    #[case("1m", 31, "RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1")]
    fn repeats_become_rules_that_clamp_like_kith(
        #[case] repeat: &str,
        #[case] day: u32,
        #[case] expected: &str,
    ) {
        assert_eq!(rrule(Repeat::parse(repeat).unwrap(), day), expected);
    }

    #[test]
    fn a_zone_table_lists_each_transition_with_its_offsets() {
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let berlin = vtimezone(chrono_tz::Europe::Berlin, from, to).join("\n");
        assert!(berlin.contains(
            "BEGIN:DAYLIGHT\nDTSTART:20260329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT"
        ), "{berlin}");
        assert!(berlin.contains(
            "BEGIN:STANDARD\nDTSTART:20261025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD"
        ), "{berlin}");
        let lord_howe = vtimezone(chrono_tz::Australia::Lord_Howe, from, to).join("\n");
        assert!(
            lord_howe.contains("DTSTART:20261004T020000\nTZOFFSETFROM:+1030\nTZOFFSETTO:+1100"),
            "{lord_howe}"
        );
        let tokyo = vtimezone(chrono_tz::Asia::Tokyo, from, to);
        assert_eq!(
            tokyo
                .iter()
                .filter(|l| l.starts_with("BEGIN:STANDARD"))
                .count(),
            1
        );
    }
}
