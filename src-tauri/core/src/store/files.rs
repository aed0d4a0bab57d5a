//! Part of the store's floor: backup files on disk. Verified backups and
//! restores (the `impl Store` side is `backup.rs`).
//!
//! A backup is `VACUUM INTO` a hidden `.partial` file in the backup folder
//! (a consistent snapshot read through its own connection, so the app keeps
//! working while it is taken), `PRAGMA integrity_check` on the result, an
//! fsync, and only then a rename to its final name `kith-<UTC time>-<kind>.db`.
//! A file with that name was therefore whole and checked when it was
//! written; a kill or a full disk leaves at most a `.partial`, which the
//! next backup clears once it is an hour old.
//!
//! Kept: the newest 7 daily and 4 weekly backups, the newest 10 of each
//! kind taken before a restore or an import, and every backup taken by hand
//! or before a migration. Nothing else in the folder is touched.
//!
//! A restore checks the chosen backup, backs the current file up (when it
//! is healthy), copies the backup beside the database, keeps the current
//! file as `kith.db.replaced-<time>` (`kith.db.damaged-<time>` when it was
//! damaged) and renames the copy over `kith.db`: at every moment the
//! database is either the old file or the restored one, and the old one is
//! never deleted.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{Result, StoreError, APPLICATION_ID, SCHEMA_VERSION};
use crate::clock::{Clock, SystemClock};

/// The backup folder's name beside the database, unless the user chose
/// another folder.
pub const BACKUPS_DIR: &str = "backups";

/// An import that creates or changes more people than this is backed up
/// first.
pub const LARGE_CHANGE: u64 = 100;

pub(crate) const KEEP_DAILY: usize = 7;
pub(crate) const KEEP_WEEKLY: usize = 4;
pub(crate) const KEEP_EACH_EVENT: usize = 10;

/// A `.partial` file older than this is left from a backup that died.
pub(crate) const STALE_PARTIAL: Duration = Duration::from_secs(3600);

/// The setting that holds a user-chosen backup folder.
pub(crate) const BACKUP_DIR_SETTING: &str = "backup_dir";

pub(crate) const STAMP: &str = "%Y%m%d-%H%M%S";

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackupKind {
    Daily,
    Weekly,
    /// Asked for ("Back up now", `kith backup now`).
    Manual,
    BeforeMigration,
    BeforeRestore,
    BeforeImport,
}

impl BackupKind {
    pub const ALL: [BackupKind; 6] = [
        BackupKind::Daily,
        BackupKind::Weekly,
        BackupKind::Manual,
        BackupKind::BeforeMigration,
        BackupKind::BeforeRestore,
        BackupKind::BeforeImport,
    ];

    /// The identifier in file names and `--json`.
    pub fn id(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::Weekly => "weekly",
            BackupKind::Manual => "manual",
            BackupKind::BeforeMigration => "before-upgrade",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::BeforeImport => "before-import",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == text)
    }

    /// How many of this kind are kept (`None`: all).
    fn keep(self) -> Option<usize> {
        match self {
            BackupKind::Daily => Some(KEEP_DAILY),
            BackupKind::Weekly => Some(KEEP_WEEKLY),
            BackupKind::BeforeRestore | BackupKind::BeforeImport => Some(KEEP_EACH_EVENT),
            BackupKind::Manual | BackupKind::BeforeMigration => None,
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// The file name without `kith-` and `.db`, e.g. `20261130-061900-daily`.
    pub id: String,
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub kind: BackupKind,
    pub size: u64,
    /// People in it (`None` when it cannot be read).
    pub people: Option<u64>,
    /// It passed SQLite's integrity check when taken and still opens as Kith's.
    pub verified: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The backup now in place.
    pub from: PathBuf,
    pub people: u64,
    /// The file it replaced, kept beside the database.
    pub kept: Option<PathBuf>,
    /// The backup of the replaced file, when it was healthy enough to take.
    pub safety: Option<Backup>,
}

/// The backup folder for the database at `db`: the configured one, else
/// `backups/` beside the database.
pub fn backup_dir_for(db: &Path, configured: Option<&Path>) -> PathBuf {
    match configured {
        Some(dir) => dir.to_owned(),
        None => db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join(BACKUPS_DIR),
    }
}

/// The folder a connection's settings name, if any. Tolerant: a damaged
/// or old file gives `None`.
pub(crate) fn configured_dir(conn: &Connection) -> Option<PathBuf> {
    conn.query_row(
        "SELECT value FROM setting WHERE key = ?1",
        [BACKUP_DIR_SETTING],
        |r| r.get::<_, String>(0),
    )
    .optional()
    .ok()
    .flatten()
    .filter(|v| !v.trim().is_empty())
    .map(PathBuf::from)
}

/// The backup folder of the database file at `db`, read from the file's
/// settings when it can be read at all.
pub fn backup_dir_of_file(db: &Path) -> PathBuf {
    let configured = open_read_only(db)
        .ok()
        .and_then(|conn| configured_dir(&conn));
    backup_dir_for(db, configured.as_deref())
}

pub(crate) fn io_error(what: &str, path: &Path, error: std::io::Error) -> StoreError {
    if error.raw_os_error() == Some(28) || error.kind() == std::io::ErrorKind::StorageFull {
        return StoreError::DiskFull;
    }
    StoreError::File(format!("could not {what} {}: {error}", path.display()))
}

pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let (conn, _) = super::cipher::open(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::unopened(path, e))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// What a check of a finished backup file found.
pub(crate) struct Verified {
    people: u64,
}

/// A backup file is Kith's, not from a newer Kith, and (with `pages`)
/// whole by SQLite's `integrity_check`. Listing skips the page check: a
/// file gets its name only after passing it, and a restore runs it again.
pub(crate) fn verify(path: &Path, pages: bool) -> Result<Verified> {
    let conn = open_read_only(path)?;
    if pages {
        let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt(verdict));
        }
    }
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotKith(path.to_owned()));
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let people: i64 = conn.query_row("SELECT count(*) FROM person", [], |r| r.get(0))?;
    Ok(Verified {
        people: people.max(0) as u64,
    })
}

/// Removes a file when dropped, unless disarmed: a failed backup or
/// restore leaves nothing half-written behind.
pub(crate) struct Partial(Option<PathBuf>);

impl Partial {
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            // SQLite may have left its rollback journal for the file too.
            let mut journal = path.clone().into_os_string();
            journal.push("-journal");
            let _ = fs::remove_file(journal);
            let _ = fs::remove_file(path);
        }
    }
}

/// Flushes a directory entry change (a rename) to disk. Windows has no
/// directory handles to sync; its renames are journaled by NTFS.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error("sync the folder", dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

pub(crate) fn sync_file(path: &Path) -> Result<()> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error("sync", path, e))
}

/// Takes a backup of the database file at `db` into `dir`, through its own
/// read-only connection (so it sees the last committed state, never a
/// transaction in progress).
pub(crate) fn take(db: &Path, dir: &Path, kind: BackupKind, now: DateTime<Utc>) -> Result<Backup> {
    let conn = open_read_only(db)?;
    take_from(&conn, dir, kind, now)
}

pub(crate) fn take_from(
    conn: &Connection,
    dir: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<Backup> {
    fs::create_dir_all(dir).map_err(|e| io_error("create the backup folder", dir, e))?;
    clear_stale_partials(dir);
    let (id, path) = free_name(dir, kind, now);
    let partial_path = dir.join(format!(".kith-{id}.db.partial-{}", std::process::id()));
    let mut partial = Partial(Some(partial_path.clone()));
    let target = partial_path.to_str().ok_or_else(|| {
        StoreError::File(format!(
            "the backup folder {} is not a path SQLite can write to",
            dir.display()
        ))
    })?;
    conn.execute("VACUUM INTO ?1", [target])?;
    let checked = verify(&partial_path, true).map_err(|error| match error {
        StoreError::DiskFull => StoreError::DiskFull,
        other => StoreError::File(format!("the backup did not pass its check ({other})")),
    })?;
    sync_file(&partial_path)?;
    fs::rename(&partial_path, &path).map_err(|e| io_error("name the backup", &path, e))?;
    partial.disarm();
    sync_dir(dir)?;
    let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    tracing::info!(path = %path.display(), people = checked.people, size, "backup taken");
    prune(dir, kind);
    Ok(Backup {
        id,
        path,
        taken_at: truncate(now),
        kind,
        size,
        people: Some(checked.people),
        verified: true,
    })
}

pub(crate) fn truncate(now: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_opt(now.timestamp(), 0)
        .single()
        .unwrap_or(now)
}

/// A name no backup in `dir` has yet.
pub(crate) fn free_name(dir: &Path, kind: BackupKind, now: DateTime<Utc>) -> (String, PathBuf) {
    let base = format!("{}-{}", now.format(STAMP), kind.id());
    let mut id = base.clone();
    let mut n = 2;
    loop {
        let path = dir.join(format!("kith-{id}.db"));
        if !path.exists() {
            return (id, path);
        }
        id = format!("{base}.{n}");
        n += 1;
    }
}

pub(crate) fn clear_stale_partials(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".kith-") && name.contains(".db.partial")) {
            // Partials and their journals.
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::from(SystemClock.now()).duration_since(t).ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Reads a backup's time and kind from its file name.
pub(crate) fn parse_name(name: &str) -> Option<(String, DateTime<Utc>, BackupKind)> {
    let id = name.strip_prefix("kith-")?.strip_suffix(".db")?;
    let stamp = id.get(..15)?;
    let rest = id.get(15..)?.strip_prefix('-')?;
    let kind = rest.split('.').next()?;
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((
        id.to_owned(),
        Utc.from_utc_datetime(&taken),
        BackupKind::parse(kind)?,
    ))
}

/// The backups in `dir`, newest first, each opened to read its header and
/// count its people (cheap: no page check; see [`verify`]). A folder that
/// does not exist yet has none.
pub fn list_backups(dir: &Path) -> Result<Vec<Backup>> {
    let mut backups = named_backups(dir)?;
    for backup in &mut backups {
        match verify(&backup.path, false) {
            Ok(checked) => {
                backup.people = Some(checked.people);
                backup.verified = true;
            }
            Err(error) => {
                tracing::warn!(path = %backup.path.display(), %error, "a backup does not pass its check");
            }
        }
    }
    Ok(backups)
}

/// The backups in `dir` by name alone, newest first.
pub(crate) fn named_backups(dir: &Path) -> Result<Vec<Backup>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("read the backup folder", dir, e)),
    };
    let mut backups: Vec<Backup> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let (id, taken_at, kind) = parse_name(&name.to_string_lossy())?;
            let size = entry.metadata().ok()?.len();
            Some(Backup {
                id,
                path: entry.path(),
                taken_at,
                kind,
                size,
                people: None,
                verified: false,
            })
        })
        .collect();
    backups.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.id.cmp(&a.id)));
    Ok(backups)
}

/// Deletes the oldest backups of `kind` beyond what is kept.
pub(crate) fn prune(dir: &Path, kind: BackupKind) {
    let Some(keep) = kind.keep() else {
        return;
    };
    let Ok(backups) = named_backups(dir) else {
        return;
    };
    for old in backups.iter().filter(|b| b.kind == kind).skip(keep) {
        match fs::remove_file(&old.path) {
            Ok(()) => tracing::info!(path = %old.path.display(), "old backup removed"),
            Err(error) => {
                tracing::warn!(path = %old.path.display(), %error, "could not remove an old backup")
            }
        }
    }
}

/// Finds a backup by id (or id prefix, when only one matches) in `dir`,
/// or takes `text` as a path.
pub fn find_backup(dir: &Path, text: &str) -> Result<PathBuf> {
    let named = named_backups(dir)?;
    if let Some(exact) = named.iter().find(|b| b.id == text) {
        return Ok(exact.path.clone());
    }
    let prefixed: Vec<&Backup> = named.iter().filter(|b| b.id.starts_with(text)).collect();
    match prefixed.as_slice() {
        [one] => return Ok(one.path.clone()),
        [] => {}
        many => {
            return Err(StoreError::File(format!(
                "'{text}' matches {} backups; use a whole id",
                many.len()
            )))
        }
    }
    let path = PathBuf::from(text);
    if path.is_file() {
        return Ok(path);
    }
    Err(StoreError::File(format!(
        "no backup '{text}' in {} (see `kith backup list`)",
        dir.display()
    )))
}

/// Backs the file up before its schema is migrated; called by `open`.
pub(crate) fn before_migration(conn: &Connection, db: &Path, version: u32) -> Result<()> {
    let dir = backup_dir_for(db, configured_dir(conn).as_deref());
    let backup = take_from(conn, &dir, BackupKind::BeforeMigration, SystemClock.now())
        .map_err(|e| StoreError::BackupFailed(Box::new(e)))?;
    tracing::info!(from = version, to = SCHEMA_VERSION, path = %backup.path.display(), "backed up before upgrading");
    Ok(())
}

/// Backs up the committed state of `db` while `conn` holds a write
/// transaction that is about to change many people.
pub(crate) fn before_change(
    conn: &Connection,
    db: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<Backup> {
    let dir = backup_dir_for(db, configured_dir(conn).as_deref());
    take(db, &dir, kind, now).map_err(|e| StoreError::BackupFailed(Box::new(e)))
}

/// Whether the database file at `db` passes SQLite's quick check.
pub(crate) fn file_is_healthy(db: &Path) -> bool {
    open_read_only(db)
        .and_then(|conn| {
            let verdict: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            Ok(verdict == "ok")
        })
        .unwrap_or(false)
}

/// Restores the backup at `source` over the database file at `db`, which
/// no connection of this process may have open (the command line's
/// restore). The desktop app uses [`Store::restore_backup`].
pub fn restore_file(db: &Path, source: &Path, now: DateTime<Utc>) -> Result<Restored> {
    // Asked again just before the swap; asked here too so a refusal leaves
    // no safety backup behind.
    super::in_use::refuse_if_open_elsewhere(db)?;
    let healthy = db.exists() && file_is_healthy(db);
    restore(db, source, healthy, now, |swap| swap())
}

pub(crate) fn restore(
    db: &Path,
    source: &Path,
    healthy: bool,
    now: DateTime<Utc>,
    closed: impl FnOnce(&mut dyn FnMut() -> Result<Option<PathBuf>>) -> Result<Option<PathBuf>>,
) -> Result<Restored> {
    let checked = verify(source, true).map_err(|error| {
        StoreError::File(format!(
            "{} cannot be restored: {error}; choose another backup",
            source.display()
        ))
    })?;
    let safety = if healthy {
        let dir = backup_dir_of_file(db);
        Some(
            take(db, &dir, BackupKind::BeforeRestore, now)
                .map_err(|e| StoreError::BackupFailed(Box::new(e)))?,
        )
    } else {
        None
    };
    // The copy sits beside the database, so putting it in place is one
    // rename on the same file system.
    let mut staged_name = db.file_name().unwrap_or_default().to_os_string();
    staged_name.push(format!(".restoring-{}", std::process::id()));
    let staged = db.with_file_name(staged_name);
    let mut partial = Partial(Some(staged.clone()));
    fs::copy(source, &staged).map_err(|e| io_error("copy the backup to", &staged, e))?;
    sync_file(&staged)?;
    let mut swap = || swap_in(db, &staged, healthy, now);
    let kept = closed(&mut swap)?;
    partial.disarm();
    tracing::info!(from = %source.display(), kept = ?kept, "backup restored");
    Ok(Restored {
        from: source.to_owned(),
        people: checked.people,
        kept,
        safety,
    })
}

/// With the database closed (by every program: another one holding it open
/// is refused): keeps the current file (a hard link, so the
/// live name never disappears), moves its write-ahead log beside the kept
/// copy (it belongs to the old file, never the new one), and renames the
/// staged copy over the database.
pub(crate) fn swap_in(
    db: &Path,
    staged: &Path,
    healthy: bool,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>> {
    let side = |suffix: &str| {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        db.with_file_name(name)
    };
    super::in_use::refuse_if_open_elsewhere(db)?;
    let kept = if db.exists() {
        let label = if healthy { "replaced" } else { "damaged" };
        let mut kept = side(&format!(".{label}-{}", now.format(STAMP)));
        let mut n = 2;
        while kept.exists() {
            kept = side(&format!(".{label}-{}.{n}", now.format(STAMP)));
            n += 1;
        }
        if fs::hard_link(db, &kept).is_err() {
            fs::copy(db, &kept).map_err(|e| io_error("keep the current database as", &kept, e))?;
            sync_file(&kept)?;
        }
        let wal = side("-wal");
        match fs::metadata(&wal).map(|m| m.len()) {
            // An empty log holds nothing of the old file.
            Ok(0) => {
                let _ = fs::remove_file(&wal);
            }
            Ok(_) => {
                let mut kept_wal = kept.clone().into_os_string();
                kept_wal.push("-wal");
                fs::rename(&wal, &kept_wal).map_err(|e| io_error("move aside", &wal, e))?;
            }
            Err(_) => {}
        }
        let _ = fs::remove_file(side("-shm"));
        Some(kept)
    } else {
        None
    };
    fs::rename(staged, db).map_err(|e| io_error("put the backup in place at", db, e))?;
    if let Some(dir) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(dir)?;
    }
    Ok(kept)
}
