//! A person's named dates ("started at Northwind") and the bounds of the
//! dates that matter. When they come round is `crate::dates`.

use chrono::{Datelike, NaiveDate};

use super::{required_text, InputError};

/// The most days before a date its reminder may come.
pub const MAX_DAYS_BEFORE: u32 = 60;
/// The longest name of a named date, in characters.
pub const MAX_WHAT_CHARS: usize = 200;

/// A birthday, with or without the year (Apple's `X-APPLE-OMIT-YEAR`,
/// vCard's `--MMDD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl Birthday {
    /// A valid date (29 February only in a leap year, or with no year).
    pub fn new(year: Option<i32>, month: u32, day: u32) -> Option<Birthday> {
        let probe_year = year.unwrap_or(2000);
        if !(1..=9999).contains(&probe_year) {
            return None;
        }
        NaiveDate::from_ymd_opt(probe_year, month, day)?;
        Some(Birthday { year, month, day })
    }

    /// `YYYY-MM-DD`, or `--MM-DD` without a year.
    pub fn to_text(self) -> String {
        match self.year {
            Some(y) => format!("{y:04}-{:02}-{:02}", self.month, self.day),
            None => format!("--{:02}-{:02}", self.month, self.day),
        }
    }

    /// Reads what [`Birthday::to_text`] writes.
    pub fn parse(text: &str) -> Option<Birthday> {
        if let Some(rest) = text.strip_prefix("--") {
            let (m, d) = rest.split_once('-')?;
            return Birthday::new(None, m.parse().ok()?, d.parse().ok()?);
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        Birthday::new(Some(date.year()), date.month(), date.day())
    }
}

/// A named date, as the person page and `kith date --on` give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDate {
    pub id: i64,
    pub what: String,
    pub on: NaiveDate,
    pub yearly: bool,
}

impl NamedDate {
    /// Validates a named date's text.
    pub fn what(text: &str) -> Result<String, InputError> {
        required_text(text, "what the date is", MAX_WHAT_CHARS)
    }
}
