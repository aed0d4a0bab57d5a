//! What matters to a person and how help flows: topics, asks and offers,
//! introductions, and the help ledger.

use chrono::{DateTime, Utc};

use super::{required_text, vocabulary, InputError, PersonId, MAX_SHORT_CHARS};

/// Longest tag list on an ask or offer.
pub const MAX_ASK_TAGS: usize = 20;

vocabulary!(
    /// Which side of an exchange a need is on.
    Side, UnknownSide {
        Ask => "ask",
        Offer => "offer",
    }
);

vocabulary!(
    /// How an introduction ended.
    Outcome, UnknownOutcome {
        Helped => "helped",
        NoFit => "no_fit",
        Unknown => "unknown",
    }
);

vocabulary!(
    /// Where an introduction stands in the double opt-in.
    IntroStatus, UnknownIntroStatus {
        Proposed => "proposed",
        AskedA => "asked_a",
        AskedB => "asked_b",
        Introduced => "introduced",
        Closed => "closed",
    }
);

vocabulary!(
    /// Which way help went.
    HelpDirection, UnknownHelpDirection {
        Given => "given",
        Received => "received",
    }
);

impl IntroStatus {
    /// The step that follows this one in the double opt-in, if any.
    pub fn next(self) -> Option<IntroStatus> {
        match self {
            IntroStatus::Proposed => Some(IntroStatus::AskedA),
            IntroStatus::AskedA => Some(IntroStatus::AskedB),
            IntroStatus::AskedB => Some(IntroStatus::Introduced),
            IntroStatus::Introduced => Some(IntroStatus::Closed),
            IntroStatus::Closed => None,
        }
    }

    /// The steps that may follow, as `IntroStep::parse` reads them.
    pub fn next_steps(self) -> &'static str {
        match self {
            IntroStatus::Proposed => "ask-a",
            IntroStatus::AskedA => "ask-b",
            IntroStatus::AskedB => "introduce",
            IntroStatus::Introduced => "helped, no-fit or unknown",
            IntroStatus::Closed => "none: it is closed",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            IntroStatus::Proposed => "Proposed",
            IntroStatus::AskedA => "Asked the first person",
            IntroStatus::AskedB => "Asked the second person",
            IntroStatus::Introduced => "Introduced",
            IntroStatus::Closed => "Closed",
        }
    }
}

/// Something that matters to a person right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub id: super::TopicId,
    pub person: PersonId,
    pub text: String,
    pub created_at: DateTime<Utc>,
    /// Set when it no longer matters (the move happened, the exams passed).
    pub closed_at: Option<DateTime<Utc>>,
}

impl Topic {
    /// Validates a topic's text.
    pub fn text(text: &str) -> Result<String, InputError> {
        required_text(text, "topic", MAX_SHORT_CHARS)
    }
}

/// A validated ask or offer, not yet stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedDraft {
    pub person: PersonId,
    pub side: Side,
    pub text: String,
    /// Lower-case, trimmed, unique, in the order given.
    pub tags: Vec<String>,
}

impl NeedDraft {
    /// Validates the text and normalises the tags (comma separated or a
    /// list; `#` prefixes dropped).
    pub fn new<S: AsRef<str>>(
        person: PersonId,
        side: Side,
        text: &str,
        tags: &[S],
    ) -> Result<Self, InputError> {
        Ok(NeedSpec::new(side, text, tags)?.of(person))
    }
}

/// A validated ask or offer not yet tied to a person (for people created
/// together with their history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedSpec {
    pub side: Side,
    pub text: String,
    pub tags: Vec<String>,
}

impl NeedSpec {
    /// This ask or offer, of `person`.
    pub fn of(self, person: PersonId) -> NeedDraft {
        NeedDraft {
            person,
            side: self.side,
            text: self.text,
            tags: self.tags,
        }
    }

    /// See [`NeedDraft::new`].
    pub fn new<S: AsRef<str>>(side: Side, text: &str, tags: &[S]) -> Result<Self, InputError> {
        let text = required_text(text, side.as_str(), MAX_SHORT_CHARS)?;
        let mut clean: Vec<String> = Vec::new();
        for tag in tags.iter().flat_map(|t| t.as_ref().split(',')) {
            let tag = tag.trim().trim_start_matches('#').trim().to_lowercase();
            if tag.is_empty() || clean.contains(&tag) {
                continue;
            }
            required_text(&tag, "tag", 60)?;
            clean.push(tag);
        }
        if clean.len() > MAX_ASK_TAGS {
            return Err(InputError::TooManyTags);
        }
        Ok(Self {
            side,
            text,
            tags: clean,
        })
    }
}

/// An ask (what they need) or an offer (what they can help with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub id: super::NeedId,
    pub person: PersonId,
    pub person_name: String,
    pub side: Side,
    pub text: String,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// An introduction between two people, with the date of each step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    pub id: super::IntroId,
    pub a: (PersonId, String),
    pub b: (PersonId, String),
    pub why: String,
    pub status: IntroStatus,
    pub outcome: Option<Outcome>,
    pub proposed_at: DateTime<Utc>,
    pub asked_a_at: Option<DateTime<Utc>>,
    pub asked_b_at: Option<DateTime<Utc>>,
    pub introduced_at: Option<DateTime<Utc>>,
    pub outcome_at: Option<DateTime<Utc>>,
}

/// A step the user takes on an introduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntroStep {
    /// Asked the first person whether they would like the introduction.
    AskA,
    /// The first agreed; asked the second.
    AskB,
    /// Both agreed; the introduction was made.
    Introduce,
    /// How it ended (at any step: a "no" ends it as no fit).
    Close(Outcome),
}

impl IntroStep {
    /// Parses `ask-a`, `ask-b`, `introduce`, `helped`, `no-fit`, `unknown`.
    pub fn parse(text: &str) -> Option<IntroStep> {
        match text.trim() {
            "ask-a" => Some(IntroStep::AskA),
            "ask-b" => Some(IntroStep::AskB),
            "introduce" => Some(IntroStep::Introduce),
            "helped" => Some(IntroStep::Close(Outcome::Helped)),
            "no-fit" | "no_fit" => Some(IntroStep::Close(Outcome::NoFit)),
            "unknown" => Some(IntroStep::Close(Outcome::Unknown)),
            _ => None,
        }
    }

    /// The status the step leads to.
    pub fn status(self) -> IntroStatus {
        match self {
            IntroStep::AskA => IntroStatus::AskedA,
            IntroStep::AskB => IntroStatus::AskedB,
            IntroStep::Introduce => IntroStatus::Introduced,
            IntroStep::Close(_) => IntroStatus::Closed,
        }
    }
}

/// One line of the help ledger: an introduction made, or help given or
/// received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub touch: super::TouchId,
    pub direction: HelpDirection,
    /// True for an introduction, false for a favour or advice.
    pub is_introduction: bool,
    pub text: Option<String>,
    pub at: DateTime<Utc>,
}

/// Help given and received with one person.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ledger {
    pub entries: Vec<HelpEntry>,
    pub given: u32,
    pub received: u32,
}

impl Ledger {
    /// Given minus received: positive when you have helped more.
    pub fn balance(&self) -> i64 {
        i64::from(self.given) - i64::from(self.received)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_and_unique() {
        let draft = NeedDraft::new(
            PersonId(1),
            Side::Ask,
            " A Rust contractor ",
            &["#Rust, contracting", "rust", " "],
        )
        .unwrap();
        assert_eq!(draft.text, "A Rust contractor");
        assert_eq!(draft.tags, vec!["rust", "contracting"]);
    }

    #[test]
    fn an_empty_ask_is_refused() {
        assert!(matches!(
            NeedDraft::new::<&str>(PersonId(1), Side::Ask, "  ", &[]),
            Err(InputError::Empty { field: "ask" })
        ));
    }

    #[test]
    fn steps_parse_and_lead_to_their_status() {
        assert_eq!(
            IntroStep::parse("ask-a").map(IntroStep::status),
            Some(IntroStatus::AskedA)
        );
        assert_eq!(
            IntroStep::parse("no-fit"),
            Some(IntroStep::Close(Outcome::NoFit))
        );
        assert_eq!(IntroStep::parse("later"), None);
        assert_eq!(IntroStatus::AskedB.next(), Some(IntroStatus::Introduced));
    }
}
