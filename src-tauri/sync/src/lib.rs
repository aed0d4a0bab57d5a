//! Two-way sync through a CardDAV/CalDAV server: people as vCards in an
//! address book any contacts app can read, follow-ups as tasks in a task
//! list any Reminders app rings, and Kith's own data (touches, notes,
//! topics, asks and offers, introductions, dismissals) as journal entries,
//! merged field by field from the last version both sides agreed on, with
//! the password in the OS keychain.
//!
//! - [`card`]: a person as a vCard, patched line by line so what other
//!   clients wrote survives;
//! - [`task`]: a follow-up as a `VTODO`, patched the same way;
//! - [`journal`]: Kith's own data as `VJOURNAL`s;
//! - [`merge`]: the three-way merge and its conflicts;
//! - [`dav`]: the server (discovery, tokens, conditional writes);
//! - `engine`: one sync of one collection, with `people` and `follow_ups`
//!   saying what differs between them;
//! - `account`: setting up a server, the calendars read, where sync
//!   stands, stopping;
//! - [`secret`]: the keychain;
//! - [`service`]: the running app's background sync.
//!
//! Nothing here knows of Tauri; the command line and the app call
//! [`add`], [`sync_now`], [`status`], [`flip_conflict`] and [`remove`].

mod account;
pub mod card;
pub mod dav;
mod engine;
mod events;
mod follow_ups;
pub mod journal;
mod meetings;
pub mod merge;
mod name;
mod people;
mod plan_list;
pub mod secret;
pub mod service;
pub mod task;
pub mod web;

pub use account::{
    add, address_books, calendars, flip_conflict, remove, status, use_calendar_hrefs,
    use_calendars, Added, CalendarChoice, Status,
};
pub use engine::DELETED;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use kith_core::{Store, StoreError};
use serde::Serialize;

use crate::dav::{Chosen, Server, Service};
use libdav::caldav::CalendarComponent;

/// The address book Kith syncs people with unless told otherwise.
pub const DEFAULT_ADDRESS_BOOK: &str = "Kith";
/// The task list Kith syncs follow-ups with.
pub const DEFAULT_TASK_LIST: &str = "Kith follow-ups";
/// The collection Kith syncs its own data with (touches, notes…).
pub const DEFAULT_JOURNAL: &str = "Kith journal";
/// The calendar open follow-ups are mirrored to as events (a setting).
pub const DEFAULT_EVENT_CALENDAR: &str = "Kith follow-ups (calendar)";
/// The task list today's plan goes to, for a phone's task app (a setting).
pub const DEFAULT_PLAN_LIST: &str = "Kith — today";

/// The calendar collections beside the address book: the store's name for
/// each, its name on the server and what it holds.
const CALENDARS: [(&str, &str, CalendarComponent); 2] = [
    (
        follow_ups::COLLECTION,
        DEFAULT_TASK_LIST,
        CalendarComponent::VTodo,
    ),
    (
        journal::COLLECTION,
        DEFAULT_JOURNAL,
        CalendarComponent::VJournal,
    ),
];

/// Why a sync could not be done.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the server could not be reached ({0})")]
    Unreachable(String),
    #[error("the server refused the user name or password")]
    Unauthorized,
    #[error("{0}")]
    Server(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Keychain(String),
    #[error("no server is set up; add one with: kith sync add URL --user USER")]
    NotConfigured,
    #[error("no password for the server: the keychain has none; give it with --password-stdin")]
    NoPassword,
    #[error("this sync would delete {count} of {of} {what} {side}; nothing was changed. If that is right, sync with --yes")]
    TooManyDeletes {
        what: &'static str,
        side: &'static str,
        count: usize,
        of: usize,
    },
    #[error("the sync was cancelled; it goes on from where it stopped next time")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which way a sync's items are going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    Receiving,
    Sending,
}

/// How far a sync has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
}

/// Steering a running sync: cancel it, follow its progress.
#[derive(Clone, Default)]
pub struct Control {
    cancel: Arc<AtomicBool>,
    progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
}

impl Control {
    /// The same control (a clone's `cancel` still stops it), reporting
    /// progress to `report`.
    pub fn on_progress(self, report: impl Fn(Progress) + Send + Sync + 'static) -> Control {
        Control {
            cancel: self.cancel,
            progress: Some(Arc::new(report)),
        }
    }

    /// Asks the sync to stop at the next item (what it did so far stays).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Makes the control usable for the next sync.
    pub fn reset(&self) {
        self.cancel.store(false, Ordering::SeqCst);
    }

    pub(crate) fn check(&self) -> Result<(), SyncError> {
        if self.cancel.load(Ordering::SeqCst) {
            Err(SyncError::Cancelled)
        } else {
            Ok(())
        }
    }

    pub(crate) fn report(&self, phase: Phase, done: usize, total: usize) {
        if let Some(progress) = &self.progress {
            progress(Progress { phase, done, total });
        }
    }
}

impl SyncError {
    /// Whether the failure is the network's or the server's (retried
    /// quietly later) rather than something the user must fix.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Unreachable(_) | SyncError::Server(_))
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Items sent to the server (created or changed).
    pub pushed: usize,
    /// People created or changed here from the server.
    pub pulled: usize,
    /// Items deleted, on either side.
    pub deleted: usize,
    /// Fields changed on both sides; the newer value kept, the other listed.
    pub conflicts: usize,
    /// Items on the server Kith could not read (left alone).
    pub skipped: usize,
}

/// The calendar collection `name` holding `component`, found or made.
pub(crate) async fn calendar(
    calendars: &Server,
    name: &str,
    component: &CalendarComponent,
) -> Result<Chosen, SyncError> {
    calendars
        .ensure_collection(name, std::slice::from_ref(component))
        .await
        .map_err(|e| match e {
            SyncError::Server(why) => SyncError::Server(format!(
                "the server offers no calendar collection for '{name}' (CalDAV): {why}"
            )),
            other => other,
        })
}

/// Syncs now. `password` is used when given (and the keychain otherwise);
/// `allow_deletes` lets a sync delete more than half of a side.
pub async fn sync_now(
    store: &Store,
    password: Option<&str>,
    allow_deletes: bool,
    control: &Control,
    now: DateTime<Utc>,
) -> Result<Report, SyncError> {
    let account = store.sync_account()?.ok_or(SyncError::NotConfigured)?;
    let result = async {
        let password = match password {
            Some(p) => p.to_owned(),
            None => secret::load(&account.url, &account.user)?.ok_or(SyncError::NoPassword)?,
        };
        let server = Server::connect(&account.url, &account.user, &password).await?;
        let book = match store.sync_collection(people::COLLECTION)? {
            Some((href, _)) => href,
            None => server.ensure_address_book(DEFAULT_ADDRESS_BOOK).await?.href,
        };
        let mut report = Report::default();
        let pass = engine::Pass {
            store,
            server: &server,
            allow_deletes,
            control,
            now,
        };
        engine::sync(&people::People { store }, &book, &pass, &mut report).await?;
        let calendars =
            Server::connect_to(&account.url, &account.user, &password, Service::Calendars).await?;
        let mut hrefs = Vec::new();
        for (collection, name, component) in &CALENDARS {
            hrefs.push(match store.sync_collection(collection)? {
                Some((href, _)) => href,
                None => {
                    let href = calendar(&calendars, name, component).await?.href;
                    store.set_sync_collection(collection, &href, None)?;
                    href
                }
            });
        }
        let pass = engine::Pass {
            server: &calendars,
            ..pass
        };
        let tasks = follow_ups::FollowUps {
            zone: kith_core::clock::system_zone(),
            zones: task::Zones::new(now),
        };
        engine::sync(&tasks, &hrefs[0], &pass, &mut report).await?;
        // Meetings before the journal, so the touches they give (or take
        // away) reach the server in this same sync.
        let met = meetings::read(store, &calendars, &account.user, now).await?;
        if met.touches_made + met.touches_changed + met.touches_removed > 0 {
            tracing::info!(
                made = met.touches_made,
                changed = met.touches_changed,
                removed = met.touches_removed,
                "meetings read from the chosen calendars"
            );
        }
        // The plan before the journal too: a task ticked on the phone logs
        // a touch the journal then carries.
        phone_plan(store, &calendars, &pass, &mut report).await?;
        engine::sync(&journal::Journal::default(), &hrefs[1], &pass, &mut report).await?;
        mirror(store, &calendars, &pass, &mut report).await?;
        Ok(report)
    }
    .await;
    let error = result.as_ref().err().map(ToString::to_string);
    store.note_sync(now, error.as_deref())?;
    result
}

/// Mirrors open follow-ups as events when the setting is on; when it was
/// turned off, deletes the events written and forgets the calendar.
async fn mirror(
    store: &Store,
    calendars: &Server,
    pass: &engine::Pass<'_>,
    report: &mut Report,
) -> Result<(), SyncError> {
    let on = store.settings()?.calendar_mirror;
    let known = store.sync_collection(events::COLLECTION)?.map(|(h, _)| h);
    let href = match (on, known) {
        (false, None) => return Ok(()),
        (_, Some(href)) => href,
        (true, None) => {
            let href = calendar(
                calendars,
                DEFAULT_EVENT_CALENDAR,
                &CalendarComponent::VEvent,
            )
            .await?
            .href;
            store.set_sync_collection(events::COLLECTION, &href, None)?;
            href
        }
    };
    let events = events::Events {
        zones: task::Zones::new(pass.now),
        on,
    };
    engine::sync(&events, &href, pass, report).await?;
    if !on {
        store.forget_sync_collection(events::COLLECTION)?;
    }
    Ok(())
}

/// Puts today's plan in its task list when the setting is on (and reads
/// back what was ticked or deleted there); when it was turned off, deletes
/// the tasks and forgets the list.
async fn phone_plan(
    store: &Store,
    calendars: &Server,
    pass: &engine::Pass<'_>,
    report: &mut Report,
) -> Result<(), SyncError> {
    let on = store.settings()?.plan_on_phone;
    let known = store
        .sync_collection(plan_list::COLLECTION)?
        .map(|(h, _)| h);
    let href = match (on, known) {
        (false, None) => return Ok(()),
        (_, Some(href)) => href,
        (true, None) => {
            let href = calendar(calendars, DEFAULT_PLAN_LIST, &CalendarComponent::VTodo)
                .await?
                .href;
            store.set_sync_collection(plan_list::COLLECTION, &href, None)?;
            href
        }
    };
    let list = plan_list::PlanList {
        now: pass.now,
        zone: kith_core::clock::system_zone(),
        on,
    };
    engine::sync(&list, &href, pass, report).await?;
    if !on {
        store.forget_sync_collection(plan_list::COLLECTION)?;
    }
    Ok(())
}
