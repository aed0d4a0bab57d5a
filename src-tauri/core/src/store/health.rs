//! Is the file healthy, and what can still be read from one that is not.
//!
//! The full check is SQLite's `integrity_check` (every page, every index,
//! and since SQLite 3.44 the full-text index's own check), its
//! `foreign_key_check`, and Kith's search invariant: one search entry per
//! person, none for anyone else. The quick check (`quick_check`, which
//! skips index contents) runs at every start of the desktop app; the full
//! one weekly and on `kith check`.
//!
//! Salvage reads a damaged file row by row, in rowid ranges, stepping over
//! what cannot be read, into a [`Dump`] (the JSON export's tables).

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::saved::{Dump, Table, Value, DUMP_TABLES};
use super::{from_secs, to_secs, Result, Store, StoreError};

/// The full check runs this often.
pub const FULL_CHECK_DAYS: i64 = 7;
const LAST_FULL_CHECK: &str = "last_full_check";

/// What a check found: nothing when the file is healthy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Check {
    /// The file's pages or indexes are damaged (SQLite's words).
    pub damage: Vec<String>,
    /// Rows that point at rows that are not there.
    pub broken_links: Vec<String>,
    /// The search index disagrees with the people.
    pub search: Vec<String>,
}

impl Check {
    pub fn healthy(&self) -> bool {
        self.damage.is_empty() && self.broken_links.is_empty() && self.search.is_empty()
    }

    /// The first problem, in one line.
    pub fn summary(&self) -> Option<String> {
        if let Some(first) = self.damage.first() {
            return Some(format!("the database file is damaged ({first})"));
        }
        if let Some(first) = self.broken_links.first() {
            return Some(format!(
                "the database has rows that point at missing rows ({first})"
            ));
        }
        self.search
            .first()
            .map(|first| format!("the search index is out of step ({first})"))
    }
}

/// Lines of SQLite's verdict kept; the rest are counted.
const MAX_LINES: usize = 20;

fn run_check(conn: &Connection, full: bool) -> Result<Check> {
    let pragma = if full {
        "PRAGMA integrity_check"
    } else {
        "PRAGMA quick_check"
    };
    let mut check = Check::default();
    let verdict: Vec<String> = conn
        .prepare(pragma)?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if verdict != ["ok"] {
        check.damage = verdict.into_iter().take(MAX_LINES).collect();
        // The rest reads from damaged pages; what it says cannot be trusted.
        return Ok(check);
    }
    if !full {
        return Ok(check);
    }
    let mut broken = conn.prepare(
        "SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2 ORDER BY 1, 2",
    )?;
    check.broken_links = broken
        .query_map([], |r| {
            Ok(format!(
                "{} rows of {} point at missing {}",
                r.get::<_, i64>(2)?,
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let has_search: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'person_search'",
        [],
        |r| r.get(0),
    )?;
    if has_search {
        let missing: i64 = conn.query_row(
            "SELECT count(*) FROM person WHERE id NOT IN (SELECT rowid FROM person_search)",
            [],
            |r| r.get(0),
        )?;
        let stray: i64 = conn.query_row(
            "SELECT count(*) FROM person_search WHERE rowid NOT IN (SELECT id FROM person)",
            [],
            |r| r.get(0),
        )?;
        if missing > 0 {
            check
                .search
                .push(format!("{missing} people are missing from it"));
        }
        if stray > 0 {
            check.search.push(format!("{stray} entries name nobody"));
        }
    }
    Ok(check)
}

fn open_read_only(path: &Path) -> Result<Connection> {
    super::cipher::ready();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| match StoreError::from(source) {
        StoreError::Sqlite(source) => StoreError::Open {
            path: path.to_owned(),
            source,
        },
        other => other,
    })?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// A read-only connection to the open store's file for the quick check,
/// with the key the store opened it with.
fn open_checker(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let (conn, _) = super::cipher::open(path, flags).map_err(|e| super::unopened(path, e))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// The full check of the database file at `db`, through a read-only
/// connection: nothing is migrated or written. A file SQLite cannot read
/// as a database at all is reported as damage.
pub fn check_file(db: &Path) -> Result<Check> {
    if !db.exists() {
        return Err(StoreError::File(format!(
            "there is no database at {}",
            db.display()
        )));
    }
    let attempt = open_read_only(db).and_then(|conn| run_check(&conn, true));
    match attempt {
        Err(StoreError::Corrupt(what)) => Ok(Check {
            damage: vec![what],
            ..Check::default()
        }),
        other => other,
    }
}

/// What could be read from a damaged file.
#[derive(Debug, Clone, PartialEq)]
pub struct Salvage {
    pub dump: Dump,
    /// Where rows could not be read.
    pub lost: Vec<String>,
}

/// Rows read per step.
const STEP: i64 = 500;
/// Give up on a table after this many unreadable stretches.
const MAX_HOLES: u32 = 64;

/// Reads every readable row of the file at `db`, table by table.
pub fn salvage_file(db: &Path) -> Result<Salvage> {
    let conn = open_read_only(db)?;
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(StoreError::from)?;
    let mut tables = Vec::new();
    let mut lost = Vec::new();
    for name in DUMP_TABLES {
        let columns: Vec<String> = match conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        {
            Ok(columns) => columns,
            Err(error) => {
                lost.push(format!("{name}: {error}"));
                continue;
            }
        };
        if columns.is_empty() {
            // An older schema without this table.
            continue;
        }
        let without_rowid: bool = conn
            .query_row(
                "SELECT coalesce(instr(upper(sql), 'WITHOUT ROWID') > 0, 0) FROM sqlite_master WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap_or(false);
        let list = super::saved::quoted_list(&columns);
        let rows = if without_rowid {
            read_plain(&conn, name, &list, columns.len(), &mut lost)
        } else {
            read_by_rowid(&conn, name, &list, columns.len(), &mut lost)
        };
        tables.push(Table {
            name: name.to_owned(),
            columns,
            rows,
        });
    }
    Ok(Salvage {
        dump: Dump {
            schema_version: version,
            tables,
        },
        lost,
    })
}

fn row_values(row: &rusqlite::Row<'_>, from: usize, width: usize) -> rusqlite::Result<Vec<Value>> {
    (from..from + width)
        .map(|i| Ok(Value::from(row.get_ref(i)?)))
        .collect()
}

/// A scan that keeps what it read before the first unreadable row.
fn read_plain(
    conn: &Connection,
    table: &str,
    list: &str,
    width: usize,
    lost: &mut Vec<String>,
) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let result = (|| -> rusqlite::Result<()> {
        let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\""))?;
        let mut cursor = stmt.query([])?;
        while let Some(row) = cursor.next()? {
            rows.push(row_values(row, 0, width)?);
        }
        Ok(())
    })();
    if let Err(error) = result {
        lost.push(format!("{table} after {} rows: {error}", rows.len()));
    }
    rows
}

/// Reads in rowid order, a step at a time; an unreadable stretch is
/// stepped over with growing jumps until rows read again.
fn read_by_rowid(
    conn: &Connection,
    table: &str,
    list: &str,
    width: usize,
    lost: &mut Vec<String>,
) -> Vec<Vec<Value>> {
    let sql = format!(
        "SELECT rowid, {list} FROM \"{table}\" WHERE rowid > ?1 ORDER BY rowid LIMIT {STEP}"
    );
    let mut rows = Vec::new();
    let mut after = i64::MIN;
    let mut jump = 1i64;
    let mut holes = 0;
    loop {
        let mut read = 0;
        let step = (|| -> rusqlite::Result<()> {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut cursor = stmt.query([after])?;
            while let Some(row) = cursor.next()? {
                let values = row_values(row, 1, width)?;
                after = row.get(0)?;
                rows.push(values);
                read += 1;
            }
            Ok(())
        })();
        match step {
            Ok(()) if read < STEP => break,
            Ok(()) => jump = 1,
            Err(error) => {
                holes += 1;
                if holes == 1 || holes == MAX_HOLES {
                    lost.push(format!("{table} after id {after}: {error}"));
                }
                if holes >= MAX_HOLES || after == i64::MAX {
                    break;
                }
                after = if after == i64::MIN {
                    0
                } else {
                    after.saturating_add(jump)
                };
                jump = jump.saturating_mul(2);
            }
        }
    }
    rows
}

impl Store {
    /// A check of the open file (`full`: every page, the links and the
    /// search index). A file is read through a connection of its own,
    /// closed after: the window's reads do not wait behind a check of
    /// every page (most of a second at 30,000 people and 300,000 touches),
    /// the pages it read leave memory with it, and the full-text index is
    /// checked as it is on disk — a long-lived connection that searched
    /// before another wrote would check the index by the layout it read
    /// then, and report damage that is not there.
    fn run_own_check(&self, full: bool) -> Result<Check> {
        match self.path() {
            Some(path) => {
                self.usable()?;
                let result = open_checker(path).and_then(|conn| run_check(&conn, full));
                self.note(&result);
                result
            }
            None => self.read(|conn| run_check(conn, full)),
        }
    }

    /// SQLite's quick check of the open file; damage is remembered (no
    /// more writes) and returned as [`StoreError::Corrupt`].
    pub fn quick_check(&self) -> Result<()> {
        let check = self.run_own_check(false)?;
        self.remember(&check)
    }

    /// The full check of the open file. Damage is remembered as by
    /// [`Store::quick_check`]; broken links and search problems are
    /// returned but do not stop writes.
    pub fn check(&self) -> Result<Check> {
        let check = self.run_own_check(true)?;
        self.remember(&check)?;
        Ok(check)
    }

    /// Whether the weekly full check is due (never run, or a week ago).
    pub fn full_check_due(&self, now: DateTime<Utc>) -> Result<bool> {
        let last: Option<String> = self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT value FROM setting WHERE key = ?1",
                    [LAST_FULL_CHECK],
                    |r| r.get(0),
                )
                .optional()?)
        })?;
        let last = last.and_then(|v| v.parse::<i64>().ok()).map(from_secs);
        Ok(last.is_none_or(|at| now - at >= chrono::Duration::days(FULL_CHECK_DAYS)))
    }

    /// Notes that the full check ran at `now`.
    pub fn record_full_check(&self, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![LAST_FULL_CHECK, to_secs(now).to_string()],
            )?;
            Ok(())
        })
    }

    fn remember(&self, check: &Check) -> Result<()> {
        match check.damage.first() {
            None => Ok(()),
            Some(first) => {
                self.note_error(&StoreError::Corrupt(first.clone()));
                Err(StoreError::Corrupt(first.clone()))
            }
        }
    }

    /// Runs SQLite's own consistency check; `Ok(())` when it says "ok".
    pub fn integrity_check(&self) -> Result<()> {
        let check = self.run_own_check(true)?;
        match check.damage.first() {
            Some(first) => Err(StoreError::Corrupt(first.clone())),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::tests::t0;

    #[test]
    fn a_full_check_after_the_search_index_changed_finds_no_damage_that_is_not_there() {
        use crate::domain::{Channel, Direction, PersonBundle, PersonDraft, TouchDraft, TouchKind};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db")).unwrap();
        let bundles: Vec<PersonBundle> = (0..1_000)
            .map(|i| {
                PersonBundle::new(
                    PersonDraft::named(&format!("Ada Lovelace {i}")).unwrap(),
                    Vec::new(),
                )
            })
            .collect();
        store
            .add_people(&bundles, chrono_tz::Tz::UTC, t0())
            .unwrap();
        // The window searches and the weekly check runs: both read the
        // index's layout as it was.
        assert_eq!(store.people("ada", 0, 10).unwrap().total, 1_000);
        assert!(store.check().unwrap().damage.is_empty());
        // Then hundreds of writes, each re-indexing someone: the index's
        // segments are merged into new ones.
        let ids = store.person_ids().unwrap();
        for (n, id) in ids.iter().take(300).enumerate() {
            let touch = TouchDraft::new(
                *id,
                TouchKind::Message,
                Channel::Email,
                Direction::Out,
                t0(),
                Some(&format!("talked about the analytical engine, part {n}")),
            )
            .unwrap();
            store.log_touch(&touch, t0()).unwrap();
        }
        let check = store.check().expect("no false alarm from a stale layout");
        assert!(check.damage.is_empty(), "{:?}", check.damage);
        assert!(check.search.is_empty(), "{:?}", check.search);
        // Writes go on.
        store.add_note(ids[0], "Still writable", t0()).unwrap();
    }
    use crate::store::Problem;
    use crate::PersonDraft;
    use std::io::{Seek, SeekFrom, Write};

    /// A closed database file with `n` people, checkpointed.
    pub(crate) fn filled(dir: &Path, n: usize) -> std::path::PathBuf {
        let db = dir.join("kith.db");
        let store = Store::open(&db).unwrap();
        for i in 0..n {
            let draft = PersonDraft::named(&format!("Person {i:05} with a longer name")).unwrap();
            store.create_person(&draft, t0()).unwrap();
        }
        store.checkpoint().unwrap();
        db
    }

    /// Overwrites `count` pages from the middle of the file on.
    fn damage_middle(db: &Path, count: u64) {
        let pages = std::fs::metadata(db).unwrap().len() / 4096;
        damage_pages(db, pages / 2, pages / 2 + count);
    }

    /// Overwrites pages `from..to` (1-based) with garbage.
    pub(crate) fn damage_pages(db: &Path, from: u64, to: u64) {
        let page = 4096;
        let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
        for n in from..to {
            file.seek(SeekFrom::Start((n - 1) * page)).unwrap();
            file.write_all(&vec![0xA5; page as usize]).unwrap();
        }
        file.sync_all().unwrap();
    }

    #[test]
    fn a_healthy_file_passes_every_check() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path(), 10);
        let check = check_file(&db).unwrap();
        assert!(check.healthy(), "{check:?}");
        assert_eq!(check.summary(), None);
    }

    #[test]
    fn overwritten_pages_are_found_and_the_store_stops_writing() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path(), 2000);
        damage_middle(&db, 3);
        let check = check_file(&db).unwrap();
        assert!(!check.damage.is_empty(), "{check:?}");
        assert!(check
            .summary()
            .unwrap()
            .starts_with("the database file is damaged"));

        let store = Store::open(&db).unwrap();
        let before = std::fs::read(&db).unwrap();
        assert!(matches!(store.check(), Err(StoreError::Corrupt(_))));
        assert!(matches!(store.problem(), Some(Problem::Damaged(_))));
        let refused = store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap_err();
        assert!(
            refused.to_string().contains("the database file is damaged"),
            "{refused}"
        );
        assert!(store.people_count().is_err(), "reads are refused too");
        drop(store);
        assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was written");
    }

    #[test]
    fn the_quick_check_reads_beside_the_window_and_finds_damage_in_the_open_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path(), 2000);
        let store = std::sync::Arc::new(Store::open(&db).unwrap());
        // The window's reads hold the reader; the check does not wait for it.
        let reading = crate::store::lock(&store.reader);
        let (done, checked) = std::sync::mpsc::channel();
        let checker = store.clone();
        std::thread::spawn(move || done.send(checker.quick_check().is_ok()).unwrap());
        let passed = checked
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the quick check waited for the reader");
        assert!(passed);
        drop(reading);

        damage_middle(&db, 3);
        assert!(matches!(store.quick_check(), Err(StoreError::Corrupt(_))));
        assert!(matches!(store.problem(), Some(Problem::Damaged(_))));
    }

    #[test]
    fn a_search_index_out_of_step_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path(), 3);
        Connection::open(&db)
            .unwrap()
            .execute(
                "DELETE FROM person_search WHERE rowid = (SELECT min(id) FROM person)",
                [],
            )
            .unwrap();
        let check = check_file(&db).unwrap();
        assert_eq!(check.search, ["1 people are missing from it"]);
        assert!(check.summary().unwrap().contains("search index"));
    }

    #[test]
    fn a_file_with_a_destroyed_header_is_damage_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path(), 3);
        damage_pages(&db, 1, 2);
        let check = check_file(&db).unwrap();
        assert!(!check.healthy());
        let store = Store::open_or_problem(&db);
        assert!(
            matches!(store.problem(), Some(Problem::Damaged(_))),
            "{:?}",
            store.problem()
        );
    }

    #[test]
    fn a_file_that_cannot_be_opened_gives_a_refusing_store_that_can_try_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        // Something else is where the database should be.
        std::fs::create_dir(&db).unwrap();
        let store = Store::open_or_problem(&db);
        let Some(Problem::NotOpen(why)) = store.problem() else {
            panic!("{:?}", store.problem());
        };
        assert!(why.contains("could not open the database"), "{why}");
        assert!(matches!(store.people_count(), Err(StoreError::NotOpen(_))));
        assert!(store.reopen().is_err(), "still not openable");
        std::fs::remove_dir(&db).unwrap();
        store.reopen().unwrap();
        assert_eq!(store.problem(), None);
        store
            .create_person(&PersonDraft::named("Ada").unwrap(), t0())
            .unwrap();
        assert_eq!(store.people_count().unwrap(), 1);
    }

    #[test]
    fn salvage_reads_around_damaged_pages() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path(), 3000);
        // Damage a stretch in the middle of the file, away from the schema.
        damage_middle(&db, 2);
        let salvage = salvage_file(&db).unwrap();
        let people = salvage
            .dump
            .tables
            .iter()
            .find(|t| t.name == "person")
            .unwrap()
            .rows
            .len();
        assert!(people > 1000, "most people were read: {people}");
        assert!(people <= 3000);
    }
}
