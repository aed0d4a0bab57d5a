//! Claiming reminders: what is due (follow-ups and keep-in-touch dates),
//! claimed in one transaction before it is shown so it is shown at most
//! once; marking what was shown; when the next one falls due. The
//! scheduler's side of the store.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::params;

use super::claims::{claim_keep_in_touch, next_keep_in_touch};
use super::claims::{ClaimedReminder, Subject};
use super::follow_up_rows::{anchor_of, load};
use super::{from_secs, to_secs, Result, Store};
use crate::domain::{FollowUpId, ReminderId};
use crate::when::format_local;

impl Store {
    /// Claims every open follow-up whose current occurrence is due at or
    /// before `now` and has not been claimed yet. The claim is a row in
    /// `reminder`, unique per occurrence, written in one transaction before
    /// anything is shown: whatever happens next, no occurrence is claimed
    /// twice. An occurrence more than `grace` old is claimed as missed (to
    /// be listed, not shown). A repeating follow-up moves on to its next
    /// occurrence after `now` in the same transaction.
    pub fn claim_due(
        &self,
        now: DateTime<Utc>,
        grace: chrono::Duration,
        zone_now: Tz,
    ) -> Result<Vec<ClaimedReminder>> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO reminder (subject, subject_id, due_at, claimed_at, missed)
                 SELECT 'follow_up', f.id, f.due_at, ?1, f.due_at < ?2 FROM follow_up f
                 WHERE f.status = 'open' AND f.due_at <= ?1
                   AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.subject = 'follow_up'
                                   AND r.subject_id = f.id AND r.due_at = f.due_at)
                 ORDER BY f.due_at, f.id
                 RETURNING id, subject_id, due_at, missed",
            )?;
            let claimed: Vec<(i64, i64, i64, bool)> = stmt
                .query_map(params![to_secs(now), to_secs(now - grace)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut reminders = Vec::with_capacity(claimed.len());
            for (reminder_id, follow_up, due_at, missed) in claimed {
                let follow_up = load(tx, FollowUpId(follow_up))?;
                if let Some(repeat) = follow_up.repeat {
                    let anchor = anchor_of(tx, &follow_up)?;
                    if let Some(next) = repeat.next_after(anchor, now, zone_now) {
                        tx.execute(
                            "UPDATE follow_up SET due_local = ?2, due_zone = ?3, due_at = ?4,
                                 pending_since = coalesce(pending_since, ?5)
                             WHERE id = ?1",
                            params![
                                follow_up.id.0,
                                format_local(next.local),
                                next.zone.name(),
                                to_secs(next.resolve(zone_now)),
                                due_at
                            ],
                        )?;
                    }
                }
                reminders.push(ClaimedReminder {
                    reminder_id: ReminderId(reminder_id),
                    subject: Subject::FollowUp(follow_up.id),
                    person: follow_up.person,
                    what: follow_up.reminder_text(),
                    person_name: follow_up.person_name,
                    due_at: from_secs(due_at),
                    missed,
                });
            }
            reminders.extend(claim_keep_in_touch(tx, now, grace, zone_now)?);
            reminders.sort_by_key(|r| (r.due_at, r.person));
            Ok(reminders)
        })
    }

    /// Records that claimed reminders were shown.
    pub fn mark_shown(&self, reminder_ids: &[ReminderId], now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached("UPDATE reminder SET shown_at = ?2 WHERE id = ?1")?;
            for id in reminder_ids {
                stmt.execute(params![id.0, to_secs(now)])?;
            }
            Ok(())
        })
    }

    /// The earliest due instant among open follow-ups and keep-in-touch
    /// dates not claimed yet; the scheduler sleeps until then.
    pub fn next_unclaimed_due(&self, zone_now: Tz) -> Result<Option<DateTime<Utc>>> {
        self.read(|conn| {
            let keep_in_touch = next_keep_in_touch(conn, zone_now)?;
            let next: Option<i64> = conn.query_row(
                "SELECT min(f.due_at) FROM follow_up f WHERE f.status = 'open'
                   AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.subject = 'follow_up'
                                   AND r.subject_id = f.id AND r.due_at = f.due_at)",
                [],
                |r| r.get(0),
            )?;
            Ok(match (next.map(from_secs), keep_in_touch) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            })
        })
    }
}
