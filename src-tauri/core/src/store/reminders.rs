//! Claiming reminders: what is due (follow-ups, keep-in-touch dates,
//! birthdays, anniversaries and named dates),
//! claimed in one transaction before it is shown so it is shown at most
//! once; marking what was shown; when the next one falls due. The
//! scheduler's side of the store.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::params;

use super::candidates::deceased;
use super::claims::{claim_dates, claim_keep_in_touch, dates_due, next_date, next_keep_in_touch};
use super::claims::{occasions, DateDue};
use super::claims::{ClaimedReminder, Subject};
use super::follow_up_rows::{anchor_of, load};
use super::{from_secs, to_secs, Result, Store};
use crate::dates::Occasion;
use crate::domain::{FollowUpId, PersonId, ReminderId};
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
        let dates = self.settings()?.date_reminders();
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO reminder (subject, subject_id, due_at, claimed_at, missed)
                 SELECT 'follow_up', f.id, f.due_at, ?1, f.due_at < ?2 FROM follow_up f
                 WHERE f.status = 'open' AND f.due_at <= ?1
                   AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = f.person_id AND p.deceased = 1)
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
            reminders.extend(claim_dates(tx, now, grace, &dates, zone_now)?);
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
                   AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = f.person_id AND p.deceased = 1)
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

    /// The earliest birthday, anniversary or named date reminder not
    /// claimed yet after `now`; the scheduler sleeps until then at most.
    pub fn next_date_reminder(
        &self,
        now: DateTime<Utc>,
        zone_now: Tz,
    ) -> Result<Option<DateTime<Utc>>> {
        let dates = self.settings()?.date_reminders();
        self.read(|conn| next_date(conn, now, &dates, zone_now))
    }

    /// Everyone marked as deceased (their follow-ups are not reminded of).
    pub fn deceased_people(&self) -> Result<std::collections::HashSet<PersonId>> {
        self.read(deceased)
    }

    /// Every birthday, anniversary and named date of the living.
    pub fn occasions(&self) -> Result<Vec<Occasion>> {
        self.read(occasions)
    }

    /// Birthdays, anniversaries and named dates falling on or after `from`
    /// whose reminders come at or before `until` (see [`DateDue`]).
    pub fn dates_due(
        &self,
        from: NaiveDate,
        until: DateTime<Utc>,
        zone_now: Tz,
    ) -> Result<Vec<DateDue>> {
        let dates = self.settings()?.date_reminders();
        self.read(|conn| dates_due(conn, from, until, &dates, zone_now))
    }
}
