//! Follow-ups and the claim that makes each reminder fire exactly once.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::cadence::{claim_keep_in_touch, next_keep_in_touch};
use super::people::{clean, ensure_person};
use super::{from_secs, to_secs, Result, Store, StoreError};
use crate::domain::{
    FollowUp, FollowUpDraft, FollowUpId, FollowUpStatus, InputError, PersonId, Repeat, RepeatUnit,
    TopicId,
};
use crate::when::{format_local, parse_local, LocalIntent, Zone};

/// Which follow-ups to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpFilter {
    /// Open follow-ups due at or before the instant (overdue and due today
    /// when given the end of today).
    DueBy(DateTime<Utc>),
    /// Open follow-ups due in `[from, to)`.
    Between(DateTime<Utc>, DateTime<Utc>),
    /// Every follow-up of one person, open first.
    OfPerson(PersonId),
}

/// An open follow-up with what is needed to expand its future occurrences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub follow_up: FollowUp,
    /// The first occurrence of a repeating series.
    pub anchor: LocalIntent,
    /// Whether the current occurrence was already claimed (fired or missed).
    pub current_claimed: bool,
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
    pub reminder_id: i64,
    pub subject: Subject,
    pub person: PersonId,
    pub person_name: String,
    pub what: String,
    pub due_at: DateTime<Utc>,
    /// Claimed after the grace period: listed in Today, not shown.
    pub missed: bool,
}

const COLUMNS: &str = "f.id, f.person_id, p.display_name, f.what, f.due_local, f.due_zone,
    f.due_at, f.repeat_every, f.repeat_unit, f.status, f.created_at, f.done_at, f.pending_since,
    EXISTS (SELECT 1 FROM reminder r WHERE r.subject = 'follow_up' AND r.subject_id = f.id
            AND r.due_at = coalesce(f.pending_since, f.due_at) AND r.missed = 1),
    f.topic_id, (SELECT text FROM topic WHERE id = f.topic_id)";

fn follow_up_from_row(row: &Row<'_>) -> rusqlite::Result<FollowUp> {
    let due_local: String = row.get(4)?;
    let due_zone: Option<String> = row.get(5)?;
    let every: Option<u32> = row.get(7)?;
    let unit: Option<String> = row.get(8)?;
    let status: String = row.get(9)?;
    let done_at: Option<i64> = row.get(11)?;
    // The columns are written only by this module from validated values;
    // a value it cannot read back is reported as a conversion error.
    let local = parse_local(&due_local).ok_or_else(|| bad_column(4, &due_local))?;
    let zone = match due_zone {
        None => Zone::Floating,
        Some(name) => Zone::parse(&name).map_err(|_| bad_column(5, &name))?,
    };
    let repeat = match (every, unit.as_deref().and_then(RepeatUnit::parse)) {
        (Some(every), Some(unit)) => Some(Repeat { every, unit }),
        _ => None,
    };
    Ok(FollowUp {
        id: FollowUpId(row.get(0)?),
        person: PersonId(row.get(1)?),
        person_name: row.get(2)?,
        what: row.get(3)?,
        due: LocalIntent::new(local, zone),
        due_at: from_secs(row.get(6)?),
        repeat,
        status: FollowUpStatus::parse(&status).ok_or_else(|| bad_column(9, &status))?,
        created_at: from_secs(row.get(10)?),
        done_at: done_at.map(from_secs),
        pending_since: row.get::<_, Option<i64>>(12)?.map(from_secs),
        missed: row.get(13)?,
        topic: row
            .get::<_, Option<i64>>(14)?
            .zip(row.get::<_, Option<String>>(15)?)
            .map(|(id, text)| (TopicId(id), text)),
    })
}

fn bad_column(index: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("unreadable value {value:?}").into(),
    )
}

fn load(conn: &Connection, id: FollowUpId) -> Result<FollowUp> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.id = ?1"
        ),
        [id.0],
        follow_up_from_row,
    )
    .optional()?
    .ok_or(StoreError::FollowUpNotFound(id))
}

fn close(conn: &Connection, id: FollowUpId, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE follow_up SET status = 'done', done_at = ?2, pending_since = NULL WHERE id = ?1",
        params![id.0, to_secs(now)],
    )?;
    Ok(())
}

/// Marks a follow-up done inside `tx` (see [`Store::complete_follow_up`]).
pub(super) fn complete_in(
    tx: &Connection,
    id: FollowUpId,
    zone_now: Tz,
    now: DateTime<Utc>,
) -> Result<FollowUp> {
    let follow_up = load(tx, id)?;
    match (follow_up.repeat, follow_up.pending_since) {
        (Some(_), Some(_)) => {
            tx.execute(
                "UPDATE follow_up SET pending_since = NULL WHERE id = ?1",
                [id.0],
            )?;
        }
        (Some(repeat), None) => {
            let anchor = anchor_of(tx, &follow_up)?;
            match repeat.next_after(anchor, now.max(follow_up.due_at), zone_now) {
                Some(next) => set_due(tx, id, next, zone_now)?,
                None => close(tx, id, now)?,
            }
        }
        (None, _) => close(tx, id, now)?,
    }
    load(tx, id)
}

/// The first occurrence of a follow-up's series, in its zone.
fn anchor_of(conn: &Connection, follow_up: &FollowUp) -> Result<LocalIntent> {
    let text: String = conn.query_row(
        "SELECT anchor_local FROM follow_up WHERE id = ?1",
        [follow_up.id.0],
        |r| r.get(0),
    )?;
    let local = parse_local(&text).ok_or_else(|| bad_column(0, &text))?;
    Ok(LocalIntent::new(local, follow_up.due.zone))
}

fn set_due(conn: &Connection, id: FollowUpId, due: LocalIntent, zone_now: Tz) -> Result<()> {
    conn.execute(
        "UPDATE follow_up SET due_local = ?2, due_zone = ?3, due_at = ?4, status = 'open',
             done_at = NULL, pending_since = NULL
         WHERE id = ?1",
        params![
            id.0,
            format_local(due.local),
            due.zone.name(),
            to_secs(due.resolve(zone_now))
        ],
    )?;
    Ok(())
}

/// Inserts a validated follow-up.
pub(crate) fn insert_follow_up(
    conn: &Connection,
    draft: &FollowUpDraft,
    zone_now: Tz,
    now: DateTime<Utc>,
) -> Result<FollowUpId> {
    ensure_person(conn, draft.person)?;
    ensure_topic_of(conn, draft)?;
    conn.prepare_cached(
        "INSERT INTO follow_up (person_id, what, due_local, due_zone, due_at, anchor_local,
             repeat_every, repeat_unit, created_at, topic_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        draft.person.0,
        clean(&draft.what),
        format_local(draft.due.local),
        draft.due.zone.name(),
        to_secs(draft.due.resolve(zone_now)),
        draft.repeat.map(|r| r.every),
        draft.repeat.map(|r| r.unit.as_str()),
        to_secs(now),
        draft.topic.map(|t| t.0),
    ])?;
    Ok(FollowUpId(conn.last_insert_rowid()))
}

/// A follow-up's topic must be one of its person's.
fn ensure_topic_of(conn: &Connection, draft: &FollowUpDraft) -> Result<()> {
    let Some(topic) = draft.topic else {
        return Ok(());
    };
    conn.prepare_cached("SELECT 1 FROM topic WHERE id = ?1 AND person_id = ?2")?
        .query_row(params![topic.0, draft.person.0], |_| Ok(()))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "topic of this person",
            id: topic.0,
        })
}

impl Store {
    /// Creates a follow-up; `zone_now` resolves a floating due time.
    pub fn create_follow_up(
        &self,
        draft: &FollowUpDraft,
        zone_now: Tz,
        now: DateTime<Utc>,
    ) -> Result<FollowUpId> {
        self.write(|tx| insert_follow_up(tx, draft, zone_now, now))
    }

    /// One follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        self.read(|conn| load(conn, id))
    }

    /// Follow-ups matching `filter`, soonest first (a person's: open
    /// first, then the newest closed ones).
    pub fn follow_ups(&self, filter: FollowUpFilter) -> Result<Vec<FollowUp>> {
        let (condition, order, first, second) = match filter {
            FollowUpFilter::DueBy(until) => (
                "f.status = 'open' AND (f.due_at <= ?1 OR f.pending_since IS NOT NULL) AND ?2 = 0",
                "coalesce(f.pending_since, f.due_at), f.id",
                to_secs(until),
                0,
            ),
            FollowUpFilter::Between(from, to) => (
                "f.status = 'open' AND f.due_at >= ?1 AND f.due_at < ?2",
                "f.due_at, f.id",
                to_secs(from),
                to_secs(to),
            ),
            FollowUpFilter::OfPerson(person) => (
                "f.person_id = ?1 AND ?2 = 0",
                "f.status <> 'open', CASE f.status WHEN 'open' THEN f.due_at ELSE -f.due_at END",
                person.0,
                0,
            ),
        };
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id
                 WHERE {condition} ORDER BY {order} LIMIT 5000"
            ))?;
            let rows = stmt
                .query_map(params![first, second], follow_up_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Marks a follow-up done. For a repeating one this settles the
    /// occurrence that fired (it had already moved on to the next), or, if
    /// none is pending, completes the coming occurrence early and moves past
    /// it; it stays open.
    pub fn complete_follow_up(
        &self,
        id: FollowUpId,
        zone_now: Tz,
        now: DateTime<Utc>,
    ) -> Result<FollowUp> {
        self.write(|tx| complete_in(tx, id, zone_now, now))
    }

    /// Drops a follow-up: no longer intended, kept for the record.
    pub fn drop_follow_up(&self, id: FollowUpId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE follow_up SET status = 'dropped', done_at = ?2 WHERE id = ?1",
                params![id.0, to_secs(now)],
            )?;
            if changed == 0 {
                return Err(StoreError::FollowUpNotFound(id));
            }
            Ok(())
        })
    }

    /// Snoozes a follow-up until `until`, in its own zone's local time. For
    /// a repeating one the snoozed reminder fires at `until` and the series
    /// then carries on from its anchor.
    pub fn snooze_follow_up(
        &self,
        id: FollowUpId,
        until: DateTime<Utc>,
        zone_now: Tz,
        now: DateTime<Utc>,
    ) -> Result<FollowUp> {
        if until <= now {
            return Err(InputError::BadSnooze(until.to_rfc3339()).into());
        }
        self.write(|tx| {
            let current = load(tx, id)?;
            let due = LocalIntent::at_instant(until, current.due.zone, zone_now);
            set_due(tx, id, due, zone_now)?;
            load(tx, id)
        })
    }

    /// Replaces what a follow-up is about, when it is due and how it
    /// repeats (the new due time starts a new series). Its person stays.
    pub fn update_follow_up(
        &self,
        id: FollowUpId,
        draft: &FollowUpDraft,
        zone_now: Tz,
    ) -> Result<FollowUp> {
        self.write(|tx| {
            let current = load(tx, id)?;
            ensure_topic_of(
                tx,
                &FollowUpDraft {
                    person: current.person,
                    ..draft.clone()
                },
            )?;
            tx.execute(
                "UPDATE follow_up SET what = ?2, anchor_local = ?3, repeat_every = ?4, repeat_unit = ?5,
                     topic_id = ?6
                 WHERE id = ?1",
                params![
                    id.0,
                    clean(&draft.what),
                    format_local(draft.due.local),
                    draft.repeat.map(|r| r.every),
                    draft.repeat.map(|r| r.unit.as_str()),
                    draft.topic.map(|t| t.0),
                ],
            )?;
            set_due(tx, id, draft.due, zone_now)?;
            load(tx, id)
        })
    }

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
                    reminder_id,
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

    /// Every open follow-up as a series to expand (for `kith upcoming`).
    pub fn open_series(&self) -> Result<Vec<Series>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS}, f.anchor_local,
                        EXISTS (SELECT 1 FROM reminder r WHERE r.subject = 'follow_up'
                                AND r.subject_id = f.id AND r.due_at = f.due_at)
                 FROM follow_up f JOIN person p ON p.id = f.person_id
                 WHERE f.status = 'open' ORDER BY f.due_at, f.id"
            ))?;
            let rows = stmt.query_map([], |row| {
                let follow_up = follow_up_from_row(row)?;
                let anchor_text: String = row.get(16)?;
                let anchor =
                    parse_local(&anchor_text).ok_or_else(|| bad_column(16, &anchor_text))?;
                Ok(Series {
                    anchor: LocalIntent::new(anchor, follow_up.due.zone),
                    current_claimed: row.get(17)?,
                    follow_up,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Records that claimed reminders were shown.
    pub fn mark_shown(&self, reminder_ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached("UPDATE reminder SET shown_at = ?2 WHERE id = ?1")?;
            for id in reminder_ids {
                stmt.execute(params![id, to_secs(now)])?;
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

    /// Re-derives the instant of every open floating follow-up for a user
    /// now in `zone` (after a time-zone change). Returns how many moved.
    pub fn reresolve_floating(&self, zone: Tz) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT id, due_local, due_at FROM follow_up WHERE status = 'open' AND due_zone IS NULL",
            )?;
            let rows: Vec<(i64, String, i64)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut update = tx.prepare_cached("UPDATE follow_up SET due_at = ?2 WHERE id = ?1")?;
            let mut moved = 0;
            for (id, local, due_at) in rows {
                let Some(local) = parse_local(&local) else {
                    continue;
                };
                let resolved = to_secs(LocalIntent::new(local, Zone::Floating).resolve(zone));
                if resolved != due_at {
                    update.execute(params![id, resolved])?;
                    moved += 1;
                }
            }
            Ok(moved)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;
    use crate::when::parse_time;
    use crate::PersonDraft;
    use chrono::Duration;
    use chrono_tz::{America, Europe};

    const DAY: Duration = Duration::hours(24);

    fn setup() -> (Store, PersonId) {
        let store = Store::open_in_memory().unwrap();
        let id = store
            .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
            .unwrap();
        (store, id)
    }

    fn draft(person: PersonId, due: &str, repeat: Option<&str>) -> FollowUpDraft {
        FollowUpDraft::new(
            person,
            "Ask how the launch went",
            parse_time(due, Zone::Fixed(Europe::Berlin), Tz::UTC).unwrap(),
            repeat.map(|r| Repeat::parse(r).unwrap()),
        )
        .unwrap()
    }

    #[test]
    fn a_follow_up_about_a_topic_reminds_of_the_question_to_ask() {
        let (store, ada) = setup();
        let topic = store.add_topic(ada, "the move to Berlin", t0()).unwrap();
        let with_topic = draft(ada, "2026-03-01 12:00", None).with_topic(Some(topic));
        let id = store.create_follow_up(&with_topic, Tz::UTC, t0()).unwrap();
        assert_eq!(
            store.follow_up(id).unwrap().topic,
            Some((topic, "the move to Berlin".to_owned()))
        );
        let claimed = store
            .claim_due(t0() + Duration::hours(3), DAY, Tz::UTC)
            .unwrap();
        assert_eq!(
            claimed[0].what,
            "Ask about the move to Berlin: Ask how the launch went"
        );

        let grace = store
            .create_person(&PersonDraft::named("Grace").unwrap(), t0())
            .unwrap();
        let not_hers = draft(grace, "2026-03-02 12:00", None).with_topic(Some(topic));
        assert!(matches!(
            store.create_follow_up(&not_hers, Tz::UTC, t0()),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn a_due_occurrence_is_claimed_once() {
        let (store, ada) = setup();
        let id = store
            .create_follow_up(&draft(ada, "2026-03-01 12:00", None), Tz::UTC, t0())
            .unwrap();
        // 12:00 in Berlin is 11:00Z, an hour after t0.
        assert!(
            store.claim_due(t0(), DAY, Tz::UTC).unwrap().is_empty(),
            "not due yet"
        );
        let claimed = store
            .claim_due(t0() + Duration::hours(1), DAY, Tz::UTC)
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].subject, Subject::FollowUp(id));
        assert_eq!(claimed[0].person_name, "Ada Lovelace");
        assert!(store
            .claim_due(t0() + Duration::hours(2), DAY, Tz::UTC)
            .unwrap()
            .is_empty());
        assert_eq!(store.next_unclaimed_due(Tz::UTC).unwrap(), None);
    }

    #[test]
    fn snoozing_moves_the_due_time_and_makes_a_new_occurrence() {
        let (store, ada) = setup();
        let id = store
            .create_follow_up(&draft(ada, "2026-03-01 11:00", None), Tz::UTC, t0())
            .unwrap();
        let fired = t0() + Duration::hours(1);
        assert_eq!(store.claim_due(fired, DAY, Tz::UTC).unwrap().len(), 1);
        let until = fired + Duration::days(1);
        let snoozed = store.snooze_follow_up(id, until, Tz::UTC, fired).unwrap();
        assert_eq!(snoozed.due_at, until);
        assert_eq!(snoozed.due.zone, Zone::Fixed(Europe::Berlin));
        assert!(store
            .claim_due(until - Duration::seconds(1), DAY, Tz::UTC)
            .unwrap()
            .is_empty());
        assert_eq!(store.claim_due(until, DAY, Tz::UTC).unwrap().len(), 1);
        assert!(store.snooze_follow_up(id, fired, Tz::UTC, until).is_err());
    }

    #[test]
    fn completing_a_one_off_closes_it_and_a_repeat_moves_on() {
        let (store, ada) = setup();
        let once = store
            .create_follow_up(&draft(ada, "2026-03-01 11:00", None), Tz::UTC, t0())
            .unwrap();
        let weekly = store
            .create_follow_up(&draft(ada, "2026-03-01 11:00", Some("1w")), Tz::UTC, t0())
            .unwrap();
        let done = store.complete_follow_up(once, Tz::UTC, t0()).unwrap();
        assert_eq!(done.status, FollowUpStatus::Done);
        let moved = store.complete_follow_up(weekly, Tz::UTC, t0()).unwrap();
        assert_eq!(moved.status, FollowUpStatus::Open);
        assert_eq!(format_local(moved.due.local), "2026-03-08T11:00:00");
        let due = store
            .follow_ups(FollowUpFilter::DueBy(t0() + Duration::days(30)))
            .unwrap();
        assert_eq!(due.iter().map(|f| f.id).collect::<Vec<_>>(), vec![weekly]);
    }

    #[test]
    fn floating_follow_ups_move_with_the_zone_and_fixed_ones_do_not() {
        let (store, ada) = setup();
        let floating = FollowUpDraft::new(
            ada,
            "Call",
            parse_time("2026-06-01 09:00", Zone::Floating, Tz::UTC).unwrap(),
            None,
        )
        .unwrap();
        let floating = store
            .create_follow_up(&floating, Europe::Berlin, t0())
            .unwrap();
        let fixed = store
            .create_follow_up(&draft(ada, "2026-06-01 09:00", None), Europe::Berlin, t0())
            .unwrap();
        let before = store.follow_up(fixed).unwrap().due_at;
        assert_eq!(store.reresolve_floating(America::Los_Angeles).unwrap(), 1);
        assert_eq!(
            store.follow_up(floating).unwrap().due_at.to_rfc3339(),
            "2026-06-01T16:00:00+00:00"
        );
        assert_eq!(store.follow_up(fixed).unwrap().due_at, before);
    }

    #[test]
    fn updating_replaces_text_time_and_repeat_but_not_the_person() {
        let (store, ada) = setup();
        let id = store
            .create_follow_up(&draft(ada, "2026-03-01 12:00", Some("1w")), Tz::UTC, t0())
            .unwrap();
        let mut edited = draft(PersonId(999), "2026-04-02 08:15", None);
        edited.what = "Send the deck".into();
        let updated = store.update_follow_up(id, &edited, Tz::UTC).unwrap();
        assert_eq!(updated.what, "Send the deck");
        assert_eq!(updated.person, ada);
        assert_eq!(updated.repeat, None);
        assert_eq!(format_local(updated.due.local), "2026-04-02T08:15:00");
        assert!(matches!(
            store.update_follow_up(FollowUpId(77), &edited, Tz::UTC),
            Err(StoreError::FollowUpNotFound(_))
        ));
    }

    #[test]
    fn a_repeating_follow_up_fires_and_moves_on_keeping_the_fired_one_pending() {
        let (store, ada) = setup();
        let id = store
            .create_follow_up(&draft(ada, "2026-03-01 12:00", Some("1d")), Tz::UTC, t0())
            .unwrap();
        let fired_at = t0() + Duration::hours(1);
        let claimed = store.claim_due(fired_at, DAY, Tz::UTC).unwrap();
        assert_eq!(claimed.len(), 1);
        let moved = store.follow_up(id).unwrap();
        assert_eq!(format_local(moved.due.local), "2026-03-02T12:00:00");
        assert_eq!(moved.pending_since, Some(fired_at));
        // Still due in Today though its next time is tomorrow.
        let due = store.follow_ups(FollowUpFilter::DueBy(fired_at)).unwrap();
        assert_eq!(due.len(), 1);
        // Done settles the fired occurrence and keeps tomorrow's.
        let done = store.complete_follow_up(id, Tz::UTC, fired_at).unwrap();
        assert_eq!(done.pending_since, None);
        assert_eq!(format_local(done.due.local), "2026-03-02T12:00:00");
        assert!(store
            .follow_ups(FollowUpFilter::DueBy(fired_at))
            .unwrap()
            .is_empty());
        // Completing early skips the coming occurrence.
        let early = store.complete_follow_up(id, Tz::UTC, fired_at).unwrap();
        assert_eq!(format_local(early.due.local), "2026-03-03T12:00:00");
    }

    #[test]
    fn an_occurrence_past_the_grace_period_is_claimed_as_missed() {
        let (store, ada) = setup();
        let id = store
            .create_follow_up(&draft(ada, "2026-03-01 12:00", None), Tz::UTC, t0())
            .unwrap();
        let three_days_later = t0() + Duration::days(3);
        let claimed = store.claim_due(three_days_later, DAY, Tz::UTC).unwrap();
        assert!(claimed[0].missed);
        assert!(store.follow_up(id).unwrap().missed);
        assert!(store
            .claim_due(three_days_later, DAY, Tz::UTC)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn deleting_a_person_removes_their_follow_ups() {
        let (store, ada) = setup();
        store
            .create_follow_up(&draft(ada, "2026-03-01 11:00", None), Tz::UTC, t0())
            .unwrap();
        store.trash_person(ada, t0()).unwrap();
        assert!(store
            .follow_ups(FollowUpFilter::DueBy(t0() + Duration::days(9)))
            .unwrap()
            .is_empty());
    }
}
