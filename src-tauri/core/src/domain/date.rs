//! A person's named dates ("started at Northwind") and the bounds of the
//! dates that matter. When they come round is `crate::dates`.

use chrono::NaiveDate;

use super::{required_text, InputError};

/// The most days before a date its reminder may come.
pub const MAX_DAYS_BEFORE: u32 = 60;
/// The longest name of a named date, in characters.
pub const MAX_WHAT_CHARS: usize = 200;

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
