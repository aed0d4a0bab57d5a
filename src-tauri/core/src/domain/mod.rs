//! The nouns of PRODUCT.md's glossary: people, their identities, touches and
//! follow-ups, with the validation that turns raw input into them.
//!
//! Input from anywhere (the window, the command line, later imports) passes
//! through these constructors; nothing unvalidated reaches the store.

mod chat;
mod date;
mod follow_up;
mod helping;
mod link;
mod mail;
mod meeting;
mod person;
mod phone;
mod standing;
mod touch;
pub mod when;

pub use chat::{ChatTouch, MAX_CHAT_MEMBERS};
pub use date::{Birthday, NamedDate, MAX_DAYS_BEFORE, MAX_WHAT_CHARS};
pub use follow_up::{FollowUp, FollowUpDraft, FollowUpSpec, FollowUpStatus, Repeat, RepeatUnit};
pub use helping::{
    HelpDirection, HelpEntry, IntroStatus, IntroStep, Introduction, Ledger, Need, NeedDraft,
    NeedSpec, Outcome, Side, Topic, MAX_ASK_TAGS,
};
pub use link::{
    met_through, note_and_since, related_kind, related_type, Link, LinkDraft, LinkKind, MyTie,
};
pub use mail::{
    MailDirection, MailDraft, MailFilters, MailParty, PartyRole, MAX_FILTERS, MAX_KEY_BYTES,
    MAX_SUBJECT_CHARS,
};
pub use meeting::{
    MeetingDraft, MeetingParty, MeetingWay, MAX_MEETING_KEY_BYTES, MAX_MEETING_PEOPLE,
};
pub use person::{
    linkedin_slug, Identity, IdentityKind, Note, Person, PersonBundle, PersonDraft, PersonSummary,
};
pub use phone::{is_national, phone_key, phone_key_in, Country, MIN_PHONE_DIGITS, PHONE_TEXT};
pub use standing::{Health, Stage};
pub use touch::{Channel, Direction, Touch, TouchDraft, TouchKind, TouchSpec};

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A person's row id.
    PersonId
);
id_type!(
    /// A touch's row id.
    TouchId
);
id_type!(
    /// A follow-up's row id.
    FollowUpId
);
id_type!(
    /// A note's row id.
    NoteId
);
id_type!(
    /// A topic's row id.
    TopicId
);
id_type!(
    /// An ask's or offer's row id.
    NeedId
);
id_type!(
    /// An introduction's row id.
    IntroId
);
id_type!(
    /// A reply template's row id.
    TemplateId
);
id_type!(
    /// A merge's row id (what undoing it takes).
    MergeId
);
id_type!(
    /// A claimed reminder's row id.
    ReminderId
);

/// Longest display name we accept; longer input is a paste accident.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest short text field (company, role, summary, what to follow up on).
pub const MAX_SHORT_CHARS: usize = 1_000;
/// Longest long text (a note).
pub const MAX_LONG_CHARS: usize = 100_000;
/// Most tags on one person.
pub const MAX_TAGS: usize = 50;
/// Longest keep-in-touch cadence, in days (ten years).
pub const MAX_CADENCE_DAYS: u32 = 3_650;

/// Why a piece of input was refused. Each message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("a name is required")]
    EmptyName,
    #[error("{field} is too long ({len} characters; at most {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("unknown touch kind '{0}' (use one of: {list})", list = TouchKind::names())]
    UnknownKind(String),
    #[error("unknown channel '{0}' (use one of: {list})", list = Channel::names())]
    UnknownChannel(String),
    #[error("unknown direction '{0}' (use one of: out, in, mutual)")]
    UnknownDirection(String),
    #[error("unknown identity kind '{0}' (use one of: {list})", list = IdentityKind::names())]
    UnknownIdentityKind(String),
    #[error("'{value}' is not a valid {kind}")]
    BadIdentity { kind: &'static str, value: String },
    #[error("'{0}' is not a time Kith understands (use RFC 3339, like 2026-03-01T09:00:00+01:00, or a local 'YYYY-MM-DD HH:MM')")]
    BadTime(String),
    #[error("'{0}' is not a known time zone (use an IANA name like Europe/Berlin, or 'floating')")]
    UnknownZone(String),
    #[error("'{0}' is not a repeat rule (use Nh, Nd, Nw or Nm, like 2w)")]
    BadRepeat(String),
    #[error("the cadence must be between 1 and {max} days", max = MAX_CADENCE_DAYS)]
    BadCadence,
    #[error("at most {max} tags per person", max = MAX_TAGS)]
    TooManyTags,
    #[error("a person cannot be introduced by themselves")]
    SelfIntroduction,
    #[error("unknown stage '{0}' (use one of: connected, acknowledged, engaged, in-conversation, relationship, trusted)")]
    UnknownStage(String),
    #[error("unknown health '{0}' (use one of: warm, cooling, cold)")]
    UnknownHealth(String),
    #[error("unknown order '{0}' (use one of: name, recent, stage, attention)")]
    UnknownOrder(String),
    #[error("unknown side '{0}' (use ask or offer)")]
    UnknownSide(String),
    #[error("unknown outcome '{0}' (use one of: {list})", list = Outcome::names())]
    UnknownOutcome(String),
    #[error("unknown introduction status '{0}'")]
    UnknownIntroStatus(String),
    #[error("unknown help direction '{0}' (use given or received)")]
    UnknownHelpDirection(String),
    #[error("the export cannot be restored: {0}")]
    BadDump(String),
    #[error("a person cannot be merged with themselves")]
    SelfMerge,
    #[error("a link is between two different people")]
    SelfLink,
    #[error("they are not linked so (`kith links PERSON` lists their links)")]
    NotLinked,
    #[error("unknown link kind '{0}' (use one of: partner, parent, sibling, family, friend, colleague, manager, mentor, introduced, met-through, introduced-by-you)")]
    UnknownLinkKind(String),
    #[error("unknown tie '{0}' (what they are to you: partner, parent, child, sibling, family, friend, colleague, manager, report, mentor, mentee)")]
    UnknownMyTie(String),
    #[error("an introduction or a meeting through someone is between two other people, not you")]
    NoSuchTieWithYou,
    #[error("they have no identity '{0}' (`kith show` lists each with its id)")]
    NoSuchIdentity(String),
    #[error("choose at least one identity, note, touch or follow-up to move to the new person")]
    EmptySplit,
    #[error("{what} {id} is not theirs; choose from the person's own")]
    NotTheirs { what: &'static str, id: i64 },
    #[error("that split was already undone")]
    SplitUndone,
    #[error("they are not in today's plan (`kith plan` lists it)")]
    NotInPlan,
    #[error("'{0}' is not an e-mail address, and no chat has days with them waiting (`kith suggested` lists who)")]
    NotSuggested(String),
    #[error("today's plan holds 1 to 10 people")]
    BadPlanSize,
    #[error("the welcome window is 1 to 365 days")]
    BadWelcomeDays,
    #[error("the backup folder '{0}' must be a whole path (or `default`)")]
    BadBackupDir(String),
    #[error("'{0}' is not on or off")]
    BadSwitch(String),
    #[error("'{0}' is not a country's two-letter code (DE, GB, US…), or `none`")]
    BadCountry(String),
    #[error("a photo's link is a web address (https://…); '{0}' is not")]
    BadPhotoLink(String),
    /// A photo that could not be taken (see `crate::photo`), and why.
    #[error("{0}")]
    BadPhoto(String),
    #[error("the database is already encrypted")]
    AlreadyEncrypted,
    #[error("the database is not encrypted")]
    NotEncrypted,
    #[error("that merge was already undone")]
    AlreadyUndone,
    #[error(
        "that merge can no longer be undone: someone added since took the merged person's place"
    )]
    MergeIdReused,
    #[error("an introduction needs two different people")]
    IntroToSelf,
    #[error("#{0} is an offer: who can help is found for an ask")]
    NotAnAsk(i64),
    #[error("this introduction is at \"{status}\"; its next step is {next}")]
    IntroOutOfOrder {
        status: &'static str,
        next: &'static str,
    },
    #[error("'{0}' is not a valid snooze (it must move the follow-up into the future)")]
    BadSnooze(String),
    #[error("'{0}' is not a date Kith understands (use MM-DD without a year, or YYYY-MM-DD)")]
    BadDate(String),
    #[error("a date's reminder comes 0 to {max} days before it", max = MAX_DAYS_BEFORE)]
    BadDaysBefore,
    #[error("they have no date {0} (`kith show` lists each with its id)")]
    NoSuchDate(i64),
    #[error("'{0}' is not an address, local part or domain (no spaces)")]
    BadFilter(String),
    #[error("'{0}' is not an e-mail address")]
    BadAddress(String),
    #[error("a mail account is set up already ({0}); `kith mail remove` it first")]
    MailAccountExists(String),
}

/// Drops control characters (keeping line breaks and tabs), which have no
/// place in stored text and would make "blank" text look present.
fn without_controls(value: &str) -> std::borrow::Cow<'_, str> {
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        value
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect::<String>()
            .into()
    } else {
        value.into()
    }
}

/// Trims `value` and checks its length; `None` when it is blank.
pub(crate) fn optional_text(
    value: Option<&str>,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, InputError> {
    let Some(value) = value.map(without_controls) else {
        return Ok(None);
    };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    check_len(value, field, max)?;
    Ok(Some(value.to_owned()))
}

/// Trims `value` and checks it is present and not too long.
pub fn required_text(value: &str, field: &'static str, max: usize) -> Result<String, InputError> {
    let value = without_controls(value);
    let value = value.trim();
    if value.is_empty() {
        return Err(InputError::Empty { field });
    }
    check_len(value, field, max)?;
    Ok(value.to_owned())
}

fn check_len(value: &str, field: &'static str, max: usize) -> Result<(), InputError> {
    let len = value.chars().count();
    if len > max {
        return Err(InputError::TooLong { field, len, max });
    }
    Ok(())
}

/// Declares a closed set of identifiers shared by the database, the IPC,
/// the command line and exports, with parsing and listing in one place.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $error:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The identifier used in storage, IPC, the CLI and exports.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The accepted identifiers, comma-separated, for messages.
            pub fn names() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::InputError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::domain::InputError::$error(s.to_owned()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_round_trips_every_identifier() {
        for kind in TouchKind::ALL {
            assert_eq!(kind.as_str().parse::<TouchKind>(), Ok(*kind));
        }
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(*channel));
        }
        for direction in Direction::ALL {
            assert_eq!(direction.as_str().parse::<Direction>(), Ok(*direction));
        }
    }

    #[test]
    fn unknown_identifiers_name_the_choices() {
        let err = "tweet".parse::<TouchKind>().unwrap_err();
        assert!(err.to_string().contains("comment"), "{err}");
        assert!("IN-PERSON".parse::<Channel>().is_ok());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(optional_text(Some("  "), "role", 5), Ok(None));
        assert_eq!(
            optional_text(Some(" cto "), "role", 5),
            Ok(Some("cto".into()))
        );
        assert!(matches!(
            required_text("abcdef", "role", 5),
            Err(InputError::TooLong { len: 6, .. })
        ));
        // Control characters alone are blank.
        assert_eq!(optional_text(Some("\u{0}\u{1}"), "role", 5), Ok(None));
        assert!(matches!(
            required_text("\u{0} \u{7}", "name", 5),
            Err(InputError::Empty { .. })
        ));
        assert_eq!(required_text("A\u{0}da", "name", 5), Ok("Ada".into()));
    }
}
