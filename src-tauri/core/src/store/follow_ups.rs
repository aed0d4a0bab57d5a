//! Follow-ups and the claim that makes each reminder fire exactly once.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::params;

use super::follow_up_rows::{
    bad_column, complete_in, ensure_topic_of, follow_up_from_row, insert_follow_up, load, set_due,
    COLUMNS,
};
use super::rows::clean;
use super::{to_secs, Result, Store, StoreError};
use crate::domain::{FollowUp, FollowUpDraft, FollowUpId, InputError, PersonId};
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
                "f.status = 'open' AND (f.due_at <= ?1 OR f.pending_since IS NOT NULL) AND ?2 = 0
                 AND p.deceased = 0",
                "coalesce(f.pending_since, f.due_at), f.id",
                to_secs(until),
                0,
            ),
            FollowUpFilter::Between(from, to) => (
                "f.status = 'open' AND f.due_at >= ?1 AND f.due_at < ?2 AND p.deceased = 0",
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
    use crate::domain::{FollowUpStatus, Repeat};
    use crate::store::claims::Subject;
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
