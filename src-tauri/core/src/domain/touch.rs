//! Touches: one logged interaction with a person.

use chrono::{DateTime, Utc};

use super::{optional_text, vocabulary, InputError, PersonId, TouchId, MAX_SHORT_CHARS};

vocabulary!(
    /// What kind of interaction a touch was.
    TouchKind, UnknownKind {
        Connected => "connected",
        Note => "note",
        Comment => "comment",
        Share => "share",
        Reaction => "reaction",
        Message => "message",
        Email => "email",
        Call => "call",
        Video => "video",
        Meeting => "meeting",
        Intro => "intro",
        Help => "help",
        Other => "other",
    }
);

vocabulary!(
    /// Where an interaction happened.
    Channel, UnknownChannel {
        Linkedin => "linkedin",
        X => "x",
        Facebook => "facebook",
        Instagram => "instagram",
        Email => "email",
        Phone => "phone",
        Sms => "sms",
        Chat => "chat",
        InPerson => "in-person",
        Video => "video",
        Other => "other",
    }
);

vocabulary!(
    /// Who reached out.
    Direction, UnknownDirection {
        Out => "out",
        In => "in",
        Mutual => "mutual",
    }
);

/// A logged touch as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub id: TouchId,
    pub person: PersonId,
    pub kind: TouchKind,
    pub channel: Channel,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub summary: Option<String>,
    /// For a touch mail gave: how many messages its conversation holds.
    pub thread_size: Option<u32>,
}

/// A validated touch not yet tied to a person (for people being created
/// together with their history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchSpec {
    pub kind: TouchKind,
    pub channel: Channel,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub summary: Option<String>,
}

impl TouchSpec {
    pub fn new(
        kind: TouchKind,
        channel: Channel,
        direction: Direction,
        at: DateTime<Utc>,
        summary: Option<&str>,
    ) -> Result<Self, InputError> {
        Ok(Self {
            kind,
            channel,
            direction,
            at,
            summary: optional_text(summary, "summary", MAX_SHORT_CHARS)?,
        })
    }

    /// This touch, with the person it was with.
    pub fn with(self, person: PersonId) -> TouchDraft {
        TouchDraft { person, spec: self }
    }
}

/// A touch about to be logged, already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchDraft {
    pub person: PersonId,
    pub spec: TouchSpec,
}

impl TouchDraft {
    pub fn new(
        person: PersonId,
        kind: TouchKind,
        channel: Channel,
        direction: Direction,
        at: DateTime<Utc>,
        summary: Option<&str>,
    ) -> Result<Self, InputError> {
        Ok(TouchSpec::new(kind, channel, direction, at, summary)?.with(person))
    }
}
