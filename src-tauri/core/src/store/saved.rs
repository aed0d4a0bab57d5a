//! Part of the store's floor: Kith's tables as plain values (`Value`,
//! `Table`, `Dump`, the tables a dump holds), saved rows (encoded for
//! `merge_row` and `trash_row`, checked against the schema before they go
//! back into SQL), and the merge of one person's rows into another's,
//! which merging and undoing a split share.

use chrono::{DateTime, Utc};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::rows::{ensure_person, refresh_stage, PersonRef};
use super::search::reindex;
use super::{to_secs, Result, StoreError};
use crate::domain::{InputError, PersonId};

/// Every table a dump holds, parents before children. The search index is
/// derived and rebuilt on restore.
pub const DUMP_TABLES: [&str; 43] = [
    "person",
    "person_photo",
    "identity",
    "tag",
    "person_tag",
    "note",
    "topic",
    "touch",
    "follow_up",
    "reminder",
    "template",
    "ask_offer",
    "introduction",
    "prompt_dismissal",
    "setting",
    "import_key",
    "not_duplicate",
    "merge_log",
    "merge_row",
    "trash",
    "trash_row",
    "split_log",
    "plan_item",
    "plan_set_aside",
    "person_date",
    "mail_message",
    "mail_seen",
    "mail_party",
    "mail_touch",
    "mail_me",
    "mail_dismissed",
    "mail_filter",
    "mail_pending",
    "meeting",
    "meeting_party",
    "meeting_touch",
    "chat_waiting",
    "chat_dismissed",
    "chat_zone",
    "link",
    "link_dismissed",
    "link_pending",
    "my_tie",
];

/// Tables left out of a dump: the name words of search (rebuilt from the
/// people on restore, like the full-text index), each person's latest
/// touches (`touch_latest`, kept by triggers as the touches are restored),
/// and this computer's sync
/// and mail account state (the servers, tokens, versions, how far folders
/// were read, the calendars read for meetings), which means nothing on
/// another computer. A restored database keeps each person's `uid`, so
/// setting sync up again finds their cards on the server.
pub const NOT_DUMPED: [&str; 11] = [
    "person_word",
    "touch_latest",
    "sync_account",
    "sync_collection",
    "sync_item",
    "sync_conflict",
    "mail_account",
    "mail_folder",
    "mail_offered",
    "meeting_calendar",
    "meeting_item",
];

pub(crate) fn tables() -> impl Iterator<Item = &'static str> {
    DUMP_TABLES.into_iter()
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One table: its columns and rows in primary-key order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Everything, at a schema version.
#[derive(Debug, Clone, PartialEq)]
pub struct Dump {
    pub schema_version: u32,
    pub tables: Vec<Table>,
}

impl From<ValueRef<'_>> for Value {
    fn from(value: ValueRef<'_>) -> Self {
        match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

impl From<&Value> for SqlValue {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => SqlValue::Null,
            Value::Integer(n) => SqlValue::Integer(*n),
            Value::Real(x) => SqlValue::Real(*x),
            Value::Text(t) => SqlValue::Text(t.clone()),
            Value::Blob(b) => SqlValue::Blob(b.clone()),
        }
    }
}

/// Checks a saved row's table and column names (from `merge_row` or
/// `trash_row`, which a restored export can carry) against the schema
/// before they are put into SQL: only Kith's own tables and their real
/// columns, one value each.
pub(crate) fn check_saved_row(
    conn: &rusqlite::Connection,
    table: &str,
    columns: &[&str],
    values: &[Value],
) -> Result<()> {
    let refuse = || {
        StoreError::Inconsistent(format!(
            "a saved row names an unknown table or column ({table})"
        ))
    };
    if !DUMP_TABLES.contains(&table) {
        return Err(refuse());
    }
    let known = columns_of(conn, table)?;
    if columns.is_empty()
        || columns.len() != values.len()
        || columns.iter().any(|c| !known.iter().any(|k| k == c))
    {
        return Err(refuse());
    }
    Ok(())
}

/// `"a", "b"`: column names quoted for SQL, comma separated.
pub(crate) fn quoted_list(columns: &[impl AsRef<str>]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{}\"", c.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn columns_of(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let columns = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(columns)
}

/// A row as text: each value `N;`, `I<n>;`, `R<bits hex>;`, `T<len>:<text>`
/// or `B<hex>;` — length-prefixed, so any text survives.
pub(crate) fn encode_row(values: &[Value]) -> String {
    let mut out = String::new();
    for value in values {
        match value {
            Value::Null => out.push_str("N;"),
            Value::Integer(n) => out.push_str(&format!("I{n};")),
            Value::Real(x) => out.push_str(&format!("R{:x};", x.to_bits())),
            Value::Text(t) => out.push_str(&format!("T{}:{t}", t.len())),
            Value::Blob(b) => {
                out.push('B');
                for byte in b {
                    out.push_str(&format!("{byte:02x}"));
                }
                out.push(';');
            }
        }
    }
    out
}

/// Reads what [`encode_row`] writes.
pub(crate) fn decode_row(text: &str) -> Option<Vec<Value>> {
    let mut values = Vec::new();
    let mut rest = text;
    while let Some(tag) = rest.chars().next() {
        rest = &rest[1..];
        if tag == 'T' {
            let (len, after) = rest.split_once(':')?;
            let len: usize = len.parse().ok()?;
            values.push(Value::Text(after.get(..len)?.to_owned()));
            rest = &after[len..];
            continue;
        }
        let (body, after) = rest.split_once(';')?;
        rest = after;
        values.push(match tag {
            'N' => Value::Null,
            'I' => Value::Integer(body.parse().ok()?),
            'R' => Value::Real(f64::from_bits(u64::from_str_radix(body, 16).ok()?)),
            'B' => Value::Blob(
                (0..body.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(body.get(i..i + 2)?, 16).ok())
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        });
    }
    Some(values)
}

/// Tables whose rows belong to a person through `person_id`.
pub(super) const BY_PERSON: [&str; 13] = [
    "identity",
    "person_photo",
    "person_tag",
    "note",
    "topic",
    "touch",
    "follow_up",
    "ask_offer",
    "prompt_dismissal",
    "import_key",
    "person_date",
    "link_pending",
    "my_tie",
];

/// Details filled from the removed person when the kept one has none.
pub(crate) const FILLED: [&str; 7] = [
    "company",
    "role",
    "how_met",
    "where_met",
    "birthday",
    "anniversary",
    "cadence_days",
];

pub(super) fn rows_where(
    conn: &Connection,
    table: &str,
    filter: &str,
    args: &[i64],
) -> Result<(Vec<String>, Vec<Vec<Value>>)> {
    let columns = columns_of(conn, table)?;
    let list = quoted_list(&columns);
    let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\" WHERE {filter}"))?;
    let width = columns.len();
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            (0..width)
                .map(|i| Ok(Value::from(r.get_ref(i)?)))
                .collect::<rusqlite::Result<Vec<Value>>>()
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((columns, rows))
}

struct Saver<'a> {
    conn: &'a Connection,
    merge: i64,
    seq: i64,
}

impl Saver<'_> {
    fn save(&mut self, table: &str, filter: &str, args: &[i64]) -> Result<()> {
        let (columns, rows) = rows_where(self.conn, table, filter, args)?;
        for row in rows {
            self.seq += 1;
            self.conn
                .prepare_cached("INSERT INTO merge_row (merge_id, seq, tbl, cols, vals) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![self.merge, self.seq, table, columns.join(","), encode_row(&row)])?;
        }
        Ok(())
    }
}

fn person_ref(conn: &Connection, id: PersonId) -> Result<PersonRef> {
    conn.query_row(
        "SELECT display_name FROM person WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )
    .optional()?
    .map(|display_name| PersonRef { id, display_name })
    .ok_or(StoreError::PersonNotFound(id))
}

/// Merges `removed` into `kept` inside `tx` (see [`Store::merge`]).
pub(super) fn merge_in(
    tx: &Connection,
    kept: PersonId,
    removed: PersonId,
    now: DateTime<Utc>,
) -> Result<i64> {
    if kept == removed {
        return Err(InputError::SelfMerge.into());
    }

    let removed_ref = person_ref(tx, removed)?;
    ensure_person(tx, kept)?;
    tx.execute(
        "INSERT INTO merge_log (kept, removed, removed_name, merged_at) VALUES (?1, ?2, ?3, ?4)",
        params![kept.0, removed.0, removed_ref.display_name, to_secs(now)],
    )?;
    let merge = tx.last_insert_rowid();
    let mut saver = Saver {
        conn: tx,
        merge,
        seq: 0,
    };
    // Everything as it was: both people, the removed one's rows, the
    // introductions and introducer links that name them.
    saver.save("person", "id IN (?1, ?2)", &[kept.0, removed.0])?;
    for table in BY_PERSON {
        saver.save(table, "person_id = ?1", &[removed.0])?;
    }
    saver.save(
        "introduction",
        "person_a = ?1 OR person_b = ?1",
        &[removed.0],
    )?;
    saver.save(
        "person",
        "introduced_by = ?1 AND id NOT IN (?1, ?2)",
        &[removed.0, kept.0],
    )?;
    saver.save("not_duplicate", "a = ?1 OR b = ?1", &[removed.0])?;
    saver.save("link_dismissed", "a = ?1 OR b = ?1", &[removed.0])?;
    saver.save("link", "from_id = ?1 OR to_id = ?1", &[removed.0])?;
    // Rows the merge adds to the kept person (undo removes them).
    for (table, key) in [
        ("person_tag", "tag_id"),
        ("prompt_dismissal", "rule"),
        ("my_tie", "what"),
    ] {
        let added = format!(
            "person_id = ?1 AND {key} NOT IN (SELECT {key} FROM \"{table}\" WHERE person_id = ?2)"
        );
        let (columns, rows) = rows_where(tx, table, &added, &[removed.0, kept.0])?;
        for mut row in rows {
            if let Some(i) = columns.iter().position(|c| c == "person_id") {
                row[i] = Value::Integer(kept.0);
            }
            saver.seq += 1;
            tx.prepare_cached("INSERT INTO merge_row (merge_id, seq, tbl, cols, vals) VALUES (?1, ?2, ?3, ?4, ?5)")?
                    .execute(params![merge, saver.seq, format!("+{table}"), columns.join(","), encode_row(&row)])?;
        }
    }

    // The removed person's photo, when the kept one has none (undo takes
    // it away again).
    let (columns, rows) = rows_where(
        tx,
        "person_photo",
        "person_id = ?1 AND NOT EXISTS (SELECT 1 FROM person_photo WHERE person_id = ?2)",
        &[removed.0, kept.0],
    )?;
    for mut row in rows {
        if let Some(i) = columns.iter().position(|c| c == "person_id") {
            row[i] = Value::Integer(kept.0);
        }
        saver.seq += 1;
        tx.prepare_cached(
            "INSERT INTO merge_row (merge_id, seq, tbl, cols, vals) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            merge,
            saver.seq,
            "+person_photo",
            columns.join(","),
            encode_row(&row)
        ])?;
        tx.execute(
            "UPDATE person_photo SET person_id = ?1 WHERE person_id = ?2",
            params![kept.0, removed.0],
        )?;
    }

    let fill = FILLED
        .iter()
        .map(|c| format!("{c} = coalesce({c}, (SELECT {c} FROM person WHERE id = ?2))"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute(
        &format!("UPDATE person SET {fill}, updated_at = ?3 WHERE id = ?1"),
        params![kept.0, removed.0, to_secs(now)],
    )?;
    tx.execute(
        "UPDATE OR IGNORE identity SET person_id = ?1 WHERE person_id = ?2",
        params![kept.0, removed.0],
    )?;
    for table in ["person_tag", "prompt_dismissal", "my_tie"] {
        tx.execute(
            &format!("UPDATE OR IGNORE \"{table}\" SET person_id = ?1 WHERE person_id = ?2"),
            params![kept.0, removed.0],
        )?;
    }
    for table in [
        "note",
        "topic",
        "touch",
        "follow_up",
        "ask_offer",
        "import_key",
        "person_date",
    ] {
        tx.execute(
            &format!("UPDATE \"{table}\" SET person_id = ?1 WHERE person_id = ?2"),
            params![kept.0, removed.0],
        )?;
    }
    tx.execute(
            "DELETE FROM introduction WHERE (person_a = ?1 AND person_b = ?2) OR (person_a = ?2 AND person_b = ?1)",
            params![kept.0, removed.0],
        )?;
    tx.execute(
        "UPDATE introduction SET person_a = ?1 WHERE person_a = ?2",
        params![kept.0, removed.0],
    )?;
    tx.execute(
        "UPDATE introduction SET person_b = ?1 WHERE person_b = ?2",
        params![kept.0, removed.0],
    )?;
    tx.execute(
        "UPDATE person SET introduced_by = NULL WHERE id = ?1 AND introduced_by = ?2",
        params![kept.0, removed.0],
    )?;
    tx.execute(
        "UPDATE person SET introduced_by = ?1 WHERE introduced_by = ?2",
        params![kept.0, removed.0],
    )?;
    tx.execute(
        "DELETE FROM not_duplicate WHERE a = ?1 OR b = ?1",
        [removed.0],
    )?;
    tx.execute(
        "DELETE FROM link_dismissed WHERE a = ?1 OR b = ?1",
        [removed.0],
    )?;
    // Links move to the kept person: none between the two, one per pair
    // and kind (a link both had stays once), symmetric ones lower id first.
    tx.execute(
        "DELETE FROM link WHERE (from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1)",
        params![kept.0, removed.0],
    )?;
    for column in ["from_id", "to_id"] {
        tx.execute(
            &format!("UPDATE OR IGNORE link SET {column} = ?1 WHERE {column} = ?2"),
            params![kept.0, removed.0],
        )?;
    }
    tx.execute(
        "UPDATE OR IGNORE link SET from_id = to_id, to_id = from_id
         WHERE from_id > to_id AND kind IN ('partner', 'sibling', 'family', 'friend', 'colleague')",
        [],
    )?;
    tx.execute(
        "DELETE FROM link WHERE from_id = ?1 OR to_id = ?1
            OR (from_id > to_id AND kind IN ('partner', 'sibling', 'family', 'friend', 'colleague'))",
        [removed.0],
    )?;
    tx.execute("DELETE FROM person_search WHERE rowid = ?1", [removed.0])?;
    tx.execute("DELETE FROM person WHERE id = ?1", [removed.0])?;
    reindex(tx, kept)?;
    refresh_stage(tx, kept, now)?;
    Ok(merge)
}
