//! Kith's own data as sync sees it (journal entries in a CalDAV
//! collection): touches, notes, topics, asks and offers, introductions,
//! dismissed prompts, the links contact cards cannot carry and what people
//! are to you, each an entry naming its people by uid. Listing
//! them, applying what the server holds and removing what it deleted, each
//! in one transaction with the item's new state. Stages stay derived:
//! they are worked out again here from what arrives.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, ErrorCode, OptionalExtension};

use super::rows::{clean, refresh_stage};
use super::search::reindex;
use super::sync_rows::{forget_item, give_uids, person_with_uid, NewConflict, SyncItem};
use super::{from_secs, to_secs, Result, Store};
use crate::domain::PersonId;

/// The collection the journal syncs with.
const COLLECTION: &str = "journal";
/// The longest text an entry may carry.
const MAX_TEXT_CHARS: usize = 100_000;

/// One kind of entry: the table it lives in and the columns that sync.
#[derive(Debug)]
pub struct JournalKind {
    /// The entry's kind on the server (`X-KITH-KIND`).
    pub name: &'static str,
    table: &'static str,
    /// Columns naming a person (synced as the person's uid).
    people: &'static [&'static str],
    /// Text columns.
    pub texts: &'static [&'static str],
    /// Time columns (seconds since the epoch).
    pub times: &'static [&'static str],
    /// The text shown as the entry's description, if any.
    pub text: Option<&'static str>,
    /// The time the entry is dated by.
    pub at: &'static str,
    /// How the entry reads in another app ("Touch", "Note"…).
    pub title: &'static str,
    /// What else a row must be to be an entry (SQL on the row `t`): the
    /// contact card's note travels on the card instead.
    only: &'static str,
}

/// Every kind of entry that syncs.
pub const JOURNAL_KINDS: [JournalKind; 8] = [
    JournalKind {
        name: "touch",
        table: "touch",
        people: &["person_id"],
        texts: &["kind", "channel", "direction", "summary"],
        times: &["happened_at", "created_at"],
        text: Some("summary"),
        at: "happened_at",
        title: "Touch",
        only: "1",
    },
    JournalKind {
        name: "note",
        table: "note",
        people: &["person_id"],
        texts: &["body"],
        times: &["created_at", "updated_at"],
        text: Some("body"),
        at: "created_at",
        title: "Note",
        only: "t.on_card = 0",
    },
    JournalKind {
        name: "topic",
        table: "topic",
        people: &["person_id"],
        texts: &["text"],
        times: &["created_at", "closed_at"],
        text: Some("text"),
        at: "created_at",
        title: "Topic",
        only: "1",
    },
    JournalKind {
        name: "need",
        table: "ask_offer",
        people: &["person_id"],
        texts: &["side", "text", "tags"],
        times: &["created_at", "closed_at"],
        text: Some("text"),
        at: "created_at",
        title: "Ask or offer",
        only: "1",
    },
    JournalKind {
        name: "introduction",
        table: "introduction",
        people: &["person_a", "person_b"],
        texts: &["why", "status", "outcome"],
        times: &[
            "proposed_at",
            "asked_a_at",
            "asked_b_at",
            "introduced_at",
            "outcome_at",
        ],
        text: Some("why"),
        at: "proposed_at",
        title: "Introduction",
        only: "1",
    },
    JournalKind {
        name: "dismissal",
        table: "prompt_dismissal",
        people: &["person_id"],
        texts: &["rule"],
        times: &["dismissed_at"],
        text: None,
        at: "dismissed_at",
        title: "Prompt dismissed",
        only: "1",
    },
    // Links whose kind a contact card has no word for (the rest travel on
    // the cards as `RELATED`).
    JournalKind {
        name: "link",
        table: "link",
        people: &["from_id", "to_id"],
        texts: &["kind", "note", "since"],
        times: &["created_at", "updated_at"],
        text: Some("note"),
        at: "created_at",
        title: "Link",
        only: "t.kind IN ('manager', 'mentor', 'introduced', 'met-through', 'introduced-by-you')",
    },
    JournalKind {
        name: "my-tie",
        table: "my_tie",
        people: &["person_id"],
        texts: &["what", "note", "since"],
        times: &["created_at"],
        text: Some("note"),
        at: "created_at",
        title: "What they are to you",
        only: "1",
    },
];

impl JournalKind {
    /// How many people an entry of this kind names.
    pub fn people_count(&self) -> usize {
        self.people.len()
    }
}

/// The kind named `name`.
pub fn journal_kind(name: &str) -> Option<&'static JournalKind> {
    JOURNAL_KINDS.iter().find(|k| k.name == name)
}

/// What an entry carries: its kind, its people's uids and its columns
/// (absent: empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JournalEntry {
    pub kind: String,
    pub people: Vec<String>,
    pub texts: BTreeMap<String, String>,
    pub times: BTreeMap<String, DateTime<Utc>>,
}

/// An entry as sync sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedEntry {
    pub uid: String,
    pub entry: JournalEntry,
    /// The first person's name, for conflicts.
    pub person_name: String,
    /// The latest of its times: when it last changed, as far as it says.
    pub updated_at: DateTime<Utc>,
}

/// A row's persons must all be synced people (not the sample's).
fn synced_people(kind: &JournalKind) -> String {
    kind.people
        .iter()
        .map(|c| {
            format!(
                "EXISTS (SELECT 1 FROM person p WHERE p.id = t.{c} AND p.uid IS NOT NULL AND p.is_sample = 0)"
            )
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn entries_of(
    conn: &Connection,
    kind: &JournalKind,
    uid: Option<&str>,
) -> Result<Vec<SyncedEntry>> {
    let people: Vec<String> = kind
        .people
        .iter()
        .map(|c| format!("(SELECT uid FROM person WHERE id = t.{c})"))
        .collect();
    let times = kind.times.join(", ");
    let sql = format!(
        "SELECT t.uid, (SELECT display_name FROM person WHERE id = t.{first}), {people}, {texts}, {times}
         FROM {table} t WHERE t.uid IS NOT NULL AND {synced} AND {only} AND (?1 IS NULL OR t.uid = ?1)",
        first = kind.people[0],
        only = kind.only,
        people = people.join(", "),
        texts = kind.texts.join(", "),
        table = kind.table,
        synced = synced_people(kind),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([uid], |r| {
        let mut at = 2;
        let mut next = || {
            at += 1;
            at - 1
        };
        let mut entry = JournalEntry {
            kind: kind.name.to_owned(),
            ..JournalEntry::default()
        };
        for _ in kind.people {
            entry.people.push(r.get(next())?);
        }
        for column in kind.texts {
            if let Some(text) = r.get::<_, Option<String>>(next())? {
                entry.texts.insert((*column).to_owned(), text);
            }
        }
        for column in kind.times {
            if let Some(secs) = r.get::<_, Option<i64>>(next())? {
                entry.times.insert((*column).to_owned(), from_secs(secs));
            }
        }
        let updated_at = entry
            .times
            .values()
            .max()
            .copied()
            .unwrap_or_else(|| from_secs(0));
        Ok(SyncedEntry {
            uid: r.get(0)?,
            person_name: r.get(1)?,
            entry,
            updated_at,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where the entry with `uid` lives: its kind and row, if anywhere.
fn find(conn: &Connection, uid: &str) -> Result<Option<(&'static JournalKind, Value)>> {
    for kind in &JOURNAL_KINDS {
        let key = conn
            .prepare_cached(&format!(
                "SELECT {key} FROM {table} WHERE uid = ?1",
                key = row_key(kind),
                table = kind.table
            ))?
            .query_row([uid], |r| r.get::<_, Value>(0))
            .optional()?;
        if let Some(key) = key {
            return Ok(Some((kind, key)));
        }
    }
    Ok(None)
}

/// The column that names one row (`prompt_dismissal` has no rowid; its
/// uid is unique too).
fn row_key(kind: &JournalKind) -> &'static str {
    if kind.table == "prompt_dismissal" {
        "uid"
    } else {
        "id"
    }
}

/// Writes `entry` to the row with `uid`, creating it if there is none.
/// `None` when it cannot live here: an unknown kind, a person who is not
/// here, or values the table refuses.
fn write_entry(
    tx: &Connection,
    uid: &str,
    entry: &JournalEntry,
    now: DateTime<Utc>,
) -> Result<Option<(bool, String)>> {
    let Some(kind) = journal_kind(&entry.kind) else {
        return Ok(None);
    };
    if entry.people.len() != kind.people.len()
        || entry
            .texts
            .values()
            .any(|t| t.chars().count() > MAX_TEXT_CHARS)
    {
        return Ok(None);
    }
    let mut people = Vec::new();
    for person in &entry.people {
        match person_with_uid(tx, person)? {
            Some(id) => people.push(id),
            None => return Ok(None),
        }
    }
    let name: String = tx.query_row(
        "SELECT display_name FROM person WHERE id = ?1",
        [people[0].0],
        |r| r.get(0),
    )?;
    let existing = find(tx, uid)?;
    if let Some((found, _)) = existing {
        if found.name != kind.name {
            // The same uid as another kind of entry: not one Kith wrote.
            return Ok(None);
        }
        let current = entries_of(tx, kind, Some(uid))?;
        if current.first().is_some_and(|c| c.entry == *entry) {
            return Ok(Some((false, name)));
        }
    }
    // Whose stage and search entry the write changes: the people it names
    // now, and those it named before (an entry moved to someone else).
    let mut touched = people.clone();
    if existing.is_some() {
        touched.extend(people_of(tx, kind, uid)?);
    }
    let mut columns: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (column, id) in kind.people.iter().zip(&people) {
        columns.push(column);
        values.push(Value::Integer(id.0));
    }
    for column in kind.texts {
        columns.push(column);
        values.push(match entry.texts.get(*column) {
            Some(text) => Value::Text(clean(text)),
            None => Value::Null,
        });
    }
    for column in kind.times {
        columns.push(column);
        values.push(match entry.times.get(*column) {
            Some(at) => Value::Integer(to_secs(*at)),
            None => Value::Null,
        });
    }
    let written = match &existing {
        Some((_, key)) => {
            let sets: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect();
            let sql = format!(
                "UPDATE {table} SET {sets} WHERE {key_column} = ?{last}",
                table = kind.table,
                sets = sets.join(", "),
                key_column = row_key(kind),
                last = columns.len() + 1,
            );
            values.push(key.clone());
            tx.execute(&sql, params_from_iter(values))
        }
        None => {
            columns.push("uid");
            values.push(Value::Text(uid.to_owned()));
            let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",
                table = kind.table,
                columns = columns.join(", "),
                marks = marks.join(", "),
            );
            tx.execute(&sql, params_from_iter(values))
        }
    };
    match written {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        // A value the table's checks refuse (an unknown kind of touch, an
        // empty required text): the statement is undone, the rest stands.
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            return Ok(None)
        }
        Err(e) => return Err(e.into()),
    }
    touched.sort_by_key(|p| p.0);
    touched.dedup();
    for person in touched {
        reindex(tx, person)?;
        refresh_stage(tx, person, now)?;
    }
    Ok(Some((true, name)))
}

/// The people the entry with `uid` names.
fn people_of(tx: &Connection, kind: &JournalKind, uid: &str) -> Result<Vec<PersonId>> {
    kind.people
        .iter()
        .map(|c| {
            Ok(PersonId(tx.query_row(
                &format!("SELECT {c} FROM {} WHERE uid = ?1", kind.table),
                [uid],
                |r| r.get(0),
            )?))
        })
        .collect()
}

impl Store {
    /// Every journal entry of synced people. Rows without a uid get one
    /// first (it is theirs for good).
    pub fn journal_for_sync(&self) -> Result<Vec<SyncedEntry>> {
        for kind in &JOURNAL_KINDS {
            // Rows are named by id; dismissals (no rowid) by person and rule.
            let key = if kind.table == "prompt_dismissal" {
                "person_id || ' ' || rule"
            } else {
                "id"
            };
            give_uids(
                self,
                kind.table,
                key,
                &format!(
                    "SELECT {key} FROM {table} t WHERE t.uid IS NULL AND {synced}",
                    table = kind.table,
                    synced = synced_people(kind),
                ),
            )?;
        }
        self.read(|conn| {
            let mut out = Vec::new();
            for kind in &JOURNAL_KINDS {
                out.extend(entries_of(conn, kind, None)?);
            }
            Ok(out)
        })
    }

    /// Applies an entry as merged from the server, creating it if needed,
    /// and records the item, in one transaction. Whether anything changed
    /// here, or `None` when it cannot live here (nothing is recorded).
    pub fn apply_synced_entry(
        &self,
        entry: &JournalEntry,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
    ) -> Result<Option<bool>> {
        self.apply_pulled(COLLECTION, item, conflicts, now, |tx| {
            write_entry(tx, &item.uid, entry, now)
        })
    }

    /// Writes an entry here only (a conflict flipped); whether it could.
    pub fn set_entry_fields(
        &self,
        uid: &str,
        entry: &JournalEntry,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| Ok(write_entry(tx, uid, entry, now)?.is_some()))
    }

    /// The entry with `uid`.
    pub fn synced_entry(&self, uid: &str) -> Result<Option<SyncedEntry>> {
        self.read(|conn| match find(conn, uid)? {
            Some((kind, _)) => Ok(entries_of(conn, kind, Some(uid))?.into_iter().next()),
            None => Ok(None),
        })
    }

    /// Deletes the entry with `uid` (deleted on the server) and forgets its
    /// item; its people's stages and search entries follow.
    pub fn remove_synced_entry(&self, uid: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            if let Some((kind, key)) = find(tx, uid)? {
                let people = people_of(tx, kind, uid)?;
                tx.execute(
                    &format!("DELETE FROM {} WHERE {} = ?1", kind.table, row_key(kind)),
                    [key],
                )?;
                for person in people {
                    reindex(tx, person)?;
                    refresh_stage(tx, person, now)?;
                }
            }
            forget_item(tx, COLLECTION, uid)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, Direction, PersonDraft, TouchDraft, TouchKind};
    use crate::store::tests::t0;

    fn setup() -> (Store, PersonId, String) {
        let store = Store::open_in_memory().unwrap();
        let ada = store
            .create_person(&PersonDraft::named("Ada Lovelace").unwrap(), t0())
            .unwrap();
        let uid = store.people_for_sync().unwrap().remove(0).uid;
        store
            .set_sync_collection(COLLECTION, "/journal/", None)
            .unwrap();
        (store, ada, uid)
    }

    fn item(uid: &str) -> SyncItem {
        SyncItem {
            uid: uid.into(),
            href: format!("/journal/{uid}.ics"),
            etag: Some("\"1\"".into()),
            base: "{}".into(),
            remote: String::new(),
        }
    }

    fn call(person: &str, summary: &str) -> JournalEntry {
        JournalEntry {
            kind: "touch".into(),
            people: vec![person.into()],
            texts: [
                ("kind", "call"),
                ("channel", "phone"),
                ("direction", "mutual"),
                ("summary", summary),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
            times: [("happened_at", t0()), ("created_at", t0())]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        }
    }

    #[test]
    fn everything_of_a_synced_person_is_listed_with_uids_kept() {
        let (store, ada, _) = setup();
        let draft = TouchDraft::new(
            ada,
            TouchKind::Call,
            Channel::Phone,
            Direction::Out,
            t0(),
            Some("About engines"),
        )
        .unwrap();
        store.log_touch(&draft, t0()).unwrap();
        store.add_note(ada, "Prefers letters", t0()).unwrap();
        store.add_topic(ada, "the engine", t0()).unwrap();
        store
            .dismiss_prompt(ada, crate::prompts::Rule::ALL[0], t0())
            .unwrap();
        let listed = store.journal_for_sync().unwrap();
        let mut kinds: Vec<&str> = listed.iter().map(|e| e.entry.kind.as_str()).collect();
        kinds.sort();
        assert_eq!(kinds, ["dismissal", "note", "topic", "touch"]);
        let again = store.journal_for_sync().unwrap();
        assert_eq!(
            listed.iter().map(|e| &e.uid).collect::<Vec<_>>(),
            again.iter().map(|e| &e.uid).collect::<Vec<_>>()
        );
        let touch = listed.iter().find(|e| e.entry.kind == "touch").unwrap();
        assert_eq!(touch.entry.texts["summary"], "About engines");
        assert_eq!(touch.person_name, "Ada Lovelace");
    }

    #[test]
    fn an_entry_from_the_server_is_created_updated_and_removed_with_the_stage_following() {
        let (store, ada, uid) = setup();
        let before = store.person(ada).unwrap().stage;
        assert_eq!(
            store
                .apply_synced_entry(&call(&uid, "About engines"), &item("e1"), &[], t0())
                .unwrap(),
            Some(true)
        );
        assert_eq!(store.touches(ada).unwrap().len(), 1);
        assert_ne!(
            store.person(ada).unwrap().stage,
            before,
            "a call moves the stage"
        );
        assert_eq!(
            store
                .apply_synced_entry(&call(&uid, "About engines"), &item("e1"), &[], t0())
                .unwrap(),
            Some(false)
        );
        store
            .apply_synced_entry(&call(&uid, "About the engine"), &item("e1"), &[], t0())
            .unwrap();
        assert_eq!(
            store.touches(ada).unwrap()[0].summary.as_deref(),
            Some("About the engine")
        );
        assert_eq!(store.people("engine", 0, 5).unwrap().people.len(), 1);
        store.remove_synced_entry("e1", t0()).unwrap();
        assert!(store.touches(ada).unwrap().is_empty());
        assert_eq!(store.person(ada).unwrap().stage, before);
        assert!(store.sync_items(COLLECTION).unwrap().is_empty());
    }

    #[test]
    fn an_entry_moved_to_someone_else_leaves_the_first_persons_stage_and_search() {
        let (store, ada, ada_uid) = setup();
        let grace = store
            .create_person(&PersonDraft::named("Grace Hopper").unwrap(), t0())
            .unwrap();
        let grace_uid = store
            .people_for_sync()
            .unwrap()
            .into_iter()
            .find(|p| p.id == grace)
            .unwrap()
            .uid;
        let before = store.person(ada).unwrap().stage;
        store
            .apply_synced_entry(&call(&ada_uid, "About compilers"), &item("e1"), &[], t0())
            .unwrap();
        assert_ne!(store.person(ada).unwrap().stage, before);
        store
            .apply_synced_entry(&call(&grace_uid, "About compilers"), &item("e1"), &[], t0())
            .unwrap();
        assert_eq!(store.person(ada).unwrap().stage, before);
        let found = store.people("compilers", 0, 5).unwrap().people;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].display_name, "Grace Hopper");
    }

    #[test]
    fn entries_kith_cannot_keep_are_not_taken() {
        let (store, _, uid) = setup();
        let mut odd = call(&uid, "x");
        odd.texts.insert("kind".into(), "telepathy".into());
        let stranger = call("nobody-here", "x");
        let unknown = JournalEntry {
            kind: "horoscope".into(),
            ..call(&uid, "x")
        };
        let mut missing = call(&uid, "x");
        missing.times.clear();
        for (i, entry) in [odd, stranger, unknown, missing].iter().enumerate() {
            assert_eq!(
                store
                    .apply_synced_entry(entry, &item(&format!("e{i}")), &[], t0())
                    .unwrap(),
                None,
                "{entry:?}"
            );
        }
        assert!(store.journal_for_sync().unwrap().is_empty());
    }
}
