//! Today's plan: from a network of thousands, the handful of people worth a
//! touch today, each with the reason and a next step.
//!
//! The store gathers candidates (one per person and reason) and this module
//! picks the plan. The rules, in one place:
//!
//! - **Reasons and weights** ([`Reason::weight`], most pressing first): a
//!   meeting today to prepare for (110, see below), a follow-up due today or overdue (100), a birthday, anniversary or named
//!   date today or within its reminder's days before (95, with a suggested
//!   message), a reply owed (90), an
//!   introduction waiting for its next step (80), a close person's ask
//!   with a way to someone who offers it (78: see below), met in person
//!   and not followed up (75), a new connection to welcome (70), a relationship
//!   cooling past its cadence (60), a topic to ask about (50), a dormant
//!   connection worth reconnecting with (40).
//! - **Prep** is not picked: every meeting today with people in Kith gives
//!   one prep item (for the first of them not already done or skipped
//!   today; it takes the place of another reason that person had), on top
//!   of the plan's size and above its other items, in the meeting's time
//!   order. After the meeting it asks for a note or a follow-up; one logged
//!   after the meeting ends (not the meeting's own touch) ticks it.
//! - **Score** = weight × 100 + urgency (0–99, per reason: how overdue, how
//!   long waiting, how recent the connection; for reconnecting, a draw that
//!   changes each day, so the same dormant people do not come back daily).
//! - **One reason per person**: the highest-scoring one.
//! - **Balance**: reasons are ordered by their best candidate, and the plan
//!   takes the best of each reason in turn before any reason's second, so it
//!   is never five of one kind while other kinds exist.
//! - **Introduce** (gathered by the store): someone at Relationship or
//!   Trusted, or who is something to you ("my sister"), asks for what
//!   another person offers ([`crate::matching`]), and the warm path
//!   ([`crate::path`]) finds you a way to that person through someone you
//!   know (at Engaged or past it, or as strong a tie another way): them,
//!   or someone who knows them; the first [`INTRODUCE_ASKS`] asks matched
//!   are looked into. Urgency is the route's strength.
//! - **Reconnecting** (gathered by the store): someone whose ask another
//!   person's offer matches ([`crate::matching`]), a once-active
//!   conversation gone quiet, an older connection never acknowledged who
//!   shares a company with people you know well or carries a tag.
//! - **Left out**: people skipped today, set aside for a while ("not for a
//!   month") or dismissed from the welcome queue, people marked as deceased,
//!   and people in the trash (they are not in the tables at all); and no
//!   reconnect nudge for someone whose birthday is in the next
//!   [`QUIET_BEFORE_BIRTHDAY_DAYS`] days (a message then would look
//!   automated; the birthday itself is the reason to write).
//! - **Stable for the day**: the store keeps the day's picks; asking again
//!   the same day returns them (done ones ticked), a skipped one is replaced
//!   by the next pick, and a new local day makes a new plan.

use std::collections::HashMap;

use crate::domain::PersonId;

/// People in the plan unless the user sets otherwise.
pub const DEFAULT_PLAN_SIZE: u32 = 5;
/// The largest plan the user can ask for.
pub const MAX_PLAN_SIZE: u32 = 10;
/// Days a person is left out after "not for a month".
pub const SET_ASIDE_DAYS: u32 = 30;
/// How many asks (the best matched first) a day's plan looks for a way
/// to help with: each is a warm path.
pub const INTRODUCE_ASKS: usize = 3;
/// Days before a birthday in which nobody is nudged to reconnect.
pub const QUIET_BEFORE_BIRTHDAY_DAYS: i64 = 7;

/// Why someone is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    Prep,
    FollowUp,
    Date,
    ReplyOwed,
    Introduction,
    Introduce,
    MetInPerson,
    Welcome,
    Cooling,
    Topic,
    Reconnect,
}

impl Reason {
    pub const ALL: [Reason; 11] = [
        Reason::Prep,
        Reason::FollowUp,
        Reason::Date,
        Reason::ReplyOwed,
        Reason::Introduction,
        Reason::Introduce,
        Reason::MetInPerson,
        Reason::Welcome,
        Reason::Cooling,
        Reason::Topic,
        Reason::Reconnect,
    ];

    /// How pressing the reason is (the table at the top).
    pub fn weight(self) -> i64 {
        match self {
            Reason::Prep => 110,
            Reason::FollowUp => 100,
            Reason::Date => 95,
            Reason::ReplyOwed => 90,
            Reason::Introduction => 80,
            Reason::Introduce => 78,
            Reason::MetInPerson => 75,
            Reason::Welcome => 70,
            Reason::Cooling => 60,
            Reason::Topic => 50,
            Reason::Reconnect => 40,
        }
    }

    /// The identifier stored with a plan item and used in `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Prep => "prep",
            Reason::FollowUp => "follow-up",
            Reason::Date => "date",
            Reason::ReplyOwed => "reply-owed",
            Reason::Introduction => "introduction",
            Reason::Introduce => "introduce",
            Reason::MetInPerson => "met-in-person",
            Reason::Welcome => "welcome",
            Reason::Cooling => "cooling",
            Reason::Topic => "topic",
            Reason::Reconnect => "reconnect",
        }
    }

    pub fn parse(text: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }
}

/// Someone who could be in today's plan, for one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub person: PersonId,
    pub reason: Reason,
    /// 0–99 within the reason (see the top); clamped.
    pub urgency: i64,
    /// Why, in a sentence: "Ask how the launch went (due today)".
    pub why: String,
    /// The suggested next step: "Send a personal welcome".
    pub next: String,
    /// The follow-up this is about, when the reason is one.
    pub follow_up: Option<crate::domain::FollowUpId>,
}

impl Candidate {
    /// The score the plan ranks by (the top of this module).
    pub fn score(&self) -> i64 {
        self.reason.weight() * 100 + self.urgency.clamp(0, 99)
    }
}

/// A number from 0 to 99 that changes with the day and the person, for
/// the reconnect draw: the same dormant people do not come back daily.
pub fn daily_draw(person: PersonId, day_number: i64) -> i64 {
    let mixed = (person.0 as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((day_number as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    ((mixed ^ (mixed >> 31)) % 100) as i64
}

/// Picks up to `size` people from `candidates` under the rules at the top.
pub fn pick(candidates: Vec<Candidate>, size: usize) -> Vec<Candidate> {
    // One reason per person: the best.
    let mut best: HashMap<PersonId, Candidate> = HashMap::new();
    for c in candidates {
        match best.get(&c.person) {
            Some(kept)
                if (kept.score(), std::cmp::Reverse(kept.reason))
                    >= (c.score(), std::cmp::Reverse(c.reason)) => {}
            _ => {
                best.insert(c.person, c);
            }
        }
    }
    let mut by_reason: HashMap<Reason, Vec<Candidate>> = HashMap::new();
    for c in best.into_values() {
        by_reason.entry(c.reason).or_default().push(c);
    }
    let mut groups: Vec<Vec<Candidate>> = by_reason.into_values().collect();
    for group in &mut groups {
        group.sort_by(|a, b| b.score().cmp(&a.score()).then(a.person.cmp(&b.person)));
    }
    groups.sort_by(|a, b| {
        b[0].score()
            .cmp(&a[0].score())
            .then(a[0].reason.cmp(&b[0].reason))
    });
    let mut plan = Vec::with_capacity(size);
    let mut round = 0;
    while plan.len() < size {
        let mut took = false;
        for group in &groups {
            if let Some(c) = group.get(round) {
                if plan.len() < size {
                    plan.push(c.clone());
                    took = true;
                }
            }
        }
        if !took {
            break;
        }
        round += 1;
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn c(person: i64, reason: Reason, urgency: i64) -> Candidate {
        Candidate {
            person: PersonId(person),
            reason,
            urgency,
            why: String::new(),
            next: String::new(),
            follow_up: None,
        }
    }

    fn people(plan: &[Candidate]) -> Vec<i64> {
        plan.iter().map(|c| c.person.0).collect()
    }

    #[rstest]
    // Most pressing reason first, then the best of each other reason.
    #[case(
        vec![c(1, Reason::Welcome, 10), c(2, Reason::FollowUp, 0), c(3, Reason::Reconnect, 99), c(4, Reason::Cooling, 50)],
        4, vec![2, 1, 4, 3]
    )]
    // Balance: one of each reason before a second of any.
    #[case(
        vec![c(1, Reason::Welcome, 90), c(2, Reason::Welcome, 80), c(3, Reason::Welcome, 70), c(4, Reason::Reconnect, 1), c(5, Reason::Topic, 5)],
        3, vec![1, 5, 4]
    )]
    // With only one kind, the plan is all of that kind, best first.
    #[case(
        vec![c(1, Reason::Welcome, 10), c(2, Reason::Welcome, 80), c(3, Reason::Welcome, 50)],
        5, vec![2, 3, 1]
    )]
    // One reason per person: the higher one counts, and they appear once.
    #[case(
        vec![c(1, Reason::Reconnect, 99), c(1, Reason::ReplyOwed, 0), c(2, Reason::Cooling, 0)],
        5, vec![1, 2]
    )]
    // Urgency orders within a reason; ties go to the lower id (stable).
    #[case(
        vec![c(7, Reason::Cooling, 20), c(3, Reason::Cooling, 20), c(5, Reason::Cooling, 60)],
        2, vec![5, 3]
    )]
    // Nobody to pick.
    #[case(vec![], 5, vec![])]
    fn the_plan_picks_by_weight_with_balance(
        #[case] candidates: Vec<Candidate>,
        #[case] size: usize,
        #[case] expected: Vec<i64>,
    ) {
        assert_eq!(people(&pick(candidates, size)), expected);
    }

    #[test]
    fn scores_keep_every_reason_above_the_next_whatever_the_urgency() {
        for pair in Reason::ALL.windows(2) {
            assert!(
                c(1, pair[0], 0).score() > c(1, pair[1], 500).score(),
                "{pair:?}"
            );
        }
    }

    #[test]
    fn the_daily_draw_changes_with_the_day_and_stays_in_range() {
        let draws: Vec<i64> = (0..30).map(|day| daily_draw(PersonId(42), day)).collect();
        assert!(draws.iter().all(|d| (0..100).contains(d)));
        let distinct: std::collections::HashSet<_> = draws.iter().collect();
        assert!(distinct.len() > 10, "{draws:?}");
        assert_eq!(daily_draw(PersonId(42), 7), daily_draw(PersonId(42), 7));
    }

    #[test]
    fn reasons_round_trip_their_identifiers() {
        for reason in Reason::ALL {
            assert_eq!(Reason::parse(reason.as_str()), Some(reason));
        }
    }
}
