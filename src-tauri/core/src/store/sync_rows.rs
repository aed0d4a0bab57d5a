//! Part of the store's floor: what every kind of synced item shares — an
//! item's state (href, ETag, base, the server's copy), the conflicts a
//! merge set aside, a person found by uid, uids given to rows — used by
//! the people, follow-up and journal sides of sync.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{to_secs, Result, Store};
use crate::domain::PersonId;

/// One synced item: where it is on the server, its version there, the
/// fields both sides last agreed on and the server's copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncItem {
    pub uid: String,
    pub href: String,
    pub etag: Option<String>,
    /// The fields as last agreed (the merge's base), as the sync crate
    /// serialises them.
    pub base: String,
    /// The server's copy (a vCard or iCalendar object) as last seen.
    pub remote: String,
}

/// Which side's value a conflict kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Here,
    Server,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Here => "here",
            Side::Server => "server",
        }
    }

    pub(super) fn parse(text: &str) -> Side {
        if text == "server" {
            Side::Server
        } else {
            Side::Here
        }
    }
}

/// A conflict about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConflict {
    pub field: String,
    pub kept: String,
    pub other: String,
    pub kept_from: Side,
}

pub(super) fn item_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncItem> {
    Ok(SyncItem {
        uid: r.get(0)?,
        href: r.get(1)?,
        etag: r.get(2)?,
        base: r.get(3)?,
        remote: r.get(4)?,
    })
}

pub(super) fn save_item(conn: &Connection, collection: &str, item: &SyncItem) -> Result<()> {
    // An href can move to another uid (a card re-created with a new UID).
    conn.prepare_cached("DELETE FROM sync_item WHERE collection = ?1 AND href = ?2 AND uid <> ?3")?
        .execute(params![collection, item.href, item.uid])?;
    conn.prepare_cached(
        "INSERT INTO sync_item (collection, uid, href, etag, base, remote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (collection, uid) DO UPDATE SET
             href = excluded.href, etag = excluded.etag,
             base = excluded.base, remote = excluded.remote",
    )?
    .execute(params![
        collection,
        item.uid,
        item.href,
        item.etag,
        item.base,
        item.remote
    ])?;
    Ok(())
}

/// Forgets an item's state: the server's copy and the agreed base.
pub(super) fn forget_item(conn: &Connection, collection: &str, uid: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_item WHERE collection = ?1 AND uid = ?2",
        params![collection, uid],
    )?;
    Ok(())
}

pub(super) fn person_with_uid(conn: &Connection, uid: &str) -> Result<Option<PersonId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM person WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()?
        .map(PersonId))
}

/// Gives a uid, theirs for good, to each row of `table` the query
/// `missing` lists by `key` (an expression naming one row: `id`); writes
/// only when there is one.
pub(super) fn give_uids(store: &Store, table: &str, key: &str, missing: &str) -> Result<()> {
    let keys = |conn: &Connection| -> Result<Vec<rusqlite::types::Value>> {
        Ok(conn
            .prepare_cached(missing)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    if store.read(keys)?.is_empty() {
        return Ok(());
    }
    store.write(|tx| {
        for row in keys(tx)? {
            tx.prepare_cached(&format!("UPDATE {table} SET uid = ?2 WHERE {key} = ?1"))?
                .execute(params![row, uuid::Uuid::new_v4().to_string()])?;
        }
        Ok(())
    })
}

/// Records an item's new state after its content was applied here, with
/// the conflicts the merge set aside (`label`: whose they are).
pub(super) fn settle_item(
    tx: &Connection,
    collection: &str,
    item: &SyncItem,
    label: &str,
    conflicts: &[NewConflict],
    now: DateTime<Utc>,
) -> Result<()> {
    save_item(tx, collection, item)?;
    record_conflicts(tx, collection, &item.uid, label, conflicts, now)
}

impl Store {
    /// Applies an item the server sent, in one transaction: `write` puts
    /// its content here (whether that changed anything, and whose it is
    /// for the conflicts' label), then the item's new state and conflicts
    /// are recorded. `None` when `write` found nothing to write to.
    pub(super) fn apply_pulled(
        &self,
        collection: &str,
        item: &SyncItem,
        conflicts: &[NewConflict],
        now: DateTime<Utc>,
        write: impl FnOnce(&Connection) -> Result<Option<(bool, String)>>,
    ) -> Result<Option<bool>> {
        self.write(|tx| {
            let Some((changed, label)) = write(tx)? else {
                return Ok(None);
            };
            settle_item(tx, collection, item, &label, conflicts, now)?;
            Ok(Some(changed))
        })
    }
}

pub(super) fn record_conflicts(
    tx: &Connection,
    collection: &str,
    uid: &str,
    label: &str,
    conflicts: &[NewConflict],
    now: DateTime<Utc>,
) -> Result<()> {
    for c in conflicts {
        // A newer conflict on the same field replaces the older one.
        tx.prepare_cached(
            "UPDATE sync_conflict SET resolved_at = ?4
             WHERE collection = ?1 AND uid = ?2 AND field = ?3 AND resolved_at IS NULL",
        )?
        .execute(params![collection, uid, c.field, to_secs(now)])?;
        tx.prepare_cached(
            "INSERT INTO sync_conflict (collection, uid, label, field, kept, other, kept_from, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            collection,
            uid,
            label,
            c.field,
            c.kept,
            c.other,
            c.kept_from.as_str(),
            to_secs(now)
        ])?;
    }
    Ok(())
}
