//! The trash: deleting a person moves them, with everything of theirs, out
//! of the live tables into `trash_row` (Kith's compact row encoding), where
//! they stay [`TRASH_DAYS`] days and can be restored; then the purge
//! removes them for good.
//!
//! Moving the rows out, rather than marking the person deleted, keeps every
//! list, search, reminder and figure free of trash checks: a trashed
//! person's follow-ups cannot fire because they are not there.
//!
//! Restoring puts every row back. Ids freed by the delete may have been
//! taken since (SQLite reuses the largest rowid); a row whose id is taken
//! gets a new one, and the rows that point at it (a follow-up's topic, an
//! introduction's or a claimed reminder's follow-up, anything's person)
//! follow. Rows that point at someone no longer there (an introduction to a
//! person deleted since) cannot come back and are reported.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use super::rows::refresh_stage;
use super::saved::{check_saved_row, decode_row, encode_row, Value};
use super::saved::{rows_where, BY_PERSON};
use super::search::reindex;
use super::{from_secs, to_secs, Result, Store, StoreError};
use crate::domain::PersonId;

/// How long a deleted person is kept before the purge.
pub const TRASH_DAYS: i64 = 30;

/// A person in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashEntry {
    pub id: i64,
    /// The id they had (and get back if it is still free).
    pub person: PersonId,
    pub display_name: String,
    pub deleted_at: DateTime<Utc>,
    /// When the purge will remove them.
    pub purge_at: DateTime<Utc>,
}

/// Saves rows of `table` matching `filter` into the trash entry.
fn keep(
    tx: &Connection,
    entry: i64,
    seq: &mut i64,
    table: &str,
    filter: &str,
    args: &[i64],
) -> Result<()> {
    let (columns, rows) = rows_where(tx, table, filter, args)?;
    for row in rows {
        *seq += 1;
        tx.prepare_cached(
            "INSERT INTO trash_row (trash_id, seq, tbl, cols, vals) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            entry,
            *seq,
            table,
            columns.join(","),
            encode_row(&row)
        ])?;
    }
    Ok(())
}

/// Which table a column's value is an id of, for re-pointing rows whose
/// target got a new id on restore.
fn points_at(
    table: &str,
    column: &str,
    values: &[Value],
    columns: &[&str],
) -> Option<&'static str> {
    match (table, column) {
        (_, "person_id" | "person_a" | "person_b" | "introduced_by" | "a" | "b")
        | ("link", "from_id" | "to_id") => Some("person"),
        ("follow_up", "topic_id") => Some("topic"),
        ("introduction", "follow_up_id") => Some("follow_up"),
        ("reminder", "subject_id") => {
            let subject = columns
                .iter()
                .position(|c| *c == "subject")
                .map(|i| &values[i]);
            match subject {
                Some(Value::Text(s))
                    if ["cadence", "birthday", "anniversary"].contains(&s.as_str()) =>
                {
                    Some("person")
                }
                Some(Value::Text(s)) if s == "date" => Some("person_date"),
                _ => Some("follow_up"),
            }
        }
        _ => None,
    }
}

fn id_taken(tx: &Connection, table: &str, id: i64) -> Result<bool> {
    Ok(tx
        .query_row(
            &format!("SELECT 1 FROM \"{table}\" WHERE id = ?1"),
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Whether every person a row names (other than the one restored) exists.
fn others_exist(tx: &Connection, table: &str, columns: &[&str], values: &[Value]) -> Result<bool> {
    for (column, value) in columns.iter().zip(values) {
        let target = match (table, *column) {
            ("introduction", "person_a" | "person_b")
            | ("not_duplicate" | "link_dismissed", "a" | "b")
            | ("link", "from_id" | "to_id") => "person",
            ("person_tag", "tag_id") => "tag",
            _ => continue,
        };
        if let Value::Integer(id) = value {
            if !id_taken(tx, target, *id)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

impl Store {
    /// Moves a person and everything of theirs to the trash.
    pub fn trash_person(&self, id: PersonId, now: DateTime<Utc>) -> Result<TrashEntry> {
        self.write(|tx| {
            let (name, uid): (String, Option<String>) = tx
                .query_row("SELECT display_name, uid FROM person WHERE id = ?1", [id.0], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?
                .ok_or(StoreError::PersonNotFound(id))?;
            tx.execute(
                "INSERT INTO trash (person_id, display_name, deleted_at, person_uid) VALUES (?1, ?2, ?3, ?4)",
                params![id.0, name, to_secs(now), uid],
            )?;
            let entry = tx.last_insert_rowid();
            let mut seq = 0;
            let p = &[id.0];
            // Parents first, so a restore can insert in this order.
            keep(tx, entry, &mut seq, "person", "id = ?1", p)?;
            keep(tx, entry, &mut seq, "topic", "person_id = ?1", p)?;
            keep(tx, entry, &mut seq, "follow_up", "person_id = ?1", p)?;
            for table in BY_PERSON.iter().filter(|t| !["topic", "follow_up"].contains(t)) {
                keep(tx, entry, &mut seq, table, "person_id = ?1", p)?;
            }
            keep(tx, entry, &mut seq, "introduction", "person_a = ?1 OR person_b = ?1", p)?;
            keep(tx, entry, &mut seq, "not_duplicate", "a = ?1 OR b = ?1", p)?;
            keep(tx, entry, &mut seq, "link_dismissed", "a = ?1 OR b = ?1", p)?;
            keep(tx, entry, &mut seq, "link", "from_id = ?1 OR to_id = ?1", p)?;
            let their_reminders = "(subject IN ('cadence', 'birthday', 'anniversary') AND subject_id = ?1)
                OR (subject = 'follow_up' AND subject_id IN (SELECT id FROM follow_up WHERE person_id = ?1))
                OR (subject = 'date' AND subject_id IN (SELECT id FROM person_date WHERE person_id = ?1))";
            keep(tx, entry, &mut seq, "reminder", their_reminders, p)?;
            // Whom they introduced: the link comes back with them.
            let introduced: Vec<i64> = tx
                .prepare("SELECT id FROM person WHERE introduced_by = ?1")?
                .query_map([id.0], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for other in introduced {
                seq += 1;
                tx.execute(
                    "INSERT INTO trash_row (trash_id, seq, tbl, cols, vals) VALUES (?1, ?2, '~introduced', 'id', ?3)",
                    params![entry, seq, encode_row(&[Value::Integer(other)])],
                )?;
            }
            tx.execute(&format!("DELETE FROM reminder WHERE {their_reminders}"), [id.0])?;
            tx.execute("DELETE FROM person_search WHERE rowid = ?1", [id.0])?;
            tx.execute("DELETE FROM person WHERE id = ?1", [id.0])?;
            Ok(TrashEntry {
                id: entry,
                person: id,
                display_name: name,
                deleted_at: now,
                purge_at: now + Duration::days(TRASH_DAYS),
            })
        })
    }

    /// The trash, most recently deleted first.
    pub fn trash(&self) -> Result<Vec<TrashEntry>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, person_id, display_name, deleted_at FROM trash ORDER BY deleted_at DESC, id DESC",
            )?;
            let entries = stmt
                .query_map([], |r| {
                    let deleted_at = from_secs(r.get(3)?);
                    Ok(TrashEntry {
                        id: r.get(0)?,
                        person: PersonId(r.get(1)?),
                        display_name: r.get(2)?,
                        deleted_at,
                        purge_at: deleted_at + Duration::days(TRASH_DAYS),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(entries)
        })
    }

    /// Puts a trashed person back with everything of theirs; returns their
    /// id (a new one if theirs was taken since) and how many rows could not
    /// come back because what they pointed at is gone.
    pub fn restore_from_trash(&self, entry: i64, now: DateTime<Utc>) -> Result<(PersonId, usize)> {
        self.write(|tx| restore(tx, entry, now))
    }

    /// Removes for good everyone deleted more than [`TRASH_DAYS`] days
    /// before `now`; returns how many.
    pub fn purge_trash(&self, now: DateTime<Utc>) -> Result<usize> {
        let cutoff = to_secs(now - Duration::days(TRASH_DAYS));
        self.write(|tx| Ok(tx.execute("DELETE FROM trash WHERE deleted_at <= ?1", [cutoff])?))
    }
}

pub(super) fn restore(
    tx: &Transaction<'_>,
    entry: i64,
    now: DateTime<Utc>,
) -> Result<(PersonId, usize)> {
    let exists = tx
        .query_row("SELECT 1 FROM trash WHERE id = ?1", [entry], |_| Ok(()))
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound {
            what: "trash entry",
            id: entry,
        });
    }
    let saved: Vec<(String, String, String)> = tx
        .prepare("SELECT tbl, cols, vals FROM trash_row WHERE trash_id = ?1 ORDER BY seq")?
        .query_map([entry], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // New ids per table, for rows whose id was taken since.
    let mut moved: HashMap<(&'static str, i64), i64> = HashMap::new();
    let mut person: Option<PersonId> = None;
    let mut lost = 0;
    for (table, cols, vals) in &saved {
        let mut values = decode_row(vals).ok_or_else(|| {
            StoreError::Inconsistent(format!("trash entry {entry} has an unreadable row"))
        })?;
        let mut columns: Vec<&str> = cols.split(',').collect();
        if table != "~introduced" {
            check_saved_row(tx, table, &columns, &values)?;
        }
        if table == "~introduced" {
            if let (Some(Value::Integer(other)), Some(me)) = (values.first(), person) {
                tx.execute(
                    "UPDATE person SET introduced_by = ?2 WHERE id = ?1 AND introduced_by IS NULL",
                    params![other, me.0],
                )?;
            }
            continue;
        }
        // Point at the new ids of what was restored before.
        for i in 0..columns.len() {
            let target = points_at(table, columns[i], &values, &columns);
            if let (Some(target), Value::Integer(old)) = (target, &values[i]) {
                if let Some(new) = moved.get(&(target, *old)) {
                    values[i] = Value::Integer(*new);
                }
            }
        }
        if !others_exist(tx, table, &columns, &values)? {
            lost += 1;
            continue;
        }
        let own_id = columns
            .iter()
            .position(|c| *c == "id")
            .and_then(|i| match values[i] {
                Value::Integer(id) => Some((i, id)),
                _ => None,
            });
        let kind: Option<&'static str> = match table.as_str() {
            "person" => Some("person"),
            "topic" => Some("topic"),
            "follow_up" => Some("follow_up"),
            _ => None,
        };
        let mut reassign = false;
        if let Some((i, id)) = own_id {
            if id_taken(tx, table, id)? {
                columns.remove(i);
                values.remove(i);
                reassign = true;
            }
        }
        {
            // A synced row (a person, a follow-up, a journal entry)
            // recreated since holds the uid: this one comes back as
            // something new to the server.
            if let Some(i) = columns.iter().position(|c| *c == "uid") {
                if let Value::Text(uid) = &values[i] {
                    let held = tx
                        .query_row(
                            &format!("SELECT 1 FROM \"{table}\" WHERE uid = ?1"),
                            [uid],
                            |_| Ok(()),
                        )
                        .optional()?;
                    if held.is_some() {
                        values[i] = Value::Null;
                    }
                }
            }
        }
        if table == "not_duplicate" {
            // Ordered pairs (a < b) stay ordered after a new id.
            if let [Value::Integer(a), Value::Integer(b)] = values.as_slice() {
                let (a, b) = (*a.min(b), *a.max(b));
                values = vec![Value::Integer(a), Value::Integer(b)];
            }
        }
        let list = super::saved::quoted_list(&columns);
        let marks = vec!["?"; columns.len()].join(", ");
        let inserted = tx.execute(
            &format!("INSERT OR IGNORE INTO \"{table}\" ({list}) VALUES ({marks})"),
            params_from_iter(values.iter().map(SqlValue::from)),
        )?;
        if inserted == 0 {
            lost += 1;
            continue;
        }
        let new_id = tx.last_insert_rowid();
        if let (Some(kind), Some((_, old))) = (kind, own_id) {
            if reassign {
                moved.insert((kind, old), new_id);
            }
            if kind == "person" {
                person = Some(PersonId(if reassign { new_id } else { old }));
            }
        }
    }
    let person = person
        .ok_or_else(|| StoreError::Inconsistent(format!("trash entry {entry} has no person")))?;
    tx.execute("DELETE FROM trash WHERE id = ?1", [entry])?;
    reindex(tx, person)?;
    refresh_stage(tx, person, now)?;
    Ok((person, lost))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Channel, Direction, FollowUpDraft, Identity, IdentityKind, PersonDraft, TouchDraft,
        TouchKind,
    };
    use crate::store::tests::t0;
    use crate::store::FollowUpFilter;
    use crate::when::{LocalIntent, Zone};

    fn store_with_grace() -> (Store, PersonId, PersonId) {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
            .unwrap();
        let grace = store
            .create_person(
                &PersonDraft {
                    introduced_by: Some(ada),
                    ..PersonDraft::named("Grace Hopper")
                        .unwrap()
                        .with_tags(&["Navy"])
                        .unwrap()
                        .with_identity(
                            Identity::new(IdentityKind::Email, "grace@example.org").unwrap(),
                        )
                },
                t0(),
            )
            .unwrap();
        store
            .log_touch(
                &TouchDraft::new(
                    grace,
                    TouchKind::Call,
                    Channel::Phone,
                    Direction::Mutual,
                    t0(),
                    Some("COBOL"),
                )
                .unwrap(),
                t0(),
            )
            .unwrap();
        store
            .add_note(grace, "Carries a nanosecond of wire", t0())
            .unwrap();
        crate::store::tests::follow_up_on_topic(&store, grace, "compilers", "Ask about compilers");
        store
            .propose_introduction(ada, grace, "Both program", t0())
            .unwrap();
        (store, ada, grace)
    }

    #[test]
    fn deleting_moves_everything_to_the_trash_and_restoring_brings_it_all_back() {
        let (store, ada, grace) = store_with_grace();
        let before = store.dump().unwrap();
        let entry = store.trash_person(grace, t0()).unwrap();
        assert!(matches!(
            store.person(grace),
            Err(StoreError::PersonNotFound(_))
        ));
        assert_eq!(store.people("grace", 0, 5).unwrap().total, 0);
        assert_eq!(store.people("cobol", 0, 5).unwrap().total, 0);
        assert!(store.open_series().unwrap().is_empty());
        assert!(store.introductions(Some(ada)).unwrap().is_empty());
        assert_eq!(store.trash().unwrap()[0].display_name, "Grace Hopper");
        assert_eq!(entry.purge_at, t0() + Duration::days(30));

        let (back, lost) = store.restore_from_trash(entry.id, t0()).unwrap();
        assert_eq!((back, lost), (grace, 0));
        let strip = |dump: crate::store::Dump| {
            dump.tables
                .into_iter()
                .filter(|t| !t.name.starts_with("trash"))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(store.dump().unwrap()), strip(before));
        assert_eq!(store.people("cobol", 0, 5).unwrap().people[0].id, grace);
        assert!(store.trash().unwrap().is_empty());
        store.integrity_check().unwrap();
    }

    #[test]
    fn a_restore_after_the_ids_were_reused_gives_new_ids_and_keeps_the_links() {
        let (store, ada, grace) = store_with_grace();
        let entry = store.trash_person(grace, t0()).unwrap();
        // SQLite hands the freed largest ids to the next rows.
        let alan = store
            .create_person(&PersonDraft::named("Alan Turing").unwrap(), t0())
            .unwrap();
        assert_eq!(alan, grace);
        let due = LocalIntent::new(t0().naive_utc() + Duration::days(2), Zone::Floating);
        store
            .create_follow_up(
                &FollowUpDraft::new(alan, "Ask about Enigma", due, None).unwrap(),
                chrono_tz::Tz::UTC,
                t0(),
            )
            .unwrap();
        let (back, lost) = store.restore_from_trash(entry.id, t0()).unwrap();
        assert_eq!(lost, 0);
        assert_ne!(back, grace);
        let restored = store.person(back).unwrap();
        assert_eq!(restored.display_name, "Grace Hopper");
        assert_eq!(restored.introduced_by.map(|(id, _)| id), Some(ada));
        assert_eq!(restored.notes[0].body, "Carries a nanosecond of wire");
        let follow_ups = store.follow_ups(FollowUpFilter::OfPerson(back)).unwrap();
        assert_eq!(
            follow_ups[0].topic.as_ref().map(|(_, t)| t.as_str()),
            Some("compilers")
        );
        assert_eq!(store.introductions(Some(back)).unwrap().len(), 1);
        assert_eq!(store.person(alan).unwrap().display_name, "Alan Turing");
        store.integrity_check().unwrap();
    }

    #[test]
    fn the_purge_removes_only_what_is_thirty_days_old_for_good() {
        let (store, ada, grace) = store_with_grace();
        store.trash_person(grace, t0()).unwrap();
        store.trash_person(ada, t0() + Duration::days(10)).unwrap();
        assert_eq!(store.purge_trash(t0() + Duration::days(29)).unwrap(), 0);
        assert_eq!(store.purge_trash(t0() + Duration::days(30)).unwrap(), 1);
        let left = store.trash().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].display_name, "Ada Lovelace");
        // Nothing of Grace is left anywhere in the database.
        let dump = format!("{:?}", store.dump().unwrap());
        assert!(!dump.contains("Grace") && !dump.contains("COBOL") && !dump.contains("nanosecond"));
        store
            .read(|conn| {
                let rows: i64 = conn.query_row(
                    "SELECT count(*) FROM trash_row WHERE vals LIKE '%Grace%' OR vals LIKE '%COBOL%'",
                    [],
                    |r| r.get(0),
                )?;
                assert_eq!(rows, 0);
                let indexed: i64 = conn.query_row(
                    "SELECT count(*) FROM person_search WHERE person_search MATCH '\"cobol\"'",
                    [],
                    |r| r.get(0),
                )?;
                assert_eq!(indexed, 0);
                Ok(())
            })
            .unwrap();
    }
}
