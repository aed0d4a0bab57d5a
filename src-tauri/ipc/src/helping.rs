//! Topics, asks and offers, introductions, the help ledger, step-it-up
//! prompts and the dashboard across the boundary.

use kith_core::domain::InputError;
use kith_core::domain::{
    HelpDirection, Introduction, Ledger, Need, NeedDraft, PersonId, Side, Topic,
};
use kith_core::matching::Suggestion;
use kith_core::store::{Dashboard, Prompt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{instant, CountDto, PersonRefDto};

/// Something that matters to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopicDto {
    pub id: i64,
    pub text: String,
    pub created_at: String,
    /// Set when it no longer matters.
    pub closed_at: Option<String>,
}

impl From<Topic> for TopicDto {
    fn from(t: Topic) -> Self {
        Self {
            id: t.id.0,
            text: t.text,
            created_at: instant(t.created_at),
            closed_at: t.closed_at.map(instant),
        }
    }
}

/// An ask (`side` "ask") or an offer ("offer").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedDto {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub side: String,
    pub text: String,
    pub tags: Vec<String>,
    pub created_at: String,
}

impl From<Need> for NeedDto {
    fn from(n: Need) -> Self {
        Self {
            id: n.id.0,
            person_id: n.person.0,
            person_name: n.person_name,
            side: n.side.as_str().to_owned(),
            text: n.text,
            tags: n.tags,
            created_at: instant(n.created_at),
        }
    }
}

/// A new ask or offer; `tags` may hold comma-separated lists.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedInput {
    pub person_id: i64,
    pub side: String,
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl NeedInput {
    pub fn into_draft(self) -> Result<NeedDraft, InputError> {
        NeedDraft::new(
            PersonId(self.person_id),
            self.side.parse::<Side>()?,
            &self.text,
            &self.tags,
        )
    }
}

/// A suggested introduction: an ask matched with an offer, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SuggestionDto {
    pub ask: NeedDto,
    pub offer: NeedDto,
    pub score: u32,
    pub why: String,
    /// People linked to both: the path between the two.
    pub knows_both: Vec<String>,
}

impl From<Suggestion> for SuggestionDto {
    fn from(s: Suggestion) -> Self {
        Self {
            why: s.explain(),
            knows_both: s.knows_both,
            score: s.score,
            ask: s.ask.into(),
            offer: s.offer.into(),
        }
    }
}

/// An introduction and the date of each step; `next` is the identifier of
/// the step that follows (`ask-a`, `ask-b`, `introduce`, `close`), null
/// once closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntroductionDto {
    pub id: i64,
    pub a: PersonRefDto,
    pub b: PersonRefDto,
    pub why: String,
    pub status: String,
    pub status_label: String,
    pub outcome: Option<String>,
    pub next: Option<String>,
    pub proposed_at: String,
    pub asked_a_at: Option<String>,
    pub asked_b_at: Option<String>,
    pub introduced_at: Option<String>,
    pub outcome_at: Option<String>,
}

impl From<Introduction> for IntroductionDto {
    fn from(i: Introduction) -> Self {
        use kith_core::domain::IntroStatus::*;
        let next = match i.status {
            Proposed => Some("ask-a"),
            AskedA => Some("ask-b"),
            AskedB => Some("introduce"),
            Introduced => Some("close"),
            Closed => None,
        };
        Self {
            id: i.id.0,
            a: PersonRefDto {
                id: i.a.0 .0,
                display_name: i.a.1,
            },
            b: PersonRefDto {
                id: i.b.0 .0,
                display_name: i.b.1,
            },
            why: i.why,
            status: i.status.as_str().to_owned(),
            status_label: i.status.label().to_owned(),
            outcome: i.outcome.map(|o| o.as_str().to_owned()),
            next: next.map(str::to_owned),
            proposed_at: instant(i.proposed_at),
            asked_a_at: i.asked_a_at.map(instant),
            asked_b_at: i.asked_b_at.map(instant),
            introduced_at: i.introduced_at.map(instant),
            outcome_at: i.outcome_at.map(instant),
        }
    }
}

/// A step on an introduction: `ask-a`, `ask-b`, `introduce`, `helped`,
/// `no-fit` or `unknown`; with `remindInDays`, a follow-up is set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntroStepInput {
    pub id: i64,
    pub step: String,
    #[serde(default)]
    pub remind_in_days: Option<u32>,
}

/// One line of the help ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelpEntryDto {
    pub touch_id: i64,
    /// "given" or "received".
    pub direction: String,
    pub is_introduction: bool,
    pub text: Option<String>,
    pub at: String,
}

/// Help given and received with one person, and the balance (given minus
/// received).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LedgerDto {
    pub entries: Vec<HelpEntryDto>,
    pub given: u32,
    pub received: u32,
    pub balance: i64,
}

impl From<Ledger> for LedgerDto {
    fn from(l: Ledger) -> Self {
        Self {
            given: l.given,
            received: l.received,
            balance: l.balance(),
            entries: l
                .entries
                .into_iter()
                .map(|e| HelpEntryDto {
                    touch_id: e.touch.0,
                    direction: match e.direction {
                        HelpDirection::Given => "given",
                        HelpDirection::Received => "received",
                    }
                    .to_owned(),
                    is_introduction: e.is_introduction,
                    text: e.text,
                    at: instant(e.at),
                })
                .collect(),
        }
    }
}

/// A step-it-up prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromptDto {
    pub person_id: i64,
    pub person_name: String,
    /// `reply-owed`, `follow-up-after-meeting` or `suggest-call`.
    pub rule: String,
    pub because: String,
    pub since: String,
}

impl From<Prompt> for PromptDto {
    fn from(p: Prompt) -> Self {
        Self {
            person_id: p.person.0,
            person_name: p.person_name,
            rule: p.rule.as_str().to_owned(),
            because: p.because,
            since: instant(p.since),
        }
    }
}

/// Movement in one window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovementDto {
    pub days: u32,
    pub moved_up: u64,
    pub went_cold: u64,
}

/// Touches in one week (starting Monday, `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WeekDto {
    pub starts: String,
    pub touches: u64,
}

/// Everything the dashboard draws. Each figure's people come from
/// `dashboard_people` with its id: `stage:KEY`, `health:KEY`,
/// `moved-up:DAYS`, `went-cold:DAYS`, `week:INDEX`, `mix:KEY`,
/// `due-today`, `queue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardDto {
    pub people: u64,
    pub by_stage: Vec<CountDto>,
    pub by_health: Vec<CountDto>,
    pub movement: Vec<MovementDto>,
    /// Oldest first; the last is the current week.
    pub weeks: Vec<WeekDto>,
    pub weekly_goal: u32,
    /// Touches in the last 90 days: online, voice, in-person.
    pub mix: Vec<CountDto>,
    pub due_today: u64,
    pub queue: u64,
}

impl From<Dashboard> for DashboardDto {
    fn from(d: Dashboard) -> Self {
        let count = |key: &str, count: u64| CountDto {
            key: key.to_owned(),
            count,
        };
        Self {
            people: d.people,
            by_stage: d
                .by_stage
                .iter()
                .map(|(s, n)| count(s.as_str(), *n))
                .collect(),
            by_health: d
                .by_health
                .iter()
                .map(|(h, n)| count(h.as_str(), *n))
                .collect(),
            movement: d
                .movement
                .iter()
                .map(|m| MovementDto {
                    days: m.days,
                    moved_up: m.moved_up,
                    went_cold: m.went_cold,
                })
                .collect(),
            weeks: d
                .weeks
                .iter()
                .map(|w| WeekDto {
                    starts: w.starts.to_string(),
                    touches: w.touches,
                })
                .collect(),
            weekly_goal: d.weekly_goal,
            mix: d.mix.iter().map(|(m, n)| count(m.as_str(), *n)).collect(),
            due_today: d.due_today,
            queue: d.queue,
        }
    }
}

/// The people behind one dashboard figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FigurePeopleDto {
    pub figure: String,
    pub people: Vec<PersonRefDto>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn need_input_validates_side_and_tags() {
        let input = NeedInput {
            person_id: 1,
            side: "offer".into(),
            text: "Rust consulting".into(),
            tags: vec!["Rust, systems".into()],
        };
        let draft = input.clone().into_draft().unwrap();
        assert_eq!(draft.side, Side::Offer);
        assert_eq!(draft.tags, vec!["rust", "systems"]);
        let bad = NeedInput {
            side: "wish".into(),
            ..input
        };
        assert!(bad.into_draft().is_err());
    }
}
