//! Dates that matter: a person's birthday and anniversary (with or without
//! the year) and named dates ("started at Northwind"), once or every year,
//! as pure functions: when each comes round, when its reminder is due, and
//! what the reminder says.
//!
//! - A yearly date on 29 February falls on 28 February in other years (as
//!   most people celebrate it, and as the iCalendar export writes it:
//!   `BYMONTHDAY=28,29;BYSETPOS=-1`).
//! - A reminder comes at the user's morning time (today's plan's time, else
//!   09:00) on the day, or a number of days before it set per kind (a
//!   birthday three days before, to send something).
//! - A date's reminder is claimed once per occurrence, keyed by the day it
//!   falls on ([`occurrence_key`]), so moving the reminder earlier or later
//!   never reminds twice.
//! - Nobody marked as deceased is reminded of (the store leaves them out).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::domain::{InputError, PersonId};
pub use crate::domain::{NamedDate, MAX_DAYS_BEFORE, MAX_WHAT_CHARS};
use crate::import::Birthday;
use crate::when::resolve_local;

/// A date's reminder comes at this local time when there is no morning
/// time set.
pub const DEFAULT_MORNING_HOUR: u32 = 9;

/// What kind of date it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateKind {
    Birthday,
    Anniversary,
    /// A date the user named; [`Occasion::subject_id`] is its row.
    Named,
}

impl DateKind {
    /// The reminder claim's subject (see migration 0017).
    pub fn subject(self) -> &'static str {
        match self {
            DateKind::Birthday => "birthday",
            DateKind::Anniversary => "anniversary",
            DateKind::Named => "date",
        }
    }

    pub fn from_subject(subject: &str) -> Option<DateKind> {
        match subject {
            "birthday" => Some(DateKind::Birthday),
            "anniversary" => Some(DateKind::Anniversary),
            "date" => Some(DateKind::Named),
            _ => None,
        }
    }
}

/// How many days before each kind of date its reminder comes (0: on the
/// day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DaysBefore {
    pub birthday: u32,
    pub anniversary: u32,
    pub named: u32,
}

impl DaysBefore {
    pub fn of(&self, kind: DateKind) -> u32 {
        match kind {
            DateKind::Birthday => self.birthday,
            DateKind::Anniversary => self.anniversary,
            DateKind::Named => self.named,
        }
    }
}

/// When a date's reminders come: days before per kind, at the morning time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateReminders {
    pub days_before: DaysBefore,
    pub morning: NaiveTime,
}

impl Default for DateReminders {
    fn default() -> Self {
        Self {
            days_before: DaysBefore::default(),
            morning: NaiveTime::from_hms_opt(DEFAULT_MORNING_HOUR, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl DateReminders {
    /// The instant the reminder of an occurrence on `day` is due.
    pub fn due_at(&self, kind: DateKind, day: NaiveDate, zone: Tz) -> DateTime<Utc> {
        let before = Days::new(u64::from(self.days_before.of(kind)));
        let on = day.checked_sub_days(before).unwrap_or(day);
        resolve_local(on.and_time(self.morning), zone)
    }
}

/// The day a yearly date on `month`/`day` falls on in `year`: itself, or
/// 28 February for 29 February outside leap years.
pub fn in_year(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).or_else(|| {
        (month == 2 && day == 29)
            .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .flatten()
    })
}

/// Reads a birthday or anniversary as typed: `MM-DD` or `--MM-DD` without
/// a year, `YYYY-MM-DD` with one.
pub fn parse_yearly(text: &str) -> Result<Birthday, InputError> {
    let text = text.trim();
    let bad = || InputError::BadDate(text.to_owned());
    if let Some((m, d)) = text
        .strip_prefix("--")
        .unwrap_or(text)
        .split_once('-')
        .filter(|_| text.len() <= 7)
    {
        return Birthday::new(
            None,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        )
        .ok_or_else(bad);
    }
    Birthday::parse(text).ok_or_else(bad)
}

/// One date of one person, as the scheduler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion {
    pub kind: DateKind,
    /// The person's id (birthday, anniversary) or the named date's.
    pub subject_id: i64,
    pub person: PersonId,
    pub person_name: String,
    /// The named date's text; empty for a birthday or anniversary.
    pub what: String,
    /// The year it began, when known.
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    /// Every year, or only in `year`.
    pub yearly: bool,
}

impl Occasion {
    /// Its occurrences on or after `from`, soonest first (at most `limit`).
    pub fn occurrences_from(&self, from: NaiveDate, limit: usize) -> Vec<NaiveDate> {
        if !self.yearly {
            return self
                .year
                .and_then(|y| NaiveDate::from_ymd_opt(y, self.month, self.day))
                .filter(|d| *d >= from)
                .into_iter()
                .collect();
        }
        let first_year = self.year.map_or(i32::MIN, |y| y);
        (from.year()..from.year().saturating_add(limit as i32 + 1))
            .filter(|y| *y >= first_year)
            .filter_map(|y| in_year(y, self.month, self.day))
            .filter(|d| *d >= from)
            .take(limit)
            .collect()
    }

    /// The reminder's text for the occurrence on `on`, seen on `today`:
    /// "Birthday today (turns 42)", "Anniversary in 3 days, Sat 14 Jun
    /// (10 years)", "Started at Northwind tomorrow, Mon 1 Mar (3 years)".
    pub fn what(&self, on: NaiveDate, today: NaiveDate) -> String {
        let name = match self.kind {
            DateKind::Birthday => "Birthday".to_owned(),
            DateKind::Anniversary => "Anniversary".to_owned(),
            DateKind::Named => self.what.clone(),
        };
        let when = match (on - today).num_days() {
            0 => "today".to_owned(),
            1 => format!("tomorrow, {}", on.format("%a %-d %b")),
            -1 => format!("yesterday, {}", on.format("%a %-d %b")),
            n if n > 1 => format!("in {n} days, {}", on.format("%a %-d %b")),
            _ => format!("on {}", on.format("%a %-d %b %Y")),
        };
        let years = self
            .year
            .filter(|_| self.yearly)
            .map(|y| on.year() - y)
            .filter(|n| *n > 0);
        match (self.kind, years) {
            (DateKind::Birthday, Some(n)) => format!("{name} {when} (turns {n})"),
            (_, Some(1)) => format!("{name} {when} (1 year)"),
            (_, Some(n)) => format!("{name} {when} ({n} years)"),
            (_, None) => format!("{name} {when}"),
        }
    }
}

/// The claim key of an occurrence: its day's midnight, UTC, in seconds
/// (the same whatever the zone or the reminder's time).
pub fn occurrence_key(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

/// The day an occurrence key names.
pub fn occurrence_day(key: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(key, 0).map(|t| t.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn birthday(year: Option<i32>, month: u32, day: u32) -> Occasion {
        Occasion {
            kind: DateKind::Birthday,
            subject_id: 1,
            person: PersonId(1),
            person_name: "Ada Lovelace".into(),
            what: String::new(),
            year,
            month,
            day,
            yearly: true,
        }
    }

    #[test]
    fn the_29th_of_february_falls_on_the_28th_in_other_years() {
        let leap = birthday(Some(2000), 2, 29);
        assert_eq!(
            leap.occurrences_from(ymd(2026, 1, 1), 3),
            vec![ymd(2026, 2, 28), ymd(2027, 2, 28), ymd(2028, 2, 29)]
        );
        // The day after the 28th in a common year: the next one is a year on.
        assert_eq!(
            leap.occurrences_from(ymd(2027, 3, 1), 1),
            vec![ymd(2028, 2, 29)]
        );
    }

    #[test]
    fn a_birthday_without_a_year_comes_every_year_and_never_says_an_age() {
        let b = birthday(None, 5, 14);
        assert_eq!(
            b.occurrences_from(ymd(2026, 5, 14), 2),
            vec![ymd(2026, 5, 14), ymd(2027, 5, 14)]
        );
        assert_eq!(b.what(ymd(2026, 5, 14), ymd(2026, 5, 14)), "Birthday today");
        let with_year = birthday(Some(1984), 5, 14);
        assert_eq!(
            with_year.what(ymd(2026, 5, 14), ymd(2026, 5, 11)),
            "Birthday in 3 days, Thu 14 May (turns 42)"
        );
    }

    #[test]
    fn a_yearly_date_starts_in_its_year_and_a_one_off_comes_once() {
        let started = Occasion {
            kind: DateKind::Named,
            what: "Started at Northwind".into(),
            ..birthday(Some(2027), 3, 1)
        };
        assert_eq!(
            started.occurrences_from(ymd(2026, 1, 1), 2),
            vec![ymd(2027, 3, 1), ymd(2028, 3, 1)]
        );
        assert_eq!(
            started.what(ymd(2030, 3, 1), ymd(2030, 2, 28)),
            "Started at Northwind tomorrow, Fri 1 Mar (3 years)"
        );
        let once = Occasion {
            yearly: false,
            ..started
        };
        assert_eq!(
            once.occurrences_from(ymd(2026, 1, 1), 5),
            vec![ymd(2027, 3, 1)]
        );
        assert!(once.occurrences_from(ymd(2027, 3, 2), 5).is_empty());
        assert_eq!(
            once.what(ymd(2027, 3, 1), ymd(2027, 3, 1)),
            "Started at Northwind today"
        );
    }

    #[test]
    fn a_reminder_comes_at_the_morning_time_its_days_before() {
        let zone: Tz = "Europe/Lisbon".parse().unwrap();
        let reminders = DateReminders {
            days_before: DaysBefore {
                birthday: 3,
                anniversary: 0,
                named: 1,
            },
            morning: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        };
        // Lisbon is on summer time (UTC+1) in May.
        assert_eq!(
            reminders.due_at(DateKind::Birthday, ymd(2026, 5, 14), zone),
            "2026-05-11T07:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            reminders.due_at(DateKind::Anniversary, ymd(2026, 12, 1), zone),
            "2026-12-01T08:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn dates_are_read_as_typed_or_refused() {
        assert_eq!(
            parse_yearly("05-14"),
            Ok(Birthday::new(None, 5, 14).unwrap())
        );
        assert_eq!(
            parse_yearly("--02-29"),
            Ok(Birthday::new(None, 2, 29).unwrap())
        );
        assert_eq!(
            parse_yearly("2019-06-01"),
            Ok(Birthday::new(Some(2019), 6, 1).unwrap())
        );
        for bad in [
            "",
            "13-01",
            "02-30",
            "2019-02-29",
            "May 14",
            "--05",
            "2019-6-1x",
        ] {
            assert_eq!(
                parse_yearly(bad),
                Err(InputError::BadDate(bad.into())),
                "{bad}"
            );
        }
        assert!(NamedDate::what("  ").is_err());
        assert_eq!(NamedDate::what("Moved\u{7}").unwrap(), "Moved");
        assert_eq!(
            NamedDate::what(" Moved to Lisbon ").unwrap(),
            "Moved to Lisbon"
        );
    }

    #[test]
    fn an_occurrence_key_names_its_day_whatever_the_zone() {
        let day = ymd(2026, 5, 14);
        assert_eq!(occurrence_day(occurrence_key(day)), Some(day));
    }
}
