//! Follow-ups as sync sees them (tasks in a CalDAV task list): listing
//! them with their person's uid, applying what the server holds, and
//! removing what it deleted, each in one transaction with the item's new
//! state.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::follow_up_rows::bad_column;
use super::rows::clean;
use super::sync_rows::{forget_item, give_uids, person_with_uid, NewConflict, SyncItem};
use super::{from_secs, to_secs, Result, Store};
use crate::domain::{FollowUpSpec, FollowUpStatus, Repeat, RepeatUnit};
use crate::when::{format_local, parse_local, LocalIntent, Zone};

/// The collection follow-ups sync with.
const COLLECTION: &str = "follow_ups";

/// What a follow-up's task carries: everything but its topic and whether
/// an occurrence is waiting to be done (which stay as they are here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpFields {
    /// The uid of the person it is about.
    pub person_uid: String,
    pub what: String,
    pub due: LocalIntent,
    pub repeat: Option<Repeat>,
    /// The first occurrence of a repeating series (`None` for a one-off).
    pub anchor: Option<NaiveDateTime>,
    pub status: FollowUpStatus,
    pub done_at: Option<DateTime<Utc>>,
    /// The latest occurrence (its due time) whose reminder was shown, here
    /// or on another device: another device that learns of it does not
    /// show it again.
    pub shown: Option<DateTime<Utc>>,
}

impl FollowUpFields {
    /// Whether the two agree on everything but the reminder shown.
    fn same_but_shown(&self, other: &FollowUpFields) -> bool {
        let without = |f: &FollowUpFields| FollowUpFields {
            shown: None,
            ..f.clone()
        };
        without(self) == without(other)
    }
}

/// A follow-up as sync sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedFollowUp {
    pub uid: String,
    pub person_name: String,
    pub fields: FollowUpFields,
    /// When anything its task carries last changed here.
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "f.uid, p.uid, p.display_name, f.what, f.due_local, f.due_zone,
    f.repeat_every, f.repeat_unit, f.anchor_local, f.status, f.done_at,
    coalesce(f.updated_at, f.created_at),
    (SELECT max(r.due_at) FROM reminder r WHERE r.subject = 'follow_up' AND r.subject_id = f.id)";

fn synced_from_row(row: &Row<'_>) -> rusqlite::Result<SyncedFollowUp> {
    let local_at = |index: usize| -> rusqlite::Result<NaiveDateTime> {
        let text: String = row.get(index)?;
        parse_local(&text).ok_or_else(|| bad_column(index, &text))
    };
    let zone = match row.get::<_, Option<String>>(5)? {
        None => Zone::Floating,
        Some(name) => Zone::parse(&name).map_err(|_| bad_column(5, &name))?,
    };
    let repeat = match (
        row.get::<_, Option<u32>>(6)?,
        row.get::<_, Option<String>>(7)?
            .as_deref()
            .and_then(RepeatUnit::parse),
    ) {
        (Some(every), Some(unit)) => Some(Repeat { every, unit }),
        _ => None,
    };
    let status: String = row.get(9)?;
    Ok(SyncedFollowUp {
        uid: row.get(0)?,
        person_name: row.get(2)?,
        fields: FollowUpFields {
            person_uid: row.get(1)?,
            what: row.get(3)?,
            due: LocalIntent::new(local_at(4)?, zone),
            anchor: repeat.map(|_| local_at(8)).transpose()?,
            repeat,
            status: FollowUpStatus::parse(&status).ok_or_else(|| bad_column(9, &status))?,
            done_at: row.get::<_, Option<i64>>(10)?.map(from_secs),
            shown: row.get::<_, Option<i64>>(12)?.map(from_secs),
        },
        updated_at: from_secs(row.get(11)?),
    })
}

fn synced_with_uid(conn: &Connection, uid: &str) -> Result<Option<(i64, SyncedFollowUp)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, f.id FROM follow_up f JOIN person p ON p.id = f.person_id
             WHERE f.uid = ?1"
        ))?
        .query_row([uid], |r| Ok((r.get(13)?, synced_from_row(r)?)))
        .optional()?)
}

/// Where a repeating series counts from: the anchor the server gave when
/// the due time is one of its occurrences (a series on the 31st stays on
/// the 31st), else the due time itself (moved to another day elsewhere).
fn anchor_for(fields: &FollowUpFields, zone_now: Tz) -> NaiveDateTime {
    let due = fields.due.local;
    let (Some(repeat), Some(anchor)) = (fields.repeat, fields.anchor) else {
        return due;
    };
    if anchor == due {
        return due;
    }
    let series = LocalIntent::new(anchor, fields.due.zone);
    let before_due = fields.due.resolve(zone_now) - Duration::seconds(1);
    let on_series = anchor < due
        && repeat
            .next_after(series, before_due, zone_now)
            .is_some_and(|next| next.local == due);
    if on_series {
        anchor
    } else {
        due
    }
}

/// Writes `fields` to the follow-up with `uid`, creating it if there is
/// none. `None` when it cannot live here: its person is not here, or what
/// it says is not a follow-up Kith can keep (no text).
fn write_follow_up(
    tx: &Connection,
    uid: &str,
    fields: &FollowUpFields,
    zone_now: Tz,
    now: DateTime<Utc>,
) -> Result<Option<(bool, String)>> {
    let Some(person) = person_with_uid(tx, &fields.person_uid)? else {
        return Ok(None);
    };
    let Ok(spec) = FollowUpSpec::new(&clean(&fields.what), fields.due, fields.repeat) else {
        return Ok(None);
    };
    let name: String = tx.query_row(
        "SELECT display_name FROM person WHERE id = ?1",
        [person.0],
        |r| r.get(0),
    )?;
    let fields = FollowUpFields {
        what: spec.what,
        anchor: fields.repeat.map(|_| anchor_for(fields, zone_now)),
        done_at: match fields.status {
            FollowUpStatus::Open => None,
            _ => Some(fields.done_at.unwrap_or(now)),
        },
        ..fields.clone()
    };
    let values = params![
        person.0,
        fields.what,
        format_local(fields.due.local),
        fields.due.zone.name(),
        to_secs(fields.due.resolve(zone_now)),
        format_local(fields.anchor.unwrap_or(fields.due.local)),
        fields.repeat.map(|r| r.every),
        fields.repeat.map(|r| r.unit.as_str()),
        fields.status.as_str(),
        fields.done_at.map(to_secs),
        uid,
        to_secs(now),
    ];
    let current = synced_with_uid(tx, uid)?;
    let shown_before = current.as_ref().and_then(|(_, c)| c.fields.shown);
    let changed = match current {
        Some((_, current)) if current.fields.same_but_shown(&fields) => false,
        Some((id, _)) => {
            // A new due time or a closed task ends the waiting occurrence;
            // a follow-up moved to someone else leaves its topic behind.
            tx.prepare_cached(
                "UPDATE follow_up SET
                     pending_since = CASE WHEN due_local = ?3 AND due_zone IS ?4 AND ?9 = 'open'
                                          THEN pending_since END,
                     topic_id = CASE WHEN person_id = ?1 THEN topic_id END,
                     person_id = ?1, what = ?2, due_local = ?3, due_zone = ?4, due_at = ?5,
                     anchor_local = ?6, repeat_every = ?7, repeat_unit = ?8, status = ?9,
                     done_at = ?10
                 WHERE id = ?13",
            )?
            .execute(rusqlite::params_from_iter(
                values.iter().copied().chain([&id as &dyn rusqlite::ToSql]),
            ))?;
            true
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO follow_up (person_id, what, due_local, due_zone, due_at, anchor_local,
                     repeat_every, repeat_unit, status, done_at, uid, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            )?
            .execute(values)?;
            true
        }
    };
    // Shown on another device: claimed here too, so it is not shown again.
    if let Some(shown) = fields.shown.filter(|s| Some(*s) > shown_before) {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO reminder (subject, subject_id, due_at, claimed_at, shown_at)
             SELECT 'follow_up', id, ?2, ?3, ?3 FROM follow_up WHERE uid = ?1",
        )?
        .execute(params![uid, to_secs(shown), to_secs(now)])?;
    }
    Ok(Some((changed, name)))
}

impl Store {
    /// Every follow-up of a synced person (open and closed: a task marked
    /// done stays on the server as done). Follow-ups without a uid get one
    /// first (it is theirs for good).
    pub fn follow_ups_for_sync(&self) -> Result<Vec<SyncedFollowUp>> {
        give_uids(
            self,
            "follow_up",
            "id",
            "SELECT f.id FROM follow_up f JOIN person p ON p.id = f.person_id
             WHERE f.uid IS NULL AND p.uid IS NOT NULL AND p.is_sample = 0",
        )?;
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id
                 WHERE f.uid IS NOT NULL AND p.uid IS NOT NULL AND p.is_sample = 0
                 ORDER BY f.id"
            ))?;
            let rows = stmt
                .query_map([], synced_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Applies a follow-up's fields as merged from the server, creating it
    /// if needed, and records the item, in one transaction. Returns whether
    /// anything changed here, or `None` when the follow-up cannot live here
    /// (its person is not here, or it has no text): nothing is recorded.
    pub fn apply_synced_follow_up(
        &self,
        fields: &FollowUpFields,
        item: &SyncItem,
        conflicts: &[NewConflict],
        zone_now: Tz,
        now: DateTime<Utc>,
    ) -> Result<Option<bool>> {
        self.apply_pulled(COLLECTION, item, conflicts, now, |tx| {
            write_follow_up(tx, &item.uid, fields, zone_now, now)
        })
    }

    /// Writes a follow-up's synced fields here only (a conflict flipped to
    /// the value set aside); the next sync sends them. Whether it could.
    pub fn set_follow_up_fields(
        &self,
        uid: &str,
        fields: &FollowUpFields,
        zone_now: Tz,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| Ok(write_follow_up(tx, uid, fields, zone_now, now)?.is_some()))
    }

    /// The synced follow-up with `uid`.
    pub fn synced_follow_up(&self, uid: &str) -> Result<Option<SyncedFollowUp>> {
        self.read(|conn| Ok(synced_with_uid(conn, uid)?.map(|(_, f)| f)))
    }

    /// Deletes the follow-up with `uid` (its task was deleted on the
    /// server) and forgets its item.
    pub fn remove_synced_follow_up(&self, uid: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM follow_up WHERE uid = ?1", [uid])?;
            forget_item(tx, COLLECTION, uid)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FollowUpDraft, PersonDraft};
    use crate::store::tests::t0;
    use crate::when::parse_time;
    use chrono_tz::Europe;

    fn setup() -> (Store, String) {
        let store = Store::open_in_memory().unwrap();
        store
            .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
            .unwrap();
        let ada = store.people_for_sync().unwrap().remove(0).uid;
        store
            .set_sync_collection(COLLECTION, "/tasks/", None)
            .unwrap();
        (store, ada)
    }

    fn item(uid: &str) -> SyncItem {
        SyncItem {
            uid: uid.into(),
            href: format!("/tasks/{uid}.ics"),
            etag: Some("\"1\"".into()),
            base: "{}".into(),
            remote: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
        }
    }

    /// Applies `fields` as the server's task `uid`.
    fn take(store: &Store, fields: &FollowUpFields, uid: &str) -> Option<bool> {
        store
            .apply_synced_follow_up(fields, &item(uid), &[], Tz::UTC, t0())
            .unwrap()
    }

    fn fields(person: &str, due: &str, repeat: Option<&str>) -> FollowUpFields {
        FollowUpFields {
            person_uid: person.into(),
            what: "Ask how the launch went".into(),
            due: parse_time(due, Zone::Fixed(Europe::Berlin), Tz::UTC).unwrap(),
            repeat: repeat.map(|r| Repeat::parse(r).unwrap()),
            anchor: None,
            status: FollowUpStatus::Open,
            done_at: None,
            shown: None,
        }
    }

    #[test]
    fn a_follow_up_made_here_is_listed_with_its_persons_uid_and_keeps_its_own() {
        let (store, ada) = setup();
        let person = store.person_by_uid(&ada).unwrap().unwrap();
        let due = parse_time("2026-03-01 12:00", Zone::Floating, Tz::UTC).unwrap();
        let draft = FollowUpDraft::new(person, "Call", due, None).unwrap();
        store.create_follow_up(&draft, Tz::UTC, t0()).unwrap();
        let listed = store.follow_ups_for_sync().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].fields.person_uid, ada);
        assert_eq!(listed[0].fields.due.zone, Zone::Floating);
        assert_eq!(listed[0].updated_at, t0());
        assert_eq!(store.follow_ups_for_sync().unwrap()[0].uid, listed[0].uid);
    }

    #[test]
    fn a_task_from_the_server_is_created_updated_and_closed_here() {
        let (store, ada) = setup();
        let weekly = fields(&ada, "2026-03-02 09:00", Some("1w"));
        assert_eq!(take(&store, &weekly, "t1"), Some(true));
        let here = store.synced_follow_up("t1").unwrap().unwrap();
        assert_eq!(here.fields.anchor, parse_local("2026-03-02T09:00:00"));
        assert_eq!(here.person_name, "Ada Lovelace");
        // The same again changes nothing.
        assert_eq!(take(&store, &weekly, "t1"), Some(false));
        // Done elsewhere for a week: the next occurrence keeps the anchor.
        let next = FollowUpFields {
            anchor: parse_local("2026-03-02T09:00:00"),
            ..fields(&ada, "2026-03-09 09:00", Some("1w"))
        };
        take(&store, &next, "t1");
        let moved = store.synced_follow_up("t1").unwrap().unwrap();
        assert_eq!(moved.fields.anchor, parse_local("2026-03-02T09:00:00"));
        // Moved to a Thursday elsewhere: the series counts from there.
        let thursday = FollowUpFields {
            anchor: parse_local("2026-03-02T09:00:00"),
            ..fields(&ada, "2026-03-12 09:00", Some("1w"))
        };
        take(&store, &thursday, "t1");
        assert_eq!(
            store.synced_follow_up("t1").unwrap().unwrap().fields.anchor,
            parse_local("2026-03-12T09:00:00")
        );
        // Completed elsewhere.
        let done = FollowUpFields {
            status: FollowUpStatus::Done,
            done_at: Some(t0()),
            ..fields(&ada, "2026-03-12 09:00", None)
        };
        take(&store, &done, "t1");
        let closed = store.synced_follow_up("t1").unwrap().unwrap();
        assert_eq!(closed.fields.status, FollowUpStatus::Done);
        assert_eq!(closed.fields.done_at, Some(t0()));
        assert_eq!(store.sync_items("follow_ups").unwrap().len(), 1);
    }

    #[test]
    fn a_task_about_nobody_here_or_without_text_is_not_taken() {
        let (store, ada) = setup();
        let nobody = fields("someone-else", "2026-03-02 09:00", None);
        assert_eq!(take(&store, &nobody, "t1"), None);
        let empty = FollowUpFields {
            what: " \u{7} ".into(),
            ..fields(&ada, "2026-03-02 09:00", None)
        };
        assert_eq!(take(&store, &empty, "t2"), None);
        assert!(store.sync_items("follow_ups").unwrap().is_empty());
        assert!(store.follow_ups_for_sync().unwrap().is_empty());
    }

    #[test]
    fn a_reminder_shown_on_another_device_is_not_shown_here_and_one_shown_here_is_told() {
        let (store, ada) = setup();
        let task = fields(&ada, "2026-03-01 12:00", None);
        let due = task.due.resolve(Tz::UTC);
        let shown = FollowUpFields {
            shown: Some(due),
            ..task.clone()
        };
        take(&store, &shown, "t1");
        let day = Duration::hours(24);
        assert!(store.claim_due(due, day, Tz::UTC).unwrap().is_empty());
        assert_eq!(
            store.synced_follow_up("t1").unwrap().unwrap().fields.shown,
            Some(due)
        );

        // Shown here first: the task says so.
        take(&store, &task, "t2");
        assert_eq!(store.claim_due(due, day, Tz::UTC).unwrap().len(), 1);
        assert_eq!(
            store.synced_follow_up("t2").unwrap().unwrap().fields.shown,
            Some(due)
        );
    }

    #[test]
    fn a_task_deleted_on_the_server_goes_here_with_its_item() {
        let (store, ada) = setup();
        take(&store, &fields(&ada, "2026-03-02 09:00", None), "t1");
        store.remove_synced_follow_up("t1").unwrap();
        assert!(store.follow_ups_for_sync().unwrap().is_empty());
        assert!(store.sync_items("follow_ups").unwrap().is_empty());
    }

    #[test]
    fn any_change_here_moves_the_follow_ups_clock() {
        let (store, ada) = setup();
        take(&store, &fields(&ada, "2026-03-02 09:00", None), "t1");
        let before = store.synced_follow_up("t1").unwrap().unwrap().updated_at;
        let id: i64 = store
            .read(|c| {
                Ok(
                    c.query_row("SELECT id FROM follow_up WHERE uid = 't1'", [], |r| {
                        r.get(0)
                    })?,
                )
            })
            .unwrap();
        store
            .drop_follow_up(crate::domain::FollowUpId(id), t0())
            .unwrap();
        let after = store.synced_follow_up("t1").unwrap().unwrap().updated_at;
        assert!(after > before, "{after} after {before}");
    }
}
