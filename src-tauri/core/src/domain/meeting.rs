//! Meetings as the touch log sees them: one occurrence of a calendar event,
//! already read by `kith-exchange`'s rules, with the people on it other
//! than the user. Every field comes from a calendar anyone could have
//! written, so the constructors bound and clean what they keep.

use chrono::{DateTime, Utc};

use super::mail::{address_and_name, bounded, MAX_SUBJECT_CHARS};
use super::{Channel, TouchKind};

/// Longest occurrence key kept as it is; a longer one is hashed by the
/// reader.
pub const MAX_MEETING_KEY_BYTES: usize = 600;

/// Most people on a meeting that still counts as a touch with each (a
/// larger one is a talk or an all-hands, not a conversation).
pub const MAX_MEETING_PEOPLE: usize = 8;

/// Someone other than the user on a meeting.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MeetingParty {
    /// Lower-cased, as an e-mail identity's key.
    pub address: String,
    pub name: Option<String>,
}

impl MeetingParty {
    /// The party, or `None` for an address that is not one.
    pub fn new(address: &str, name: Option<&str>) -> Option<Self> {
        let (address, name) = address_and_name(address, name)?;
        Some(Self { address, name })
    }
}

/// How a meeting happened, from what its event carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingWay {
    /// A conference link (Meet, Zoom, Teams, Jitsi, Webex).
    Video,
    /// A physical location.
    InPerson,
    /// Neither.
    Unsaid,
}

impl MeetingWay {
    /// The kind and channel of the touch it gives.
    pub fn touch(self) -> (TouchKind, Channel) {
        match self {
            MeetingWay::Video => (TouchKind::Video, Channel::Video),
            MeetingWay::InPerson => (TouchKind::Meeting, Channel::InPerson),
            MeetingWay::Unsaid => (TouchKind::Meeting, Channel::Other),
        }
    }
}

/// One occurrence of an event, ready to be recorded: past (a touch when
/// it counts) or ahead (what Today's plan prepares for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    /// The occurrence: the event's UID, and for an occurrence of a series
    /// the start it was scheduled for (its `RECURRENCE-ID`), so two
    /// computers and a file read twice give the same key.
    pub key: String,
    pub at: DateTime<Utc>,
    /// When it ends (its start, for an event without an end).
    pub ends: DateTime<Utc>,
    pub way: MeetingWay,
    pub title: Option<String>,
    /// The people on it other than the user (who did not decline).
    pub people: Vec<MeetingParty>,
    /// Whether it is a touch: not cancelled, not declined by the user, and
    /// with 1 to [`MAX_MEETING_PEOPLE`] others. One that does not count is
    /// still recorded, so a touch it gave before (the event was cancelled or
    /// declined later) goes.
    pub counts: bool,
}

impl MeetingDraft {
    /// A title as kept: no control characters, one line, bounded.
    pub fn clean_title(title: &str) -> Option<String> {
        let kept = bounded(title, MAX_SUBJECT_CHARS);
        (!kept.is_empty()).then_some(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_party_is_a_lower_cased_address_with_a_clean_name() {
        let party = MeetingParty::new("Maya@Example.ORG", Some("  Maya\u{7}  Lund ")).unwrap();
        assert_eq!(party.address, "maya@example.org");
        assert_eq!(party.name.as_deref(), Some("Maya Lund"));
        assert!(MeetingParty::new("not an address", None).is_none());
        // A name that is only the address says nothing.
        let bare = MeetingParty::new("ola@example.org", Some("OLA@example.org")).unwrap();
        assert_eq!(bare.name, None);
    }

    #[test]
    fn the_way_gives_the_touch_kind_and_channel() {
        assert_eq!(
            MeetingWay::Video.touch(),
            (TouchKind::Video, Channel::Video)
        );
        assert_eq!(
            MeetingWay::InPerson.touch(),
            (TouchKind::Meeting, Channel::InPerson)
        );
        assert_eq!(
            MeetingWay::Unsaid.touch(),
            (TouchKind::Meeting, Channel::Other)
        );
        assert_eq!(
            MeetingDraft::clean_title(" Weekly\n1:1 ").as_deref(),
            Some("Weekly 1:1")
        );
        assert_eq!(MeetingDraft::clean_title(" \t"), None);
    }
}
