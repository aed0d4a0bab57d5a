//! The one owner of Kith's SQLite database. Nothing outside this module
//! writes SQL.
//!
//! Connection policy, in one place:
//! - WAL journal, so readers never block the writer and a crash mid-write
//!   leaves the last committed state.
//! - `synchronous = FULL`: every commit is on disk before it returns. Kith
//!   writes little and "nothing is ever lost" matters more than the fsync.
//! - `foreign_keys = ON`, `busy_timeout = 5 s`, a 32 MiB page cache and
//!   temporary tables in memory.
//! - Every write runs in a transaction that starts IMMEDIATE, so it takes
//!   the write lock up front instead of failing half-way.
//!
//! Migrations are numbered SQL files under `migrations/`, embedded in the
//! binary, applied one transaction each and recorded in `user_version`. They
//! are append-only. A database whose version is newer than this binary knows
//! is refused, never "repaired"; an older one is backed up before the first
//! migration runs (`backup.rs`).
//!
//! Damage: once SQLite reports the file damaged (or a check finds it), the
//! store remembers it and refuses every further read and write with
//! [`StoreError::Corrupt`] until a backup is restored, so nothing is ever
//! written into a damaged file. A file that could not be opened at all
//! gives a store in the same refusing state ([`Store::open_or_problem`]), so
//! the desktop app can still show why and the way out.

mod backup;
mod cadence;
mod candidates;
mod chats;
mod cipher;
mod claims;
mod dashboard;
mod dates;
mod dump;
mod edits;
mod encryption;
mod files;
mod follow_up_rows;
mod follow_ups;
mod graph;
pub(crate) mod health;
mod helping;
mod import;
mod in_use;
mod link_rows;
mod link_suggestions;
mod links;
mod mail;
mod mail_accounts;
mod mail_rows;
mod meeting_calendars;
mod meeting_rows;
mod meetings;
mod merge;
mod my_ties;
mod path;
mod people;
mod phone_rows;
mod photo_rows;
mod photos;
mod plan;
mod prep;
mod prep_rows;
mod prompts;
mod queue;
mod reminders;
mod rows;
mod sample;
mod saved;
mod search;
mod settings;
mod split;
mod stages;
mod sync;
mod sync_follow_ups;
mod sync_journal;
mod sync_rows;
mod touches;
mod trash;

pub use chats::{ChatSuggestion, ChatsRecorded, SUGGEST_AFTER_DAYS};
pub use claims::{ClaimedReminder, DateDue, KeepInTouch, Subject, KEEP_IN_TOUCH_HOUR};
pub use dashboard::{Dashboard, Figure, Mix, Movement, Week, MOVEMENT_DAYS, WEEKS};
pub use dates::YearlyDate;
pub use files::{
    backup_dir_for, backup_dir_of_file, find_backup, list_backups, restore_file, Backup,
    BackupKind, Restored, BACKUPS_DIR, LARGE_CHANGE,
};
pub use follow_ups::{FollowUpFilter, Series};
pub use graph::{GraphEdge, GraphNode, Neighbourhood, Network, MAX_DEPTH, MAX_NEIGHBOURHOOD};
pub use health::{check_file, salvage_file, Check, Salvage};
pub use import::{ImportFailure, ImportReport, MergeSuggestion};
pub use link_suggestions::{Evidence, LinkSuggestion, MAX_GROUP, MAX_PARTIES};
pub use mail::{FilterList, MailPreview, MailSuggestion};
pub use mail_accounts::{FolderStep, MailAccount, MailAccountDraft, MailFolderState, MailTally};
pub use mail_rows::{MailRecorded, SUBJECT_THREAD_DAYS};
pub use meeting_calendars::{CalendarItem, MeetingCalendar};
pub use meeting_rows::MeetingsRecorded;
pub use meetings::MeetingPreview;
pub use merge::{DuplicatePair, Folded, Merge};
pub use my_ties::MyTieRow;
pub use path::{FoundRoute, WarmPath};
pub use people::{PeopleFilter, PeoplePage, Sort};
pub use photos::StoredPhoto;
pub use plan::{Plan, PlanItem};
pub use prep::{Prep, PrepPerson, PREP_TOUCHES};
pub use prep_rows::PlannedMeeting;
pub use prompts::Prompt;
pub use queue::{QueueEntry, QueuePage, Template};
pub use rows::PersonRef;
pub use saved::{Dump, Table, Value, DUMP_TABLES, NOT_DUMPED};
pub use search::fts_query;
pub use settings::{
    NationalNumbers, QuietHours, Settings, SettingsChange, DEFAULT_MISSED_AFTER_HOURS,
    DEFAULT_WEEKLY_GOAL, MAX_WEEKLY_GOAL, MAX_WELCOME_DAYS,
};
pub use split::{Split, SplitSpec};
pub use stages::Funnel;
pub use sync::{CardPhoto, PersonFields, SyncAccount, SyncConflict, SyncPhoto, SyncedPerson};
pub use sync_follow_ups::{FollowUpFields, SyncedFollowUp};
pub use sync_journal::{journal_kind, JournalEntry, JournalKind, SyncedEntry, JOURNAL_KINDS};
pub use sync_rows::{NewConflict, Side, SyncItem};
pub use trash::{TrashEntry, TRASH_DAYS};

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::{FollowUpId, InputError, PersonId, TouchId};

/// One schema step: its SQL, and for the few steps that re-derive values
/// by Kith's own rules (which SQL cannot express), a Rust step run after
/// the SQL in the same transaction.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Transaction<'_>) -> Result<()>>,
}

const fn sql(sql: &'static str) -> Migration {
    Migration { sql, then: None }
}

/// The migrations, in order. Append only: a released file never changes.
const MIGRATIONS: &[Migration] = &[
    sql(include_str!("../../migrations/0001_init.sql")),
    sql(include_str!(
        "../../migrations/0002_recurring_and_missed.sql"
    )),
    sql(include_str!("../../migrations/0003_stage.sql")),
    sql(include_str!("../../migrations/0004_welcome_queue.sql")),
    sql(include_str!(
        "../../migrations/0005_introduction_reminder.sql"
    )),
    sql(include_str!("../../migrations/0006_imports.sql")),
    Migration {
        sql: include_str!("../../migrations/0007_phone_keys.sql"),
        then: Some(phone_rows::rekey_phones_now),
    },
    sql(include_str!("../../migrations/0008_trash.sql")),
    sql(include_str!("../../migrations/0009_split.sql")),
    sql(include_str!("../../migrations/0010_import_key_names.sql")),
    sql(include_str!("../../migrations/0011_plan.sql")),
    sql(include_str!("../../migrations/0012_plan_notice.sql")),
    sql(include_str!("../../migrations/0013_sync.sql")),
    sql(include_str!("../../migrations/0014_follow_up_sync.sql")),
    sql(include_str!("../../migrations/0015_journal_sync.sql")),
    Migration {
        sql: include_str!("../../migrations/0016_search_words.sql"),
        then: Some(search::fill_name_words),
    },
    sql(include_str!("../../migrations/0017_dates.sql")),
    sql(include_str!("../../migrations/0018_card_note.sql")),
    sql(include_str!("../../migrations/0019_mail.sql")),
    sql(include_str!("../../migrations/0020_mail_accounts.sql")),
    sql(include_str!("../../migrations/0021_mail_pending.sql")),
    sql(include_str!("../../migrations/0022_meetings.sql")),
    sql(include_str!("../../migrations/0023_meeting_calendars.sql")),
    sql(include_str!("../../migrations/0024_meetings_ahead.sql")),
    sql(include_str!("../../migrations/0025_plan_list.sql")),
    sql(include_str!("../../migrations/0026_chat_waiting.sql")),
    sql(include_str!("../../migrations/0027_links.sql")),
    Migration {
        sql: include_str!("../../migrations/0028_derived_links.sql"),
        then: Some(link_rows::derive_all),
    },
    sql(include_str!("../../migrations/0029_link_suggestions.sql")),
    sql(include_str!("../../migrations/0030_link_pending.sql")),
    sql(include_str!("../../migrations/0031_link_pending_uid.sql")),
    sql(include_str!("../../migrations/0032_my_ties.sql")),
    sql(include_str!("../../migrations/0033_introduced_by_you.sql")),
    sql(include_str!("../../migrations/0034_link_covering.sql")),
    Migration {
        sql: include_str!("../../migrations/0035_linkedin_keys.sql"),
        then: Some(people::rekey_linkedin),
    },
    sql(include_str!("../../migrations/0036_person_photos.sql")),
    sql(include_str!("../../migrations/0037_photo_source.sql")),
    Migration {
        sql: include_str!("../../migrations/0038_mail_first_source.sql"),
        then: Some(mail_rows::keep_first_sources),
    },
    sql(include_str!("../../migrations/0039_touch_latest.sql")),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// SQLite's page cache, in KiB (as a negative `cache_size`): large enough to
/// hold a 30,000-person network's indexes while importing or searching;
/// memory is only taken as pages are read.
const CACHE_KIB: i64 = -32 * 1024;

/// `PRAGMA application_id` of a Kith database ("KITH" in ASCII), so Kith
/// refuses to write into some other program's SQLite file.
const APPLICATION_ID: i32 = 0x4b49_5448;

/// What can go wrong with the database, and what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("no person with id {0}")]
    PersonNotFound(PersonId),
    #[error("no touch with id {0}")]
    TouchNotFound(TouchId),
    #[error("no follow-up with id {0}")]
    FollowUpNotFound(FollowUpId),
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    #[error("nobody matches '{0}'")]
    NoMatch(String),
    #[error("'{query}' matches {} people: {}; use an id", .candidates.len(), candidate_list(.candidates))]
    Ambiguous {
        query: String,
        candidates: Vec<(PersonId, String)>,
    },
    #[error("this database was written by a newer Kith (schema {found}; this Kith knows up to {supported}). Update Kith to open it; the file was not changed")]
    TooNew { found: u32, supported: u32 },
    #[error("{} is not a Kith database; choose another file", .0.display())]
    NotKith(PathBuf),
    #[error("Kith's data is encrypted and this computer's keychain has no key for it; enter your recovery key (kith unlock --recovery-key-stdin)")]
    Locked(PathBuf),
    #[error("the key given does not open {} (a different key, or a damaged first page); enter your recovery key", .0.display())]
    WrongKey(PathBuf),
    #[error("encryption keeps its key in the system keychain, and {0}; nothing was changed")]
    Keychain(String),
    #[error("could not open the database at {}: {source}", .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the disk is full; nothing was saved. Free some space and try again")]
    DiskFull,
    #[error("the database is busy in another program; try again in a moment")]
    Busy,
    #[error("the database is open in another program (Kith's window or tray, or another kith command); close it and try again. Nothing was changed")]
    InUse,
    #[error("the database file is damaged ({0}); Kith did not change it")]
    Corrupt(String),
    /// The file could not be opened when Kith started; the message says why.
    #[error("{0}")]
    NotOpen(String),
    /// Kith's own saved rows (merge undo, trash) do not read back.
    #[error("{0}")]
    Inconsistent(String),
    #[error("could not back up the database first ({0}); nothing was changed")]
    BackupFailed(Box<StoreError>),
    #[error("{0}")]
    File(String),
    #[error("the database is read-only; check the file's permissions")]
    ReadOnly,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

fn candidate_list(candidates: &[(PersonId, String)]) -> String {
    candidates
        .iter()
        .take(5)
        .map(|(id, name)| format!("{name} (#{id})"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                StoreError::Corrupt(error.to_string())
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sqlite(error),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a store refuses to read or write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// SQLite found the file damaged (what it said).
    Damaged(String),
    /// The file could not be opened (why).
    NotOpen(String),
    /// The file is encrypted and no key given opens it (why).
    Locked(String),
}

impl Problem {
    fn error(&self) -> StoreError {
        match self {
            Problem::Damaged(what) => StoreError::Corrupt(what.clone()),
            Problem::NotOpen(why) | Problem::Locked(why) => StoreError::NotOpen(why.clone()),
        }
    }
}

/// Kith's database. Cheap to share behind an `Arc`; calls block, so async
/// callers run them on a blocking thread.
///
/// Two connections: the writer, which every write transaction holds, and
/// a reader (`query_only`) for everything else, so a long import never
/// keeps a view or the tray waiting (WAL lets one read while the other
/// writes). An in-memory store has only the writer.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Option<Connection>>,
    /// What is known to be wrong with the file; every call is refused
    /// while it is set.
    problem: Mutex<Option<Problem>>,
    path: Option<PathBuf>,
    /// When the store last wrote, so background work can wait for a lull.
    last_write: Mutex<Instant>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// No write starts while this lives (see [`Store::hold_writes`]).
pub struct WriteHold<'a>(#[allow(dead_code)] MutexGuard<'a, Connection>);

/// Whether a commit is flushed to the disk before it returns (SQLite's
/// `synchronous` FULL, Kith's setting), or with the next commit that is
/// (NORMAL, see [`Store::write_unflushed`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flush {
    Always,
    Later,
}

/// The write-ahead log's pages SQLite lets pile up before moving them into
/// the main file: its own default, and while a long write holds
/// checkpoints off (64 MiB).
const CHECKPOINT_PAGES: i64 = 1000;
const HELD_CHECKPOINT_PAGES: i64 = 16_384;

/// The write-ahead log is left to grow larger while this lives, and is
/// moved into the main file when it ends (see [`Store::hold_checkpoints`]).
pub struct CheckpointHold<'a>(&'a Store);

impl Drop for CheckpointHold<'_> {
    fn drop(&mut self) {
        let conn = lock(&self.0.writer);
        let done = conn
            .pragma_update(None, "wal_autocheckpoint", CHECKPOINT_PAGES)
            .and_then(|()| conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())));
        if let Err(error) = done {
            tracing::warn!(%error, "the write-ahead log was not moved into the database file");
        }
    }
}

/// Locks a mutex; a panic while it was held rolled back its transaction
/// when the `Transaction` dropped, so what it guards is still consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn problem_of(error: &StoreError) -> Problem {
    match error {
        StoreError::Corrupt(what) => Problem::Damaged(what.clone()),
        StoreError::Locked(_) | StoreError::WrongKey(_) => Problem::Locked(error.to_string()),
        other => Problem::NotOpen(other.to_string()),
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let writer = open_connection(path)?;
        let reader = open_reader(path)?;
        Ok(Self::new(writer, Some(reader), Some(path.to_owned()), None))
    }

    /// Opens the database at `path`; when that fails, a store that refuses
    /// every call with the reason, so a window can still say what is wrong
    /// and offer a restore or another try ([`Store::reopen`]).
    pub fn open_or_problem(path: &Path) -> Self {
        match Self::open(path) {
            Ok(store) => store,
            Err(error) => {
                tracing::error!(%error, "the database could not be opened");
                cipher::ready();
                match Connection::open_in_memory() {
                    Ok(conn) => {
                        Self::new(conn, None, Some(path.to_owned()), Some(problem_of(&error)))
                    }
                    // Only when SQLite cannot allocate a memory database.
                    Err(e) => panic!("SQLite cannot open an in-memory database: {e}"),
                }
            }
        }
    }

    fn new(
        writer: Connection,
        reader: Option<Connection>,
        path: Option<PathBuf>,
        problem: Option<Problem>,
    ) -> Self {
        Self {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            problem: Mutex::new(problem),
            path,
            last_write: Mutex::new(Instant::now()),
        }
    }

    /// An in-memory database, for tests and dry runs.
    pub fn open_in_memory() -> Result<Self> {
        cipher::ready();
        let mut conn = Connection::open_in_memory()?;
        prepare(&mut conn, None)?;
        Ok(Self::new(conn, None, None, None))
    }

    /// The file this store writes to (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What is wrong with the file, if anything is known to be.
    pub fn problem(&self) -> Option<Problem> {
        lock(&self.problem).clone()
    }

    fn usable(&self) -> Result<()> {
        lock(&self.problem)
            .as_ref()
            .map_or(Ok(()), |p| Err(p.error()))
    }

    /// Remembers damage that `result` reports.
    fn note<T>(&self, result: &Result<T>) {
        if let Err(error) = result {
            self.note_error(error);
        }
    }

    pub(crate) fn note_error(&self, error: &StoreError) {
        if let StoreError::Corrupt(what) = error {
            let mut problem = lock(&self.problem);
            if problem.is_none() {
                tracing::error!(%what, "the database file is damaged; no more writes");
                *problem = Some(Problem::Damaged(what.clone()));
            }
        }
    }

    /// Opens the file again (after it was restored, or the reason it could
    /// not be opened went away), replacing the connections and forgetting
    /// the old problem. On failure the store keeps refusing, with the new
    /// reason.
    pub fn reopen(&self) -> Result<()> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        self.with_file_closed(|| Ok(()))
            .map(|_| ())
            .inspect_err(|_| {
                tracing::warn!(path = %path.display(), "the database still cannot be opened");
            })
    }

    /// Runs `swap` with the database closed (both connections; a healthy
    /// one checkpointed first, so the file is complete on its own), then
    /// opens the file again: restores use it to put a backup in place of
    /// the file. When `swap` fails the file it left is opened again and its
    /// error returned; when opening fails the store refuses every call with
    /// the reason.
    pub(crate) fn with_file_closed<T>(&self, swap: impl FnOnce() -> Result<T>) -> Result<T> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::File(
                "an in-memory database has no file to replace".into(),
            ));
        };
        let mut writer = lock(&self.writer);
        let mut reader = lock(&self.reader);
        if self.problem().is_none() {
            let _ = writer.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        *reader = None;
        let old = std::mem::replace(&mut *writer, Connection::open_in_memory()?);
        if let Err((_, error)) = old.close() {
            tracing::warn!(%error, "closing the database before replacing it");
        }
        *lock(&self.problem) = Some(Problem::NotOpen("the database is being replaced".into()));
        let swapped = swap();
        let reopened = open_connection(&path).and_then(|w| Ok((w, open_reader(&path)?)));
        match reopened {
            Ok((w, r)) => {
                *writer = w;
                *reader = Some(r);
                *lock(&self.problem) = None;
            }
            Err(error) => {
                tracing::error!(%error, "the database could not be opened");
                *lock(&self.problem) = Some(problem_of(&error));
                drop((writer, reader));
                swapped?;
                return Err(error);
            }
        }
        drop((writer, reader));
        self.wrote();
        swapped
    }

    /// How long since the store last wrote.
    pub fn idle_for(&self) -> Duration {
        self.last_write
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }

    /// When the store last wrote (this process's writes).
    pub fn last_write(&self) -> Instant {
        *self.last_write.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wrote(&self) {
        *self.last_write.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }
}

/// Opens (creating if needed) the database file at `path`, with Kith's
/// pragmas and the current schema.
fn open_connection(path: &Path) -> Result<Connection> {
    {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                path: path.to_owned(),
                source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let (mut conn, _) = cipher::open(path, flags).map_err(|e| unopened(path, e))?;
        prepare(&mut conn, Some(path))?;
        Ok(conn)
    }
}

/// Why the file at `path` did not open, as the store says it.
pub(crate) fn unopened(path: &Path, error: cipher::Unopened) -> StoreError {
    match error {
        cipher::Unopened::Locked => StoreError::Locked(path.to_owned()),
        cipher::Unopened::WrongKey => StoreError::WrongKey(path.to_owned()),
        cipher::Unopened::Sqlite(source) => match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                StoreError::Corrupt(source.to_string())
            }
            _ => StoreError::Open {
                path: path.to_owned(),
                source,
            },
        },
    }
}

/// The reader: the same file, `query_only`, with the same rules
/// registered. Opened after the writer has brought the schema up to date.
fn open_reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let (conn, _) = cipher::open(path, flags).map_err(|e| unopened(path, e))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(128);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "query_only", "ON")?;
    register_functions(&conn)?;
    Ok(conn)
}

/// Sets Kith's pragmas on a fresh connection and brings its schema up to
/// date, backing a file up first when it is older than this Kith.
fn prepare(conn: &mut Connection, path: Option<&Path>) -> Result<()> {
    {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Room for every statement the store prepares, so none is
        // re-prepared in a loop.
        conn.set_prepared_statement_cache_capacity(128);
        // A write's statement keeps the plan it was prepared with, whatever
        // is bound to it: without this SQLite re-plans some statements on
        // every new value (a mail read's subject look-up was prepared again
        // for each of 25,000 messages). Reads keep re-planning, where a
        // bound 0 folds a filter away.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID && (app_id != 0 || version != 0 || has_tables(conn)?) {
            return Err(StoreError::NotKith(
                path.map(Path::to_owned).unwrap_or_default(),
            ));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // The log file is cut back to 8 MiB whenever it starts over, so a
        // long write that let it grow does not leave it large.
        conn.pragma_update(None, "journal_size_limit", 8 * 1024 * 1024)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        register_functions(conn)?;
        if let (Some(path), true) = (path, version > 0 && version < SCHEMA_VERSION) {
            files::before_migration(conn, path, version)?;
        }
        migrate(conn, version, SCHEMA_VERSION)?;
        Ok(())
    }
}

impl Store {
    /// The writer connection, for a write transaction.
    fn writer(&self) -> Result<MutexGuard<'_, Connection>> {
        self.usable()?;
        Ok(lock(&self.writer))
    }

    /// Runs `f` for reading, on the reader (the writer in memory).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.usable()?;
        let result = {
            let reader = lock(&self.reader);
            if let Some(conn) = reader.as_ref() {
                f(conn)
            } else {
                drop(reader);
                f(&lock(&self.writer))
            }
        };
        self.note(&result);
        result
    }

    /// Runs `f` in an IMMEDIATE transaction on the writer, committing only
    /// if it succeeds.
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.write_with(Flush::Always, f)
    }

    /// [`Store::write`] for a step of work that can be done again, whose
    /// progress commits with it (a batch of mail and how far its folder
    /// was read): the commit is not flushed to the disk. A crash of Kith
    /// loses nothing; a power cut may lose the last such steps, never
    /// anything else and never the file's consistency, and the work reads
    /// them again. The next flushed commit flushes them too.
    fn write_unflushed<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.write_with(Flush::Later, f)
    }

    fn write_with<T>(
        &self,
        flush: Flush,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let result = (|| {
            let mut conn = self.writer()?;
            if flush == Flush::Later {
                conn.pragma_update(None, "synchronous", "NORMAL")?;
            }
            let committed = (|| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let value = f(&tx)?;
                tx.commit()?;
                Ok(value)
            })();
            if flush == Flush::Later {
                conn.pragma_update(None, "synchronous", "FULL")?;
            }
            committed
        })();
        self.note(&result);
        self.wrote();
        result
    }

    /// Moves everything in the write-ahead log into the main file, so the
    /// file on disk is complete on its own. Called on a clean shutdown.
    pub fn checkpoint(&self) -> Result<()> {
        self.hold_writes().map(drop)
    }

    /// Waits for the write in flight (an import holds the writer until it
    /// commits), moves the write-ahead log into the main file, and keeps
    /// every other write waiting while the hold lives: for handing the file
    /// to a new program image (the desktop app replacing itself when its
    /// window opens or closes), which must not cut a transaction short.
    pub fn hold_writes(&self) -> Result<WriteHold<'_>> {
        let conn = self.writer()?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(WriteHold(conn))
    }

    /// Lets the write-ahead log grow to 64 MiB before SQLite moves it into
    /// the main file, until the hold is dropped, which moves it. A long
    /// read of mail commits batch after batch, each changing the same index
    /// pages; moving them into the file after every batch (at SQLite's
    /// 4 MiB) wrote them again each time. Every commit is as durable as
    /// before; only the main file is brought up to date later.
    pub fn hold_checkpoints(&self) -> Result<CheckpointHold<'_>> {
        self.writer()?
            .pragma_update(None, "wal_autocheckpoint", HELD_CHECKPOINT_PAGES)?;
        Ok(CheckpointHold(self))
    }

    /// Hands back the memory SQLite holds for its page caches on both
    /// connections (they fill again as pages are read). Called when the
    /// window closes and Kith stays in the tray.
    pub fn release_memory(&self) -> Result<()> {
        lock(&self.writer).execute_batch("PRAGMA shrink_memory")?;
        if let Some(reader) = lock(&self.reader).as_ref() {
            reader.execute_batch("PRAGMA shrink_memory")?;
        }
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        self.read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }
}

/// Kith's rules that SQL queries need, registered on every connection so a
/// query uses the same rule as the Rust code, never a copy of it:
/// `kith_health(last_touch_secs, cadence_days, now_secs)` is
/// [`crate::stage::Health::of`] as text.
fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "kith_health",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let last: Option<i64> = ctx.get(0)?;
            // Every stage has a default cadence, so this is never NULL.
            let cadence_days: i64 = ctx.get::<Option<i64>>(1)?.unwrap_or(1);
            let now: i64 = ctx.get(2)?;
            let cadence = u32::try_from(cadence_days.max(1)).unwrap_or(u32::MAX);
            Ok(crate::stage::Health::of(last.map(from_secs), cadence, from_secs(now)).as_str())
        },
    )?;
    Ok(())
}

fn has_tables(conn: &Connection) -> Result<bool> {
    let count: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok(count > 0)
}

/// Applies migrations `from + 1 ..= to`, one transaction each.
fn migrate(conn: &mut Connection, from: u32, to: u32) -> Result<()> {
    for (index, migration) in MIGRATIONS
        .iter()
        .enumerate()
        .take(to as usize)
        .skip(from as usize)
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        tracing::info!(version = index + 1, "database migrated");
    }
    Ok(())
}

/// Instants are stored as Unix seconds.
pub(crate) fn to_secs(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}

pub(crate) fn from_secs(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_write_hold_empties_the_log_and_keeps_writes_waiting_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        let store = std::sync::Arc::new(Store::open(&db).unwrap());
        store
            .update_settings(|s| {
                s.weekly_goal = 9;
                Ok(())
            })
            .unwrap();
        let wal = dir.path().join("kith.db-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);

        let hold = store.hold_writes().unwrap();
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "checkpointed");
        let (done, written) = std::sync::mpsc::channel();
        let writer = store.clone();
        std::thread::spawn(move || {
            let result = writer.update_settings(|s| {
                s.weekly_goal = 12;
                Ok(())
            });
            done.send(result.is_ok()).unwrap();
        });
        assert!(
            written
                .recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "no write while held"
        );
        // Reads go on.
        assert_eq!(store.settings().unwrap().weekly_goal, 9);
        drop(hold);
        assert!(written
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap());
        assert_eq!(store.settings().unwrap().weekly_goal, 12);
    }

    #[test]
    fn a_new_database_is_migrated_to_the_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db")).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.integrity_check().unwrap();
    }

    #[test]
    fn reopening_keeps_the_data_and_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/kith.db");
        let id = {
            let store = Store::open(&path).unwrap();
            store
                .create_person(
                    &crate::PersonDraft::named("Ada").unwrap(),
                    crate::store::tests::t0(),
                )
                .unwrap()
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.person(id).unwrap().display_name, "Ada");
    }

    #[test]
    fn a_database_from_a_newer_kith_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        drop(Store::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 1),
            "{err}"
        );
        assert!(err.to_string().contains("newer Kith"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn another_programs_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE invoices (id INTEGER);")
            .unwrap();
        assert!(matches!(
            Store::open(&path).unwrap_err(),
            StoreError::NotKith(_)
        ));
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_reported_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let garbage = b"this is not a database, it is a shopping list\n".repeat(200);
        std::fs::write(&path, &garbage).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::Corrupt(_) | StoreError::Open { .. }),
            "{err:?}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), garbage);
    }

    #[test]
    fn reads_do_not_wait_for_a_write_in_progress() {
        use std::sync::mpsc;
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("kith.db")).unwrap());
        store
            .create_person(&crate::PersonDraft::named("Ada").unwrap(), tests::t0())
            .unwrap();
        let (started, in_write) = mpsc::channel();
        let (go, read_done) = mpsc::channel::<()>();
        let writer = {
            let store = store.clone();
            std::thread::spawn(move || {
                // An import whose source is slow: its transaction holds the
                // writer until the read below has finished (or 10 s pass).
                let mut first = true;
                let rows = std::iter::from_fn(move || {
                    if first {
                        first = false;
                        started.send(()).unwrap();
                        let waited = read_done.recv_timeout(Duration::from_secs(10));
                        assert!(waited.is_ok(), "the read waited for the write");
                    }
                    None::<std::result::Result<crate::import::Row, std::io::Error>>
                });
                store.import(rows, false, tests::t0()).unwrap();
            })
        };
        in_write.recv().unwrap();
        assert_eq!(
            store.people_count().unwrap(),
            1,
            "read while the import writes"
        );
        go.send(()).unwrap();
        writer.join().unwrap();
    }

    #[test]
    fn pragmas_are_set_as_documented() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db")).unwrap();
        store
            .read(|conn| {
                let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
                let fks: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
                assert_eq!(mode, "wal");
                assert_eq!(sync, 2, "FULL");
                assert_eq!(fks, 1);
                Ok(())
            })
            .unwrap();
    }

    /// Every released schema, filled with data, opens in this build with
    /// its data intact.
    #[test]
    fn every_released_schema_migrates_to_the_current_one() {
        for version in 1..SCHEMA_VERSION {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.db");
            {
                let mut conn = Connection::open(&path).unwrap();
                migrate(&mut conn, 0, version).unwrap();
                conn.execute_batch(
                    "INSERT INTO person (id, display_name, created_at, updated_at)
                         VALUES (1, 'Ada Lovelace', 0, 0);
                     INSERT INTO touch (person_id, kind, channel, direction, happened_at, created_at)
                         VALUES (1, 'call', 'phone', 'out', 0, 0);
                     INSERT INTO follow_up (person_id, what, due_local, due_zone, due_at,
                         anchor_local, created_at)
                         VALUES (1, 'Ask', '2026-03-01T09:00:00', NULL, 1772355600,
                         '2026-03-01T09:00:00', 0);
                     INSERT INTO person_search (rowid, name) VALUES (1, 'Ada Lovelace');",
                )
                .unwrap();
            }
            let store = Store::open(&path).unwrap();
            assert_eq!(
                store.schema_version().unwrap(),
                SCHEMA_VERSION,
                "from {version}"
            );
            let ada = store.resolve_person("Ada Lovelace").unwrap();
            assert_eq!(store.touches(ada).unwrap().len(), 1);
            let follow_ups = store
                .follow_ups(crate::store::FollowUpFilter::OfPerson(ada))
                .unwrap();
            assert_eq!(follow_ups[0].what, "Ask");
            store.integrity_check().unwrap();
        }
    }

    #[test]
    fn upgrading_re_derives_phone_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate(&mut conn, 0, 6).unwrap();
            conn.execute_batch(
                "INSERT INTO person (id, display_name, created_at, updated_at) VALUES (1, 'Ada', 0, 0);
                 INSERT INTO identity (person_id, kind, value, normalized) VALUES
                     (1, 'phone', '+44 (0)20 7946 0000', '+4402079460000'),
                     (1, 'phone', '+44 20 7946 0000', '+442079460000'),
                     (1, 'phone', '110', '110'),
                     (1, 'email', 'Ada@Example.org', 'ada@example.org');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let keys: Vec<String> = store
            .person(PersonId(1))
            .unwrap()
            .identities
            .into_iter()
            .map(|i| i.normalized)
            .collect();
        // The two spellings of one number became one identity.
        assert_eq!(keys, ["+442079460000", "~110", "ada@example.org"]);
    }

    #[test]
    fn upgrading_names_old_import_keys_so_folded_records_can_be_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate(&mut conn, 0, 9).unwrap();
            conn.execute_batch(
                "INSERT INTO person (id, display_name, created_at, updated_at) VALUES (1, 'Ada Lovelace', 0, 0);
                 INSERT INTO import_key (source, key, person_id) VALUES
                     ('vcard', 'ada lovelace|ada@example.org', 1),
                     ('google', 'grace hopper|+49301234567', 1),
                     ('facebook', 'alan turing', 1),
                     ('vcard', '7F3A2C10-1B2D', 1);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let folded = store.folded(10).unwrap();
        assert_eq!(folded[0].person.display_name, "Ada Lovelace");
        assert_eq!(folded[0].other_names, ["alan turing", "grace hopper"]);
    }

    /// Logs a touch for a test, at `at` (recorded at the same instant).
    /// The one place store tests write touches; each module's own helper
    /// only chooses its defaults.
    pub(crate) fn log(
        store: &Store,
        who: PersonId,
        kind: crate::domain::TouchKind,
        channel: crate::domain::Channel,
        direction: crate::domain::Direction,
        at: DateTime<Utc>,
    ) -> TouchId {
        let draft = crate::domain::TouchDraft::new(who, kind, channel, direction, at, None)
            .expect("a valid touch");
        store.log_touch(&draft, at).expect("the touch is logged")
    }

    /// A follow-up with `who` about a new topic `topic`, due a day after
    /// [`t0`] wherever they are.
    pub(crate) fn follow_up_on_topic(store: &Store, who: PersonId, topic: &str, what: &str) {
        let topic = store.add_topic(who, topic, t0()).unwrap();
        let due = crate::when::LocalIntent::new(
            t0().naive_utc() + chrono::Duration::days(1),
            crate::when::Zone::Floating,
        );
        let draft = crate::FollowUpDraft::new(who, what, due, None)
            .unwrap()
            .with_topic(Some(topic));
        store
            .create_follow_up(&draft, chrono_tz::Tz::UTC, t0())
            .unwrap();
    }

    /// [`log`] on LinkedIn, `days` after [`t0`] (before it when negative).
    pub(crate) fn log_on_day(
        store: &Store,
        who: PersonId,
        kind: crate::domain::TouchKind,
        direction: crate::domain::Direction,
        days: i64,
    ) -> TouchId {
        let at = t0() + chrono::Duration::days(days);
        log(
            store,
            who,
            kind,
            crate::domain::Channel::Linkedin,
            direction,
            at,
        )
    }

    #[test]
    fn only_the_write_that_may_wait_for_the_disk_does() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db")).unwrap();
        let synchronous = |conn: &Connection| -> i64 {
            conn.query_row("PRAGMA synchronous", [], |r| r.get(0))
                .unwrap()
        };
        // NORMAL (1) inside, FULL (2) for every write after, also when the
        // one that could wait failed.
        let inside = store.write_unflushed(|tx| Ok(synchronous(tx))).unwrap();
        assert_eq!(inside, 1);
        assert_eq!(synchronous(&lock(&store.writer)), 2);
        let failed: Result<()> =
            store.write_unflushed(|_| Err(StoreError::PersonNotFound(PersonId(1))));
        assert!(failed.is_err());
        assert_eq!(synchronous(&lock(&store.writer)), 2);
        assert_eq!(store.write(|tx| Ok(synchronous(tx))).unwrap(), 2);
    }

    #[test]
    fn held_checkpoints_leave_the_log_whole_until_the_hold_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let store = Store::open(&path).unwrap();
        let size = || std::fs::metadata(&path).unwrap().len();
        // Eight commits of 1 MiB each: 2,048 pages, past SQLite's 1,000.
        let write_8_mib = |table: &str| {
            for _ in 0..8 {
                store
                    .write(|tx| {
                        tx.execute(&format!("CREATE TABLE IF NOT EXISTS {table} (b BLOB)"), [])?;
                        tx.execute(
                            &format!("INSERT INTO {table} VALUES (randomblob(1048576))"),
                            [],
                        )?;
                        Ok(())
                    })
                    .unwrap();
            }
        };
        let before = size();
        {
            let _hold = store.hold_checkpoints().unwrap();
            write_8_mib("held");
            assert!(
                size() < before + (1 << 20),
                "moved into the file while held"
            );
        }
        assert!(
            size() >= before + (8 << 20),
            "not moved when the hold ended"
        );
        // Without a hold, SQLite moves the log into the file as it goes.
        let before = size();
        write_8_mib("unheld");
        assert!(size() >= before + (4 << 20), "the log was not moved");
    }

    /// A fixed instant for tests: 2026-03-01 10:00 UTC.
    pub(crate) fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
    }
}
