//! Sync with a CardDAV server: its status, one sync's outcome, conflicts.

use kith_core::store::SyncConflict;
use kith_sync::dav::Collection;
use kith_sync::{Report, Status};
use serde::Serialize;
use ts_rs::TS;

use crate::instant;

/// Where sync stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusDto {
    /// Whether a server is set up (the rest is empty when not).
    pub configured: bool,
    pub url: Option<String>,
    pub user: Option<String>,
    /// The address book's path on the server.
    pub address_book: Option<String>,
    /// The task list's path on the server (follow-ups).
    pub task_list: Option<String>,
    /// The journal's path on the server (touches, notes…).
    pub journal: Option<String>,
    /// The last sync that completed.
    pub synced_at: Option<String>,
    /// The last attempt.
    pub tried_at: Option<String>,
    /// Why the last attempt failed; `None` when it completed.
    pub error: Option<String>,
    /// People known to the server.
    pub people: u64,
    /// Follow-ups known to the server.
    pub follow_ups: u64,
    /// Journal entries known to the server.
    pub journal_entries: u64,
    pub open_conflicts: u64,
    /// Whether the OS keychain holds the password (`false`: asked each time).
    pub password_kept: bool,
    /// Whether open follow-ups are also mirrored as calendar events.
    pub calendar_mirror: bool,
    /// Whether today's plan is also a task list ("Kith — today").
    pub plan_on_phone: bool,
    /// A sync is under way (the app only).
    pub running: bool,
    /// How far it has come, e.g. "Sending 120 of 10,000".
    pub progress: Option<String>,
    /// The last attempt found no password: the window asks for one.
    pub needs_password: bool,
}

impl SyncStatusDto {
    /// No server set up.
    pub fn off() -> Self {
        Self {
            configured: false,
            url: None,
            user: None,
            address_book: None,
            task_list: None,
            journal: None,
            synced_at: None,
            tried_at: None,
            error: None,
            people: 0,
            follow_ups: 0,
            journal_entries: 0,
            open_conflicts: 0,
            password_kept: false,
            calendar_mirror: false,
            plan_on_phone: false,
            running: false,
            progress: None,
            needs_password: false,
        }
    }
}

impl From<Option<Status>> for SyncStatusDto {
    fn from(status: Option<Status>) -> Self {
        let Some(s) = status else {
            return SyncStatusDto::off();
        };
        Self {
            configured: true,
            url: Some(s.account.url),
            user: Some(s.account.user),
            address_book: s.address_book,
            task_list: s.task_list,
            journal: s.journal,
            synced_at: s.account.synced_at.map(instant),
            tried_at: s.account.tried_at.map(instant),
            error: s.account.error,
            people: s.people as u64,
            follow_ups: s.follow_ups as u64,
            journal_entries: s.journal_entries as u64,
            open_conflicts: s.open_conflicts as u64,
            password_kept: s.password_kept,
            calendar_mirror: s.calendar_mirror,
            plan_on_phone: s.plan_on_phone,
            running: false,
            progress: None,
            needs_password: false,
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReportDto {
    /// Items sent to the server (created or changed).
    pub pushed: u64,
    /// People created or changed here from the server.
    pub pulled: u64,
    /// Items deleted, on either side.
    pub deleted: u64,
    /// Fields changed on both sides (the newer kept, the other listed).
    pub conflicts: u64,
    /// Items on the server Kith could not read (left alone).
    pub skipped: u64,
}

impl From<Report> for SyncReportDto {
    fn from(r: Report) -> Self {
        Self {
            pushed: r.pushed as u64,
            pulled: r.pulled as u64,
            deleted: r.deleted as u64,
            conflicts: r.conflicts as u64,
            skipped: r.skipped as u64,
        }
    }
}

/// A field changed on both sides to different values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncConflictDto {
    pub id: i64,
    /// What it is about: `people`, `follow_ups` or `journal`.
    pub collection: String,
    /// The person's name.
    pub label: String,
    /// A person's `name`, `company`, `role` or `birthday`; a follow-up's
    /// `what`, `due`, `repeat` or `status`; a journal entry's column
    /// (`summary`, `body`, `status`…).
    pub field: String,
    pub kept: String,
    pub other: String,
    /// `here` or `server`: whose value was kept.
    pub kept_from: String,
    pub found_at: String,
}

impl From<SyncConflict> for SyncConflictDto {
    fn from(c: SyncConflict) -> Self {
        Self {
            id: c.id,
            collection: c.collection,
            label: c.label,
            field: c.field,
            kept: c.kept,
            other: c.other,
            kept_from: c.kept_from.as_str().to_owned(),
            found_at: instant(c.found_at),
        }
    }
}

/// An address book on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddressBookDto {
    /// Its path on the server.
    pub href: String,
    /// Its display name, when it has one.
    pub name: Option<String>,
}

impl From<Collection> for AddressBookDto {
    fn from(c: Collection) -> Self {
        Self {
            href: c.href,
            name: c.name,
        }
    }
}

/// One of the sync account's calendars that hold events, and whether its
/// meetings are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarChoiceDto {
    pub href: String,
    pub name: Option<String>,
    pub used: bool,
}

impl From<kith_sync::CalendarChoice> for CalendarChoiceDto {
    fn from(c: kith_sync::CalendarChoice) -> Self {
        Self {
            href: c.href,
            name: c.name,
            used: c.used,
        }
    }
}
