//! What an import hands the store: validated contacts, one per source row,
//! or the reason a row was skipped. The parsers (the `kith-exchange`
//! crate) turn files into these; [`crate::Store::import`] matches them to
//! people and applies them in one transaction.

pub use crate::domain::Birthday;
use crate::domain::{InputError, PersonDraft, TouchSpec};

/// One source row that names a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Where in the file it came from (a line or record number), for the
    /// report.
    pub line: u64,
    /// The source and the row's own key there (`google`, `ada|analytical`),
    /// so the same row imported again finds the same person even without
    /// an e-mail, phone or profile.
    pub source_key: Option<(String, String)>,
    pub person: PersonDraft,
    pub birthday: Option<Birthday>,
    /// A wedding or other anniversary, like a birthday.
    pub anniversary: Option<Birthday>,
    /// Validated note texts.
    pub notes: Vec<String>,
    pub touches: Vec<TouchSpec>,
    /// The people the card says this one is tied to (vCard `RELATED`,
    /// Apple's related names, Google's relations).
    pub related: Vec<Related>,
    /// The card's photo (kept when the person has none yet).
    pub photo: Option<crate::photo::PhotoSource>,
}

impl Contact {
    /// `person` from `line` with `touches`, known in `source` by `key`, and
    /// nothing else (no dates, notes, ties or photo).
    pub fn with_touches(
        line: u64,
        key: Option<(&str, String)>,
        person: PersonDraft,
        touches: Vec<TouchSpec>,
    ) -> Contact {
        Contact {
            line,
            source_key: key.map(|(source, key)| (source.to_owned(), key)),
            person,
            birthday: None,
            anniversary: None,
            notes: Vec::new(),
            touches,
            related: Vec::new(),
            photo: None,
        }
    }
}

/// A tie a card names: what the other person is to this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub kind: crate::domain::LinkKind,
    /// Whether the other person is the link's `from` (see `LinkKind`).
    pub other_is_first: bool,
    pub other: RelatedRef,
}

/// Who the other person is: another card's `UID` (in the same file, an
/// earlier import or a synced address book), or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelatedRef {
    Uid(String),
    Name(String),
}

/// A row left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: u64,
    pub reason: String,
    /// The file it was in, when an import read several.
    pub file: Option<String>,
}

impl Skipped {
    pub fn new(line: u64, reason: impl Into<String>) -> Self {
        Self {
            line,
            reason: reason.into(),
            file: None,
        }
    }

    /// A row whose data Kith refused, with the refusal as the reason.
    pub fn invalid(line: u64, error: &InputError) -> Self {
        Self::new(line, error.to_string())
    }
}

/// What a parser yields for each row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Contact(Box<Contact>),
    Skipped(Skipped),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_with_and_without_a_year_round_trip() {
        let with = Birthday::new(Some(1815), 12, 10).unwrap();
        assert_eq!(with.to_text(), "1815-12-10");
        assert_eq!(Birthday::parse("1815-12-10"), Some(with));
        let without = Birthday::new(None, 2, 29).unwrap();
        assert_eq!(without.to_text(), "--02-29");
        assert_eq!(Birthday::parse("--02-29"), Some(without));
        assert_eq!(Birthday::new(Some(2023), 2, 29), None);
        assert_eq!(Birthday::new(None, 13, 1), None);
        assert_eq!(Birthday::parse("nonsense"), None);
    }
}
