//! Follow-ups: a dated intention about a person, possibly repeating.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::when::{add_days, add_months, LocalIntent};
use super::{required_text, FollowUpId, InputError, PersonId, TopicId, MAX_SHORT_CHARS};

/// The unit of a repeat rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatUnit {
    /// Elapsed hours, regardless of wall-clock changes.
    Hour,
    /// Calendar days at the same local time.
    Day,
    /// Calendar weeks at the same local time.
    Week,
    /// Calendar months at the same local time, clamped to the month's end.
    Month,
}

impl RepeatUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            RepeatUnit::Hour => "hour",
            RepeatUnit::Day => "day",
            RepeatUnit::Week => "week",
            RepeatUnit::Month => "month",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "hour" => Some(RepeatUnit::Hour),
            "day" => Some(RepeatUnit::Day),
            "week" => Some(RepeatUnit::Week),
            "month" => Some(RepeatUnit::Month),
            _ => None,
        }
    }
}

/// "Every N units".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    pub every: u32,
    pub unit: RepeatUnit,
}

/// The most occurrences [`Repeat::next_after`] steps through before giving
/// up; a rule that needs more (hourly for over a century) is refused rather
/// than looped on.
const MAX_STEPS: u32 = 1_000_000;

impl Repeat {
    /// Parses `Nh`, `Nd`, `Nw` or `Nm` (N from 1 to 1000).
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let text = input.trim().to_ascii_lowercase();
        let bad = || InputError::BadRepeat(input.to_owned());
        let split = text.len().checked_sub(1).ok_or_else(bad)?;
        let (count, unit) = text.split_at(split);
        let every: u32 = count.parse().map_err(|_| bad())?;
        if every == 0 || every > 1000 {
            return Err(bad());
        }
        let unit = match unit {
            "h" => RepeatUnit::Hour,
            "d" => RepeatUnit::Day,
            "w" => RepeatUnit::Week,
            "m" => RepeatUnit::Month,
            _ => return Err(bad()),
        };
        Ok(Self { every, unit })
    }

    /// The short form `parse` accepts.
    pub fn code(self) -> String {
        let unit = match self.unit {
            RepeatUnit::Hour => 'h',
            RepeatUnit::Day => 'd',
            RepeatUnit::Week => 'w',
            RepeatUnit::Month => 'm',
        };
        format!("{}{unit}", self.every)
    }

    /// The `n`-th occurrence of the series that starts at `anchor`.
    fn nth(self, anchor: LocalIntent, n: u32, current: Tz) -> Option<LocalIntent> {
        let steps = self.every.checked_mul(n)?;
        let local = match self.unit {
            RepeatUnit::Hour => {
                let instant = anchor.resolve(current) + chrono::Duration::hours(i64::from(steps));
                return Some(LocalIntent::at_instant(instant, anchor.zone, current));
            }
            RepeatUnit::Day => add_days(anchor.local, u64::from(steps))?,
            RepeatUnit::Week => add_days(anchor.local, u64::from(steps) * 7)?,
            RepeatUnit::Month => add_months(anchor.local, steps)?,
        };
        Some(LocalIntent::new(local, anchor.zone))
    }

    /// The first occurrence of the series anchored at `anchor` that falls
    /// strictly after `after`. Counting from the anchor (not from the last
    /// occurrence) keeps 31st-of-the-month series on the 31st when it exists.
    pub fn next_after(
        self,
        anchor: LocalIntent,
        after: DateTime<Utc>,
        current: Tz,
    ) -> Option<LocalIntent> {
        let first = self.steps_before(anchor.resolve(current), after);
        (first.max(1)..=first.saturating_add(MAX_STEPS))
            .map_while(|n| self.nth(anchor, n, current))
            .find(|occurrence| occurrence.resolve(current) > after)
    }

    /// A number of steps from the anchor that is certain not to pass
    /// `after`: the elapsed time divided by the longest a step can take (a
    /// 25-hour DST day, a 31-day month), so the search starts close to its
    /// answer instead of at the anchor.
    fn steps_before(self, anchor: DateTime<Utc>, after: DateTime<Utc>) -> u32 {
        let hours = (after - anchor).num_hours().max(0);
        let longest_step_hours = i64::from(self.every)
            * match self.unit {
                RepeatUnit::Hour => 1,
                RepeatUnit::Day => 25,
                RepeatUnit::Week => 7 * 24 + 1,
                RepeatUnit::Month => 31 * 24 + 1,
            };
        u32::try_from(hours / longest_step_hours)
            .unwrap_or(u32::MAX)
            .saturating_sub(1)
    }
}

/// Whether a follow-up is still to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpStatus {
    Open,
    Done,
    Dropped,
}

impl FollowUpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStatus::Open => "open",
            FollowUpStatus::Done => "done",
            FollowUpStatus::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(FollowUpStatus::Open),
            "done" => Some(FollowUpStatus::Done),
            "dropped" => Some(FollowUpStatus::Dropped),
            _ => None,
        }
    }
}

/// A follow-up as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub person: PersonId,
    pub person_name: String,
    pub what: String,
    pub due: LocalIntent,
    pub due_at: DateTime<Utc>,
    pub repeat: Option<Repeat>,
    pub status: FollowUpStatus,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    /// A repeating follow-up whose reminder fired has already moved on to
    /// its next occurrence; this is when the fired one was due, until it is
    /// marked done.
    pub pending_since: Option<DateTime<Utc>>,
    /// The occurrence that is due was only seen after the grace period
    /// (Kith was closed or asleep), so it was not shown as a pop-up.
    pub missed: bool,
    /// The topic it is about, if any.
    pub topic: Option<(TopicId, String)>,
}

impl FollowUp {
    /// What its reminder says: with a topic, the question to ask first.
    pub fn reminder_text(&self) -> String {
        match &self.topic {
            Some((_, topic)) => format!("Ask about {topic}: {}", self.what),
            None => self.what.clone(),
        }
    }

    /// When the occurrence the user should act on was due: the pending one
    /// of a repeating follow-up, else the current due time.
    pub fn due_for_action(&self) -> DateTime<Utc> {
        self.pending_since.unwrap_or(self.due_at)
    }
}

/// A validated follow-up not yet tied to a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpSpec {
    pub what: String,
    pub due: LocalIntent,
    pub repeat: Option<Repeat>,
}

impl FollowUpSpec {
    pub fn new(what: &str, due: LocalIntent, repeat: Option<Repeat>) -> Result<Self, InputError> {
        Ok(Self {
            what: required_text(what, "what to follow up on", MAX_SHORT_CHARS)?,
            due,
            repeat,
        })
    }

    /// This follow-up, about `person`.
    pub fn about(self, person: PersonId) -> FollowUpDraft {
        FollowUpDraft {
            person,
            what: self.what,
            due: self.due,
            repeat: self.repeat,
            topic: None,
        }
    }
}

/// A follow-up about to be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDraft {
    pub person: PersonId,
    pub what: String,
    pub due: LocalIntent,
    pub repeat: Option<Repeat>,
    /// What matters to them that this follow-up is about; its reminder
    /// names it as the question to ask.
    pub topic: Option<TopicId>,
}

impl FollowUpDraft {
    /// About one of the person's topics.
    pub fn with_topic(self, topic: Option<TopicId>) -> Self {
        Self { topic, ..self }
    }

    pub fn new(
        person: PersonId,
        what: &str,
        due: LocalIntent,
        repeat: Option<Repeat>,
    ) -> Result<Self, InputError> {
        Ok(FollowUpSpec::new(what, due, repeat)?.about(person))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::when::Zone;
    use chrono::NaiveDateTime;
    use chrono_tz::Europe;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn repeat_rules_parse_and_print() {
        assert_eq!(
            Repeat::parse("2w"),
            Ok(Repeat {
                every: 2,
                unit: RepeatUnit::Week
            })
        );
        assert_eq!(Repeat::parse("12H").unwrap().code(), "12h");
        for bad in ["", "w", "0d", "-1d", "3y", "1001d", "d3"] {
            assert!(Repeat::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn monthly_series_stays_on_the_anchor_day() {
        let anchor = LocalIntent::new(local("2026-01-31 09:00"), Zone::Fixed(Europe::Berlin));
        let monthly = Repeat::parse("1m").unwrap();
        let feb = monthly
            .next_after(anchor, anchor.resolve(Tz::UTC), Tz::UTC)
            .unwrap();
        assert_eq!(feb.local, local("2026-02-28 09:00"));
        let march = monthly
            .next_after(anchor, feb.resolve(Tz::UTC), Tz::UTC)
            .unwrap();
        assert_eq!(march.local, local("2026-03-31 09:00"));
    }

    #[test]
    fn daily_series_keeps_local_time_across_dst() {
        let anchor = LocalIntent::new(local("2026-03-28 09:00"), Zone::Fixed(Europe::Berlin));
        let daily = Repeat::parse("1d").unwrap();
        let next = daily
            .next_after(anchor, anchor.resolve(Tz::UTC), Tz::UTC)
            .unwrap();
        assert_eq!(next.local, local("2026-03-29 09:00"));
        // 09:00 CET is 08:00Z; after the change 09:00 CEST is 07:00Z.
        assert_eq!(next.resolve(Tz::UTC).format("%H:%M").to_string(), "07:00");
    }

    #[test]
    fn next_after_is_the_same_however_far_from_the_anchor() {
        let anchor = LocalIntent::new(local("2020-01-31 09:00"), Zone::Fixed(Europe::Berlin));
        for (rule, after, expected) in [
            ("1d", "2026-03-29 08:00", "2026-03-29 09:00"),
            ("1m", "2026-02-15 00:00", "2026-02-28 09:00"),
            ("3m", "2026-02-15 00:00", "2026-04-30 09:00"),
            ("2w", "2026-01-01 00:00", "2026-01-09 09:00"),
            ("5h", "2020-02-01 00:00", "2020-02-01 05:00"),
        ] {
            let after =
                LocalIntent::new(local(after), Zone::Fixed(Europe::Berlin)).resolve(Tz::UTC);
            let next = Repeat::parse(rule)
                .unwrap()
                .next_after(anchor, after, Tz::UTC)
                .unwrap();
            assert_eq!(next.local, local(expected), "{rule}");
        }
    }

    #[test]
    fn next_after_skips_missed_occurrences() {
        let anchor = LocalIntent::new(local("2026-01-01 09:00"), Zone::Floating);
        let weekly = Repeat::parse("1w").unwrap();
        let after = LocalIntent::new(local("2026-01-20 12:00"), Zone::Floating).resolve(Tz::UTC);
        let next = weekly.next_after(anchor, after, Tz::UTC).unwrap();
        assert_eq!(next.local, local("2026-01-22 09:00"));
    }
}
