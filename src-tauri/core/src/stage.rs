//! Where a person stands on the path from connection to relationship, and
//! how warm it is — derived from their touches, never typed in by hand.
//!
//! The rules, in one place (thresholds are the constants below):
//!
//! 1. **Connected** — a link exists; nothing more (or no touches at all).
//! 2. **Acknowledged** — you sent them something personal: an outbound
//!    note, message, e-mail, call, video, meeting or help (the `connected`
//!    touch itself, whatever its text, does not count).
//! 3. **Engaged** — you engaged with what they share (an outbound comment,
//!    share or reaction), or they responded to you (any inbound touch other
//!    than `connected`).
//! 4. **In conversation** — touches from both sides: something personal
//!    from you and a response from them, or a `mutual` touch.
//! 5. **Relationship** — two-way contact in at least
//!    [`RELATIONSHIP_MONTHS`] distinct calendar months of the last
//!    [`RELATIONSHIP_WINDOW_DAYS`] days, including at least one call, video
//!    or meeting.
//! 6. **Trusted** — a relationship in which help has flowed: an
//!    introduction, or help given or received, at any time.
//!
//! Health compares the time since the last touch with the person's
//! cadence (their own or their circle's) or, without one, a default for
//! their stage: **warm** within the cadence, **cooling** within twice it,
//! **cold** beyond.

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::domain::{Direction, PersonSummary, TouchKind};
pub use crate::domain::{Health, Stage};

/// Distinct months of two-way contact a relationship needs.
pub const RELATIONSHIP_MONTHS: usize = 3;
/// The window those months must fall in.
pub const RELATIONSHIP_WINDOW_DAYS: i64 = 365;

impl Stage {
    /// How often to be in touch when the person has no cadence of their
    /// own, in days.
    pub fn default_cadence_days(self) -> u32 {
        match self {
            Stage::Trusted => 30,
            Stage::Relationship => 45,
            Stage::InConversation => 60,
            Stage::Engaged => 90,
            Stage::Acknowledged => 180,
            Stage::Connected => 365,
        }
    }
}

impl Health {
    /// Health for a last touch at `last` (none: cold) against `cadence_days`.
    pub fn of(last: Option<DateTime<Utc>>, cadence_days: u32, now: DateTime<Utc>) -> Health {
        let Some(last) = last else {
            return Health::Cold;
        };
        let cadence = Duration::days(i64::from(cadence_days.max(1)));
        let since = now - last;
        if since <= cadence {
            Health::Warm
        } else if since <= cadence * 2 {
            Health::Cooling
        } else {
            Health::Cold
        }
    }
}

impl PersonSummary {
    /// Warm, cooling or cold at `now`, against their cadence or their
    /// stage's default.
    pub fn health(&self, now: DateTime<Utc>) -> Health {
        let cadence = self
            .cadence_days
            .unwrap_or_else(|| self.stage.default_cadence_days());
        Health::of(self.last_touch.map(|(at, _)| at), cadence, now)
    }
}

/// What the stage rules need to know of a touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TouchFact {
    pub kind: TouchKind,
    pub direction: Direction,
    pub at: DateTime<Utc>,
}

impl TouchFact {
    fn personal_from_me(&self) -> bool {
        self.direction != Direction::In
            && !matches!(
                self.kind,
                TouchKind::Connected | TouchKind::Comment | TouchKind::Share | TouchKind::Reaction
            )
    }

    fn engagement_from_me(&self) -> bool {
        self.direction != Direction::In
            && matches!(
                self.kind,
                TouchKind::Comment | TouchKind::Share | TouchKind::Reaction
            )
    }

    fn response_from_them(&self) -> bool {
        self.direction != Direction::Out && self.kind != TouchKind::Connected
    }

    fn voice_or_face(&self) -> bool {
        matches!(
            self.kind,
            TouchKind::Call | TouchKind::Video | TouchKind::Meeting
        )
    }

    fn help_flowed(&self) -> bool {
        matches!(self.kind, TouchKind::Intro | TouchKind::Help)
    }
}

/// A stage and the touches that justify it (indexes into the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub stage: Stage,
    pub because: Vec<usize>,
}

/// Derives the stage from a person's touches (in any order).
pub fn derive(touches: &[TouchFact], now: DateTime<Utc>) -> Derivation {
    let find = |pred: &dyn Fn(&TouchFact) -> bool| touches.iter().position(pred);
    let personal = find(&|t| t.personal_from_me());
    let engaged = find(&|t| t.engagement_from_me());
    let response = find(&|t| t.response_from_them());
    let mutual = find(&|t| t.direction == Direction::Mutual && t.kind != TouchKind::Connected);

    let two_way = match (mutual, personal, response) {
        (Some(m), _, _) => Some(vec![m]),
        (None, Some(p), Some(r)) if p != r => Some(vec![p, r]),
        _ => None,
    };

    if let Some(two_way) = two_way {
        if let Some(relationship) = relationship(touches, now) {
            if let Some(help) = find(&|t| t.help_flowed()) {
                let mut because = relationship;
                because.push(help);
                return Derivation {
                    stage: Stage::Trusted,
                    because,
                };
            }
            return Derivation {
                stage: Stage::Relationship,
                because: relationship,
            };
        }
        return Derivation {
            stage: Stage::InConversation,
            because: two_way,
        };
    }
    if let Some(i) = engaged.or(response) {
        return Derivation {
            stage: Stage::Engaged,
            because: vec![i],
        };
    }
    if let Some(i) = personal {
        return Derivation {
            stage: Stage::Acknowledged,
            because: vec![i],
        };
    }
    Derivation {
        stage: Stage::Connected,
        because: touches
            .iter()
            .position(|t| t.kind == TouchKind::Connected)
            .into_iter()
            .collect(),
    }
}

/// The touches that make a relationship: two-way contact (both sides, or
/// mutual) in enough distinct months of the window, and a voice or
/// face-to-face touch among them. `None` when the bar is not met.
fn relationship(touches: &[TouchFact], now: DateTime<Utc>) -> Option<Vec<usize>> {
    let since = now - Duration::days(RELATIONSHIP_WINDOW_DAYS);
    let recent: Vec<usize> = (0..touches.len())
        .filter(|&i| touches[i].at >= since && touches[i].at <= now)
        .filter(|&i| touches[i].kind != TouchKind::Connected)
        .collect();
    let from_me = recent
        .iter()
        .any(|&i| touches[i].direction != Direction::In);
    let from_them = recent
        .iter()
        .any(|&i| touches[i].direction != Direction::Out);
    if !(from_me && from_them) {
        return None;
    }
    let voice = *recent.iter().find(|&&i| touches[i].voice_or_face())?;
    let mut months: Vec<(i32, u32)> = Vec::new();
    let mut because = vec![voice];
    for &i in &recent {
        let month = (touches[i].at.year(), touches[i].at.month());
        if !months.contains(&month) {
            months.push(month);
            if i != voice {
                because.push(i);
            }
        }
    }
    (months.len() >= RELATIONSHIP_MONTHS).then_some(because)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;
    use Direction::{In, Mutual, Out};
    use TouchKind::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap()
    }

    fn t(kind: TouchKind, direction: Direction, days_ago: i64) -> TouchFact {
        TouchFact {
            kind,
            direction,
            at: now() - Duration::days(days_ago),
        }
    }

    #[rstest]
    #[case::no_touches(vec![], Stage::Connected)]
    #[case::only_the_connection(vec![t(Connected, In, 10)], Stage::Connected)]
    #[case::only_generic_connection_touches(vec![t(Connected, Out, 10), t(Connected, In, 9)], Stage::Connected)]
    #[case::a_personal_note(vec![t(Connected, In, 10), t(Note, Out, 9)], Stage::Acknowledged)]
    #[case::a_comment_on_their_post(vec![t(Connected, In, 10), t(Comment, Out, 5)], Stage::Engaged)]
    #[case::inbound_only(vec![t(Connected, In, 10), t(Message, In, 5), t(Comment, In, 2)], Stage::Engaged)]
    #[case::both_sides(vec![t(Note, Out, 20), t(Message, In, 19)], Stage::InConversation)]
    #[case::a_single_call(vec![t(Call, Mutual, 3)], Stage::InConversation)]
    #[case::two_way_all_in_one_week(
        vec![t(Message, Out, 6), t(Message, In, 5), t(Call, Mutual, 4), t(Message, In, 1)],
        Stage::InConversation
    )]
    #[case::two_way_over_months_with_a_call(
        vec![t(Message, Out, 100), t(Message, In, 99), t(Message, Out, 60), t(Call, Mutual, 20)],
        Stage::Relationship
    )]
    #[case::months_of_messages_but_never_spoken(
        vec![t(Message, Out, 100), t(Message, In, 60), t(Message, Out, 20)],
        Stage::InConversation
    )]
    #[case::a_relationship_gone_quiet(
        vec![t(Message, Out, 600), t(Message, In, 560), t(Call, Mutual, 500), t(Meeting, Mutual, 450)],
        Stage::InConversation
    )]
    #[case::help_recorded_without_any_conversation(vec![t(Connected, In, 30), t(Help, Out, 5)], Stage::Acknowledged)]
    #[case::help_received_without_any_conversation(vec![t(Help, In, 5)], Stage::Engaged)]
    #[case::a_relationship_with_an_introduction(
        vec![t(Message, Out, 100), t(Message, In, 70), t(Meeting, Mutual, 40), t(Intro, Out, 10)],
        Stage::Trusted
    )]
    #[case::help_long_ago_in_a_live_relationship(
        vec![t(Help, In, 700), t(Message, Out, 100), t(Message, In, 70), t(Video, Mutual, 40)],
        Stage::Trusted
    )]
    fn stage_follows_the_touches(#[case] touches: Vec<TouchFact>, #[case] expected: Stage) {
        assert_eq!(derive(&touches, now()).stage, expected);
    }

    #[test]
    fn the_derivation_names_the_touches_that_justify_it() {
        let touches = vec![
            t(Connected, In, 200),
            t(Note, Out, 150),
            t(Message, In, 120),
        ];
        let derivation = derive(&touches, now());
        assert_eq!(derivation.stage, Stage::InConversation);
        assert_eq!(derivation.because, vec![1, 2]);
    }

    #[rstest]
    #[case(None, 30, Health::Cold)]
    #[case(Some(10), 30, Health::Warm)]
    #[case(Some(30), 30, Health::Warm)]
    #[case(Some(45), 30, Health::Cooling)]
    #[case(Some(61), 30, Health::Cold)]
    fn health_compares_the_last_touch_with_the_cadence(
        #[case] days_ago: Option<i64>,
        #[case] cadence: u32,
        #[case] expected: Health,
    ) {
        let last = days_ago.map(|d| now() - Duration::days(d));
        assert_eq!(Health::of(last, cadence, now()), expected);
    }

    #[test]
    fn stages_round_trip_their_identifiers() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
            assert_eq!(Stage::from_number(stage as i64), stage);
        }
    }
}
