//! The account: setting sync up with a server (checking the user name and
//! password, choosing or making the address book, the task list and the
//! journal), the calendars read for meetings, where sync stands, a
//! conflict's value brought back, and stopping.

use chrono::{DateTime, Utc};
use kith_core::store::{Side, SyncAccount, SyncConflict};
use kith_core::{Store, StoreError};
use libdav::caldav::CalendarComponent;
use serde::Serialize;

use crate::card::Card;
use crate::dav::{self, Chosen, Found, How, Server, Service};
use crate::task::Task;
use crate::{
    calendar, engine, events, follow_ups, journal, meetings, people, plan_list, secret, SyncError,
    DEFAULT_ADDRESS_BOOK, DEFAULT_JOURNAL, DEFAULT_TASK_LIST,
};

/// Where sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub account: SyncAccount,
    pub address_book: Option<String>,
    pub task_list: Option<String>,
    pub journal: Option<String>,
    pub people: usize,
    pub follow_ups: usize,
    pub journal_entries: usize,
    pub open_conflicts: usize,
    /// Whether the keychain holds the password.
    pub password_kept: bool,
    /// Whether open follow-ups are mirrored as calendar events.
    pub calendar_mirror: bool,
    /// Whether today's plan is also a task list ("Kith — today").
    pub plan_on_phone: bool,
}

/// What setting up a server did: the collections used, and how each was
/// chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub address_book: Chosen,
    pub task_list: Chosen,
    pub journal: Chosen,
    /// Whether the password went to the keychain (`false`: none reachable;
    /// it is asked for each time).
    pub password_kept: bool,
}

/// The address books the server offers the user (checking the user name
/// and password on the way).
pub async fn address_books(
    url: &str,
    user: &str,
    password: &str,
) -> Result<Vec<dav::Collection>, SyncError> {
    Server::connect(url.trim(), user.trim(), password)
        .await?
        .address_books()
        .await
}

/// Sets up sync with the server at `url`: checks the user name and
/// password and chooses the collections, then keeps the password in the
/// keychain when there is one.
///
/// `url` may be the server's address or the user's principal (Kith finds
/// its own collections there, or makes them), or a collection: an address
/// book is used for people, a task list for follow-ups. `book` names the
/// address book to find or make instead of "Kith"; `task_list` is a task
/// list's name, or its address on the same server.
pub async fn add(
    store: &Store,
    url: &str,
    user: &str,
    password: &str,
    book: Option<&str>,
    task_list: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Added, SyncError> {
    let (url, user) = (url.trim(), user.trim());
    let book = book.map(str::trim).filter(|b| !b.is_empty());
    let task_list = task_list.map(str::trim).filter(|t| !t.is_empty());
    let server = Server::connect(url, user, password).await?;
    let given = given_path(url, url)?;
    let at = match &given {
        Some(path) => server.what_is_at(path).await?,
        None => Found::Other,
    };
    if let (Found::Calendar { .. }, false) = (&at, at.takes_tasks()) {
        return Err(SyncError::Refused(format!(
            "{url} is a calendar without tasks; give the server's address, the address book's, or a task list's"
        )));
    }
    let address_book = match (&at, &given) {
        (Found::AddressBook, Some(path)) => Chosen {
            href: path.clone(),
            how: How::Given,
        },
        _ => {
            server
                .ensure_address_book(book.unwrap_or(DEFAULT_ADDRESS_BOOK))
                .await?
        }
    };
    let calendars = Server::connect_to(url, user, password, Service::Calendars).await?;
    let task_list = match (task_list, &at, &given) {
        (Some(list), _, _) if list.contains("://") || list.starts_with('/') => {
            let path = given_path(list, url)?.unwrap_or_else(|| list.to_owned());
            if !calendars.what_is_at(&path).await?.takes_tasks() {
                return Err(SyncError::Refused(format!(
                    "{list} is not a task list on the server"
                )));
            }
            Chosen {
                href: path,
                how: How::Given,
            }
        }
        (Some(name), _, _) => calendar(&calendars, name, &CalendarComponent::VTodo).await?,
        (None, Found::Calendar { .. }, Some(path)) => Chosen {
            href: path.clone(),
            how: How::Given,
        },
        (None, _, _) => calendar(&calendars, DEFAULT_TASK_LIST, &CalendarComponent::VTodo).await?,
    };
    let journal = calendar(&calendars, DEFAULT_JOURNAL, &CalendarComponent::VJournal).await?;
    let password_kept = match secret::store(url, user, password) {
        Ok(()) => true,
        Err(error) => {
            tracing::warn!(%error, "the password could not be kept");
            false
        }
    };
    if let Some(old) = store.sync_account()? {
        if old.url != url || old.user != user {
            let _ = secret::forget(&old.url, &old.user);
        }
    }
    store.set_sync_account(url, user, now)?;
    for (collection, chosen) in [
        (people::COLLECTION, &address_book),
        (follow_ups::COLLECTION, &task_list),
        (journal::COLLECTION, &journal),
    ] {
        let token = store
            .sync_collection(collection)?
            .filter(|(h, _)| *h == chosen.href)
            .and_then(|(_, t)| t);
        store.set_sync_collection(collection, &chosen.href, token.as_deref())?;
    }
    Ok(Added {
        address_book,
        task_list,
        journal,
        password_kept,
    })
}

/// The path of `address` (a web address, or a path) on the server at
/// `server`: `None` for its root. An address on another server is refused.
fn given_path(address: &str, server: &str) -> Result<Option<String>, SyncError> {
    let not_an_address = || SyncError::Refused(format!("'{address}' is not a web address"));
    let uri: http::Uri = address.parse().map_err(|_| not_an_address())?;
    if uri.authority().is_some() {
        let base: http::Uri = server.parse().map_err(|_| not_an_address())?;
        if uri.authority() != base.authority() {
            return Err(SyncError::Refused(format!(
                "{address} is not on the server {server}"
            )));
        }
    }
    let path = uri.path();
    Ok((!path.is_empty() && path != "/").then(|| path.to_owned()))
}

/// One of the account's calendars that hold events, and whether its
/// meetings are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarChoice {
    pub href: String,
    pub name: Option<String>,
    pub used: bool,
}

/// The account's calendars that hold events (Kith's own left out), and
/// which are read for meetings.
pub async fn calendars(
    store: &Store,
    password: Option<&str>,
) -> Result<Vec<CalendarChoice>, SyncError> {
    let account = store.sync_account()?.ok_or(SyncError::NotConfigured)?;
    let password = match password {
        Some(p) => p.to_owned(),
        None => secret::load(&account.url, &account.user)?.ok_or(SyncError::NoPassword)?,
    };
    let server =
        Server::connect_to(&account.url, &account.user, &password, Service::Calendars).await?;
    let own: Vec<String> = [
        follow_ups::COLLECTION,
        journal::COLLECTION,
        events::COLLECTION,
        plan_list::COLLECTION,
    ]
    .iter()
    .filter_map(|c| store.sync_collection(c).ok().flatten().map(|(h, _)| h))
    .collect();
    let used: Vec<String> = store
        .meeting_calendars()?
        .into_iter()
        .map(|c| c.href)
        .collect();
    Ok(meetings::event_calendars(&server, &own)
        .await?
        .into_iter()
        .map(|c| CalendarChoice {
            used: used.contains(&c.href),
            href: c.href,
            name: c.name,
        })
        .collect())
}

/// Reads meetings from the calendars named (by display name or the last
/// part of their address, ignoring case) and from no others; a calendar no
/// longer used takes its meetings away. The next sync reads them.
pub async fn use_calendars(
    store: &Store,
    password: Option<&str>,
    names: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<CalendarChoice>, SyncError> {
    let listed = calendars(store, password).await?;
    let segment = |href: &str| {
        href.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_lowercase()
    };
    let mut chosen = Vec::new();
    for name in names {
        let wanted = name.trim().to_lowercase();
        let found = listed.iter().find(|c| {
            c.name
                .as_deref()
                .is_some_and(|n| n.trim().to_lowercase() == wanted)
                || segment(&c.href) == wanted
        });
        match found {
            Some(c) => chosen.push((c.href.clone(), c.name.clone())),
            None => {
                let names: Vec<String> = listed
                    .iter()
                    .map(|c| c.name.clone().unwrap_or_else(|| segment(&c.href)))
                    .collect();
                return Err(SyncError::Refused(format!(
                    "no calendar named '{name}' (the account's calendars: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                )));
            }
        }
    }
    Ok(choose(store, listed, &chosen, now)?)
}

/// Reads meetings from the calendars at `hrefs` (as [`calendars`] lists
/// them) and from no others, as [`use_calendars`] does by name.
pub async fn use_calendar_hrefs(
    store: &Store,
    password: Option<&str>,
    hrefs: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<CalendarChoice>, SyncError> {
    let listed = calendars(store, password).await?;
    let mut chosen = Vec::new();
    for href in hrefs {
        match listed.iter().find(|c| c.href == *href) {
            Some(c) => chosen.push((c.href.clone(), c.name.clone())),
            None => {
                return Err(SyncError::Refused(format!(
                    "the account has no calendar at {href} (any more)"
                )))
            }
        }
    }
    Ok(choose(store, listed, &chosen, now)?)
}

/// Keeps `chosen` as the calendars read for meetings; the list as it now
/// stands.
fn choose(
    store: &Store,
    listed: Vec<CalendarChoice>,
    chosen: &[(String, Option<String>)],
    now: DateTime<Utc>,
) -> Result<Vec<CalendarChoice>, StoreError> {
    store.choose_meeting_calendars(chosen, now)?;
    Ok(listed
        .into_iter()
        .map(|c| CalendarChoice {
            used: chosen.iter().any(|(h, _)| *h == c.href),
            ..c
        })
        .collect())
}

/// Where sync stands; `None` when no server is set up.
pub fn status(store: &Store) -> Result<Option<Status>, SyncError> {
    let Some(account) = store.sync_account()? else {
        return Ok(None);
    };
    let password_kept = secret::load(&account.url, &account.user)
        .ok()
        .flatten()
        .is_some();
    Ok(Some(Status {
        address_book: store.sync_collection(people::COLLECTION)?.map(|(h, _)| h),
        task_list: store
            .sync_collection(follow_ups::COLLECTION)?
            .map(|(h, _)| h),
        people: store.sync_items(people::COLLECTION)?.len(),
        follow_ups: store.sync_items(follow_ups::COLLECTION)?.len(),
        journal: store.sync_collection(journal::COLLECTION)?.map(|(h, _)| h),
        journal_entries: store.sync_items(journal::COLLECTION)?.len(),
        open_conflicts: store.sync_conflicts()?.len(),
        password_kept,
        calendar_mirror: store.settings()?.calendar_mirror,
        plan_on_phone: store.settings()?.plan_on_phone,
        account,
    }))
}

/// Brings back the value a conflict set aside (here; the next sync sends
/// it) and settles the conflict.
pub fn flip_conflict(
    store: &Store,
    id: i64,
    now: DateTime<Utc>,
) -> Result<SyncConflict, SyncError> {
    let conflict = store.sync_conflict(id)?;
    let gone = || StoreError::NotFound {
        what: "item of conflict",
        id,
    };
    let refused = || {
        SyncError::Refused(format!(
            "a conflict on '{}' cannot be flipped",
            conflict.field
        ))
    };
    if conflict.field == engine::DELETED {
        // Deleted on the server after all: removed here too (people to the
        // trash), its item kept so the next sync deletes the copy that went
        // back.
        let item = store
            .sync_items(&conflict.collection)?
            .into_iter()
            .find(|i| i.uid == conflict.uid);
        match conflict.collection.as_str() {
            people::COLLECTION => {
                store.trash_synced_person(&conflict.uid, now)?;
            }
            follow_ups::COLLECTION => store.remove_synced_follow_up(&conflict.uid)?,
            journal::COLLECTION => store.remove_synced_entry(&conflict.uid, now)?,
            _ => return Err(refused()),
        }
        if let Some(item) = item {
            store.save_sync_item(&conflict.collection, &item)?;
        }
    } else if conflict.collection == journal::COLLECTION {
        let synced = store.synced_entry(&conflict.uid)?.ok_or_else(gone)?;
        let mut entry = journal::Entry::of(&synced);
        if !entry.flip(&conflict.field, &conflict.other)
            || !store.set_entry_fields(&conflict.uid, &entry.to_entry(), now)?
        {
            return Err(refused());
        }
    } else if conflict.collection == follow_ups::COLLECTION {
        let follow_up = store.synced_follow_up(&conflict.uid)?.ok_or_else(gone)?;
        let mut task = Task::of(&follow_up);
        if !task.flip(&conflict.field, &conflict.other) {
            return Err(refused());
        }
        let fields = task.to_fields().ok_or_else(refused)?;
        let zone = kith_core::clock::system_zone();
        if !store.set_follow_up_fields(&conflict.uid, &fields, zone, now)? {
            return Err(refused());
        }
    } else {
        let person = store
            .people_for_sync()?
            .into_iter()
            .find(|p| p.uid == conflict.uid)
            .ok_or_else(gone)?;
        let mut card = Card::of(&person);
        let value = Some(conflict.other.clone()).filter(|v| !v.is_empty());
        match conflict.field.as_str() {
            "name" => card.name = conflict.other.clone(),
            "company" => card.company = value,
            "role" => card.role = value,
            "birthday" => card.birthday = value,
            "anniversary" => card.anniversary = value,
            "note" => card.note = value,
            _ => return Err(refused()),
        }
        store.set_person_fields(&conflict.uid, &card.to_fields(), now)?;
    }
    store.settle_sync_conflict(id, now)?;
    Ok(SyncConflict {
        kept: conflict.other.clone(),
        other: conflict.kept.clone(),
        kept_from: match conflict.kept_from {
            Side::Here => Side::Server,
            Side::Server => Side::Here,
        },
        ..conflict
    })
}

/// Stops syncing: forgets the server, its password and what was known of
/// its items. Every person stays here; nothing on the server is deleted.
pub fn remove(store: &Store) -> Result<Option<SyncAccount>, SyncError> {
    let account = store.sync_account()?;
    if let Some(account) = &account {
        if let Err(error) = secret::forget(&account.url, &account.user) {
            tracing::warn!(%error, "the password could not be removed from the keychain");
        }
    }
    store.forget_sync()?;
    Ok(account)
}
