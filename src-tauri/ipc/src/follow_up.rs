//! Follow-ups and the Today view across the boundary.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use kith_core::agenda::Agenda;
use kith_core::domain::{FollowUp, FollowUpDraft, InputError, PersonId, Repeat, TopicId};
use kith_core::scheduler::PlannedFire;
use kith_core::store::{KeepInTouch, Subject};
use kith_core::when::{format_local, parse_time, Zone};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::instant;

/// A follow-up: what the user meant (`dueLocal` in `dueZone`, null for
/// floating) and the instant it falls on (`dueAt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpDto {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub what: String,
    pub due_local: String,
    pub due_zone: Option<String>,
    pub due_at: String,
    pub repeat: Option<String>,
    pub status: String,
    /// A repeating follow-up that fired and moved on: when the fired
    /// occurrence was due, until it is marked done.
    pub pending_since: Option<String>,
    /// Found only after the grace period, so listed rather than shown.
    pub missed: bool,
    /// The topic it is about, and the text its reminder shows.
    pub topic_id: Option<i64>,
    pub topic: Option<String>,
    pub reminder_text: String,
    /// How to reach them for it (filled where Today lists it).
    pub reach: Option<ReachDto>,
}

/// Where a suggested step goes: one of the person's identities and what to
/// do with it, for `open_identity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReachDto {
    pub identity: i64,
    /// `open`, `email` or `call`.
    pub how: String,
    /// The button's words: "E-mail", "Call", "Open LinkedIn profile".
    pub label: String,
}

impl From<kith_core::reach::Reach> for ReachDto {
    fn from(r: kith_core::reach::Reach) -> Self {
        use kith_core::domain::IdentityKind;
        let label = match (r.how, r.kind) {
            ("email", _) => "E-mail".to_owned(),
            ("call", _) => "Call".to_owned(),
            (_, IdentityKind::Linkedin) => "Open LinkedIn profile".to_owned(),
            (_, IdentityKind::X) => "Open X profile".to_owned(),
            (_, IdentityKind::Facebook) => "Open Facebook profile".to_owned(),
            (_, IdentityKind::Instagram) => "Open Instagram profile".to_owned(),
            _ => "Open".to_owned(),
        };
        Self {
            identity: r.identity,
            how: r.how.to_owned(),
            label,
        }
    }
}

impl From<FollowUp> for FollowUpDto {
    fn from(f: FollowUp) -> Self {
        let reminder_text = f.reminder_text();
        Self {
            id: f.id.0,
            person_id: f.person.0,
            person_name: f.person_name,
            what: f.what,
            due_local: format_local(f.due.local),
            due_zone: f.due.zone.name().map(str::to_owned),
            due_at: instant(f.due_at),
            repeat: f.repeat.map(Repeat::code),
            status: f.status.as_str().to_owned(),
            pending_since: f.pending_since.map(instant),
            missed: f.missed,
            reminder_text,
            topic_id: f.topic.as_ref().map(|(id, _)| id.0),
            topic: f.topic.map(|(_, text)| text),
            reach: None,
        }
    }
}

/// A new follow-up: `due` is a local `YYYY-MM-DDTHH:MM[:SS]` (or RFC 3339),
/// `zone` an IANA name or `floating`, `repeat` like `2w`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpInput {
    pub person_id: i64,
    pub what: String,
    pub due: String,
    #[serde(default)]
    pub zone: Option<String>,
    #[serde(default)]
    pub repeat: Option<String>,
    /// One of the person's topics.
    #[serde(default)]
    pub topic_id: Option<i64>,
}

impl FollowUpInput {
    pub fn into_draft(self, zone_now: Tz) -> Result<FollowUpDraft, InputError> {
        let zone = match self.zone.as_deref().map(str::trim) {
            Some(z) if !z.is_empty() => Zone::parse(z)?,
            _ => Zone::Floating,
        };
        let due = parse_time(&self.due, zone, zone_now)?;
        let repeat = match self.repeat.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => Some(Repeat::parse(r)?),
            _ => None,
        };
        Ok(
            FollowUpDraft::new(PersonId(self.person_id), &self.what, due, repeat)?
                .with_topic(self.topic_id.map(TopicId)),
        )
    }
}

/// One reminder that will fire, as `kith upcoming` lists it: the
/// occurrence's local time and zone, its instant, and when it will show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedFireDto {
    /// The follow-up, or null for a keep-in-touch date or a date.
    pub follow_up_id: Option<i64>,
    /// What fires: `follow-up`, `keep-in-touch`, `birthday`,
    /// `anniversary` or `date`.
    pub subject: String,
    pub person_name: String,
    pub what: String,
    pub local: String,
    /// The IANA zone the local time is in (for a floating one, the user's
    /// current zone).
    pub zone: String,
    pub floating: bool,
    pub due_at: String,
    /// Null when it will not pop up (missed, or reminders are off).
    pub fires_at: Option<String>,
}

impl PlannedFireDto {
    pub fn new(fire: PlannedFire, zone_now: Tz) -> Self {
        let zone = fire.due.zone.effective(zone_now);
        let local = fire.due_at.with_timezone(&zone).naive_local();
        Self {
            follow_up_id: match fire.subject {
                Subject::FollowUp(id) => Some(id.0),
                Subject::KeepInTouch { .. } | Subject::Date { .. } => None,
            },
            subject: match fire.subject {
                Subject::FollowUp(_) => "follow-up",
                Subject::KeepInTouch { .. } => "keep-in-touch",
                Subject::Date { kind, .. } => kind.subject(),
            }
            .to_owned(),
            person_name: fire.person_name,
            what: fire.what,
            local: format_local(local),
            zone: zone.name().to_owned(),
            floating: fire.due.zone == Zone::Floating,
            due_at: instant(fire.due_at),
            fires_at: fire.fires_at.map(instant),
        }
    }
}

/// How long to snooze: a number of minutes, or until a local time.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnoozeInput {
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub until: Option<String>,
}

impl SnoozeInput {
    /// The instant the snooze ends.
    pub fn until(&self, now: DateTime<Utc>, zone_now: Tz) -> Result<DateTime<Utc>, InputError> {
        match (&self.minutes, &self.until) {
            (Some(minutes), None) if *minutes > 0 && *minutes <= 60 * 24 * 366 => {
                Ok(now + Duration::minutes(i64::from(*minutes)))
            }
            (None, Some(until)) => {
                Ok(parse_time(until, Zone::Floating, zone_now)?.resolve(zone_now))
            }
            _ => Err(InputError::BadSnooze(format!("{self:?}"))),
        }
    }
}

/// A person whose keep-in-touch date has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeepInTouchDto {
    pub person_id: i64,
    pub person_name: String,
    pub cadence_days: u32,
    pub last_touch_at: Option<String>,
    pub due_at: String,
}

impl From<KeepInTouch> for KeepInTouchDto {
    fn from(k: KeepInTouch) -> Self {
        Self {
            person_id: k.person.0,
            person_name: k.person_name,
            cadence_days: k.cadence_days,
            last_touch_at: k.last_touch.map(instant),
            due_at: instant(k.due_at),
        }
    }
}

/// The Today view: what was missed while Kith was closed or asleep, what is
/// overdue, due later today, coming up, and whom to keep in touch with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TodayDto {
    /// What wants action today (the badge): due follow-ups and
    /// keep-in-touch dates, counted by the core's agenda.
    pub due_count: u32,
    pub keep_in_touch: Vec<KeepInTouchDto>,
    pub missed: Vec<FollowUpDto>,
    pub overdue: Vec<FollowUpDto>,
    pub today: Vec<FollowUpDto>,
    pub upcoming: Vec<FollowUpDto>,
}

impl From<Agenda> for TodayDto {
    fn from(agenda: Agenda) -> Self {
        let due_count = agenda.due_count() as u32;
        let list = |l: Vec<FollowUp>| l.into_iter().map(Into::into).collect();
        Self {
            due_count,
            keep_in_touch: agenda.keep_in_touch.into_iter().map(Into::into).collect(),
            missed: list(agenda.missed),
            overdue: list(agenda.overdue),
            today: list(agenda.today),
            upcoming: list(agenda.upcoming),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_up_input_defaults_to_floating_and_parses_repeat() {
        let input: FollowUpInput = serde_json::from_str(
            r#"{"personId":3,"what":"Ask about the launch","due":"2026-03-01T09:30","repeat":"2w"}"#,
        )
        .unwrap();
        let draft = input.into_draft(Tz::UTC).unwrap();
        assert_eq!(draft.due.zone, Zone::Floating);
        assert_eq!(draft.repeat.unwrap().code(), "2w");
        let input: FollowUpInput = serde_json::from_str(
            r#"{"personId":3,"what":"x","due":"2026-03-01T09:30","zone":"Moon/Base"}"#,
        )
        .unwrap();
        assert!(matches!(
            input.into_draft(Tz::UTC),
            Err(InputError::UnknownZone(_))
        ));
    }

    #[test]
    fn snooze_needs_exactly_one_positive_amount() {
        let now = Utc::now();
        let by_minutes = SnoozeInput {
            minutes: Some(60),
            until: None,
        };
        assert_eq!(
            by_minutes.until(now, Tz::UTC).unwrap(),
            now + Duration::hours(1)
        );
        for bad in [
            SnoozeInput {
                minutes: Some(0),
                until: None,
            },
            SnoozeInput {
                minutes: None,
                until: None,
            },
            SnoozeInput {
                minutes: Some(5),
                until: Some("2026-01-01 09:00".into()),
            },
        ] {
            assert!(bad.until(now, Tz::UTC).is_err());
        }
    }
}
