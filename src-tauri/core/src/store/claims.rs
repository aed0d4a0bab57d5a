//! Part of the store's floor: keep-in-touch dates (derived from the last
//! touch and the person's or circle's cadence) and their reminder claims,
//! which the follow-up claims and the cadence views share.

use chrono::{DateTime, Days, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};

use super::{from_secs, to_secs, Result};
use crate::domain::{FollowUpId, PersonId, ReminderId};
use crate::when::resolve_local;

/// Keep-in-touch reminders come at this local hour of their day.
pub const KEEP_IN_TOUCH_HOUR: u32 = 9;

/// A person with a cadence and when keeping in touch is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepInTouch {
    pub person: PersonId,
    pub person_name: String,
    pub cadence_days: u32,
    pub last_touch: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    /// Whether this date's reminder was claimed (shown or missed).
    pub claimed: bool,
}

impl KeepInTouch {
    /// The reminder's body, e.g. "Last touch 45 days ago; you keep in touch every 30 days".
    pub fn what(&self, now: DateTime<Utc>) -> String {
        match self.last_touch {
            Some(at) => format!(
                "Last touch {} days ago; you keep in touch every {} days",
                (now - at).num_days().max(0),
                self.cadence_days
            ),
            None => format!(
                "No touch yet; you keep in touch every {} days",
                self.cadence_days
            ),
        }
    }
}

/// The day a cadence comes due: the last touch's local date (or the day the
/// person was added) plus the cadence, at 09:00 in the user's zone.
fn due_at(since: DateTime<Utc>, cadence_days: u32, zone: Tz) -> DateTime<Utc> {
    let day = since.with_timezone(&zone).date_naive();
    let due_day = day
        .checked_add_days(Days::new(u64::from(cadence_days)))
        .unwrap_or(day);
    let nine = NaiveTime::from_hms_opt(KEEP_IN_TOUCH_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
    resolve_local(due_day.and_time(nine), zone)
}

/// Everyone with a cadence, with their keep-in-touch date.
pub(crate) fn all(conn: &Connection, zone: Tz) -> Result<Vec<KeepInTouch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.display_name, p.created_at,
                coalesce(p.cadence_days,
                         (SELECT min(t.cadence_days) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                          WHERE pt.person_id = p.id)) AS cadence,
                (SELECT max(happened_at) FROM touch WHERE person_id = p.id)
         FROM person p WHERE cadence IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    let mut claimed = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM reminder WHERE subject = 'cadence' AND subject_id = ?1
                        AND due_at = ?2)",
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, created, cadence, last) = row?;
        let last_touch = last.map(from_secs);
        let due = due_at(last_touch.unwrap_or(from_secs(created)), cadence, zone);
        out.push(KeepInTouch {
            person: PersonId(id),
            person_name: name,
            cadence_days: cadence,
            last_touch,
            due_at: due,
            claimed: claimed.query_row(params![id, to_secs(due)], |r| r.get(0))?,
        });
    }
    Ok(out)
}

/// Claims every keep-in-touch date that has come and is not claimed yet.
pub(crate) fn claim_keep_in_touch(
    conn: &Connection,
    now: DateTime<Utc>,
    grace: chrono::Duration,
    zone: Tz,
) -> Result<Vec<ClaimedReminder>> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO reminder (subject, subject_id, due_at, claimed_at, missed)
         VALUES ('cadence', ?1, ?2, ?3, ?4)",
    )?;
    let mut claimed = Vec::new();
    for due in all(conn, zone)? {
        if due.claimed || due.due_at > now {
            continue;
        }
        let missed = due.due_at < now - grace;
        insert.execute(params![
            due.person.0,
            to_secs(due.due_at),
            to_secs(now),
            missed
        ])?;
        claimed.push(ClaimedReminder {
            reminder_id: ReminderId(conn.last_insert_rowid()),
            subject: Subject::KeepInTouch {
                cadence_days: due.cadence_days,
            },
            person: due.person,
            person_name: due.person_name.clone(),
            what: due.what(now),
            due_at: due.due_at,
            missed,
        });
    }
    Ok(claimed)
}

/// The earliest keep-in-touch date not claimed yet.
pub(crate) fn next_keep_in_touch(conn: &Connection, zone: Tz) -> Result<Option<DateTime<Utc>>> {
    Ok(all(conn, zone)?
        .into_iter()
        .filter(|k| !k.claimed)
        .map(|k| k.due_at)
        .min())
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A follow-up fell due.
    FollowUp(FollowUpId),
    /// A person's keep-in-touch date came: no touch for `cadence_days`.
    KeepInTouch { cadence_days: u32 },
}

impl Subject {
    pub fn is_follow_up(&self) -> bool {
        matches!(self, Subject::FollowUp(_))
    }
}

/// A reminder occurrence the scheduler has claimed and may now show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedReminder {
    pub reminder_id: ReminderId,
    pub subject: Subject,
    pub person: PersonId,
    pub person_name: String,
    pub what: String,
    pub due_at: DateTime<Utc>,
    /// Claimed after the grace period: listed in Today, not shown.
    pub missed: bool,
}
