//! Backups, checks and the recovery screen.

use kith_core::store::{Backup, Check, Problem, Restored};
use serde::Serialize;
use ts_rs::TS;

use crate::instant;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    /// What `kith backup restore` takes, e.g. `20261130-061900-daily`.
    pub id: String,
    pub path: String,
    pub taken_at: String,
    /// `daily`, `weekly`, `manual`, `before-upgrade`, `before-restore`,
    /// `before-import`.
    pub kind: String,
    pub size: u64,
    pub people: Option<u64>,
    /// Passed SQLite's integrity check when taken, and still opens as a Kith
    /// database (a restore checks it again).
    pub verified: bool,
}

impl From<Backup> for BackupDto {
    fn from(b: Backup) -> Self {
        Self {
            id: b.id,
            path: b.path.display().to_string(),
            taken_at: instant(b.taken_at),
            kind: b.kind.id().to_owned(),
            size: b.size,
            people: b.people,
            verified: b.verified,
        }
    }
}

/// The backup folder and what is in it, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupsDto {
    pub folder: String,
    /// Whether the folder is the default one beside the database.
    pub default_folder: bool,
    pub backups: Vec<BackupDto>,
}

/// What `kith check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckDto {
    pub healthy: bool,
    /// The first problem, in one line.
    pub problem: Option<String>,
    pub damage: Vec<String>,
    pub broken_links: Vec<String>,
    pub search: Vec<String>,
    /// The newest backup that passes its check, to restore from.
    pub newest_backup: Option<BackupDto>,
}

impl CheckDto {
    pub fn new(check: Check, newest_backup: Option<Backup>) -> Self {
        Self {
            healthy: check.healthy(),
            problem: check.summary(),
            damage: check.damage,
            broken_links: check.broken_links,
            search: check.search,
            newest_backup: newest_backup.map(Into::into),
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupRestoredDto {
    pub from: String,
    pub people: u64,
    /// The replaced file, kept beside the database.
    pub kept: Option<String>,
    /// The backup taken of the replaced file first.
    pub safety: Option<BackupDto>,
}

impl From<Restored> for BackupRestoredDto {
    fn from(r: Restored) -> Self {
        Self {
            from: r.from.display().to_string(),
            people: r.people,
            kept: r.kept.map(|p| p.display().to_string()),
            safety: r.safety.map(Into::into),
        }
    }
}

/// Why the window shows the recovery screen, and the way out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryDto {
    /// `damaged` (SQLite found damage), `not_open` (the file could not be
    /// opened: permissions, in use, disk gone, not a Kith file) or
    /// `locked` (encrypted, and no key here opens it: the recovery key
    /// does).
    pub kind: String,
    pub problem: String,
    pub database: String,
    pub folder: String,
    /// The newest backup that passes its check.
    pub newest_backup: Option<BackupDto>,
}

impl RecoveryDto {
    pub fn new(
        problem: &Problem,
        database: String,
        folder: String,
        newest_backup: Option<Backup>,
    ) -> Self {
        let (kind, problem) = match problem {
            Problem::Damaged(what) => ("damaged", format!("The database file is damaged: {what}.")),
            Problem::NotOpen(why) => (
                "not_open",
                format!("The database could not be opened: {why}."),
            ),
            Problem::Locked(_) => (
                "locked",
                "Kith's data is encrypted, and this computer's keychain has no key that opens it. Enter your recovery key to unlock it; Kith puts the key back in the keychain.".to_owned(),
            ),
        };
        Self {
            kind: kind.to_owned(),
            problem,
            database,
            folder,
            newest_backup: newest_backup.map(Into::into),
        }
    }
}

/// Where a salvage export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalvageDto {
    pub json: String,
    pub vcard: Option<String>,
    pub people: u64,
    /// Where rows could not be read.
    pub lost: Vec<String>,
}
