//! `kith sync`: set up, run and inspect sync with a CardDAV server.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::{Clock, Store};
use kith_ipc::{SyncConflictDto, SyncReportDto, SyncStatusDto};
use kith_sync::SyncError;

use crate::output::print_json;
use crate::secret::read_secret;
use crate::{Failure, SyncAction, SyncAddArgs};

impl From<SyncError> for Failure {
    fn from(error: SyncError) -> Self {
        match error {
            SyncError::Store(e) => e.into(),
            SyncError::Refused(_) | SyncError::NotConfigured | SyncError::NoPassword => {
                Failure::Usage(error.to_string())
            }
            other => Failure::Other(other.to_string()),
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Other(format!("could not start the network runtime: {e}")))
}

/// The password from standard input when `--password-stdin` says so;
/// otherwise the keychain's is used.
fn given_password(password_stdin: bool) -> Result<Option<String>, Failure> {
    password_stdin
        .then(|| read_secret("password", true, "--password-stdin"))
        .transpose()
}

fn status_dto(store: &Store) -> Result<SyncStatusDto, Failure> {
    Ok(kith_sync::status(store)?.into())
}

fn local(instant: &str, zone: Tz) -> String {
    chrono::DateTime::parse_from_rfc3339(instant)
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| instant.to_owned())
}

pub(crate) fn run(
    store: &Store,
    clock: &dyn Clock,
    action: SyncAction,
    json: bool,
) -> Result<(), Failure> {
    let now = clock.now();
    let zone = clock.zone();
    match action {
        SyncAction::Add(args) => add(store, &args, json, now),
        SyncAction::Now {
            password_stdin,
            yes,
        } => sync_now(store, password_stdin, yes, json, now),
        SyncAction::Calendars {
            names,
            password_stdin,
        } => calendars(store, &names, password_stdin, json, now),
        SyncAction::Status => status(store, json, zone),
        SyncAction::Conflicts { flip, dismiss } => conflicts(store, flip, dismiss, json, now),
        SyncAction::Remove => remove(store, json),
    }
}

/// `kith sync add`: sets up the server and says what it chose.
fn add(store: &Store, args: &SyncAddArgs, json: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    let password = read_secret("password", args.password_stdin, "--password-stdin")?;
    let added = runtime()?.block_on(kith_sync::add(
        store,
        &args.url,
        &args.user,
        &password,
        Some(&args.address_book),
        args.task_list.as_deref(),
        now,
    ))?;
    if json {
        print_json(&status_dto(store)?);
        return Ok(());
    }
    println!("Syncing with {}:", args.url);
    for (what, chosen) in [
        ("people", &added.address_book),
        ("follow-ups", &added.task_list),
        ("the rest of Kith's data", &added.journal),
    ] {
        println!("  {what}: {} ({})", chosen.href, how(chosen.how));
    }
    if !added.password_kept {
        println!("No keychain is reachable here, so the password was not kept: give it to each sync with --password-stdin.");
    }
    println!("Run 'kith sync now' to sync.");
    Ok(())
}

/// `kith sync now`: one sync, and what it moved.
fn sync_now(
    store: &Store,
    password_stdin: bool,
    yes: bool,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let password = given_password(password_stdin)?;
    let report = runtime()?.block_on(kith_sync::sync_now(
        store,
        password.as_deref(),
        yes,
        &kith_sync::Control::default(),
        now,
    ))?;
    let dto = SyncReportDto::from(report);
    if json {
        print_json(&dto);
        return Ok(());
    }
    println!(
        "Synced: {} sent, {} received, {} deleted, {}{}.",
        dto.pushed,
        dto.pulled,
        dto.deleted,
        counted(dto.conflicts, "conflict", "conflicts"),
        if dto.skipped > 0 {
            format!(
                ", {} on the server left alone (not Kith's, or not readable)",
                counted(dto.skipped, "item", "items")
            )
        } else {
            String::new()
        }
    );
    if dto.conflicts > 0 {
        println!("See them with 'kith sync conflicts'.");
    }
    Ok(())
}

/// `kith sync calendars`: the account's calendars, or the ones to read.
fn calendars(
    store: &Store,
    names: &[String],
    password_stdin: bool,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let password = given_password(password_stdin)?;
    let listed = if names.is_empty() {
        runtime()?.block_on(kith_sync::calendars(store, password.as_deref()))?
    } else {
        runtime()?.block_on(kith_sync::use_calendars(
            store,
            password.as_deref(),
            names,
            now,
        ))?
    };
    if json {
        print_json(&listed);
        return Ok(());
    }
    if listed.is_empty() {
        println!("The account has no calendars with events (other than Kith's own).");
    }
    for calendar in &listed {
        println!(
            "{} {}  {}",
            if calendar.used { "[x]" } else { "[ ]" },
            calendar.name.as_deref().unwrap_or("(no name)"),
            calendar.href
        );
    }
    if !names.is_empty() {
        println!("Their meetings are read at the next sync ('kith sync now').");
    } else if !listed.iter().any(|c| c.used) && !listed.is_empty() {
        println!("Read a calendar's meetings with: kith sync calendars --use NAME");
    }
    Ok(())
}

/// `kith sync status`: the server, its collections and the last sync.
fn status(store: &Store, json: bool, zone: Tz) -> Result<(), Failure> {
    let dto = status_dto(store)?;
    if json {
        print_json(&dto);
        return Ok(());
    }
    if !dto.configured {
        println!("Not syncing. Set up a server with 'kith sync add URL --user USER'.");
        return Ok(());
    }
    println!(
        "Server: {} as {}",
        dto.url.as_deref().unwrap_or_default(),
        dto.user.as_deref().unwrap_or_default()
    );
    if let Some(book) = &dto.address_book {
        println!("Address book: {book} ({} people)", dto.people);
    }
    if let Some(list) = &dto.task_list {
        println!("Task list: {list} ({} follow-ups)", dto.follow_ups);
    }
    if let Some(journal) = &dto.journal {
        println!("Journal: {journal} ({} entries)", dto.journal_entries);
    }
    match (&dto.synced_at, &dto.error) {
        (_, Some(error)) => println!(
            "Last sync: failed {} — {error}{}",
            dto.tried_at
                .as_deref()
                .map(|t| local(t, zone))
                .unwrap_or_default(),
            dto.synced_at
                .as_deref()
                .map(|t| format!(" (last completed {})", local(t, zone)))
                .unwrap_or_default()
        ),
        (Some(at), None) => println!("Last sync: {}", local(at, zone)),
        (None, None) => println!("Not synced yet."),
    }
    println!(
        "Password: {}",
        if dto.password_kept {
            "in the system keychain"
        } else {
            "not kept (no keychain); give it with --password-stdin"
        }
    );
    if dto.open_conflicts > 0 {
        println!(
            "{} conflicts to review: kith sync conflicts",
            dto.open_conflicts
        );
    }
    Ok(())
}

/// `kith sync conflicts`: the values set aside; one brought back or settled.
fn conflicts(
    store: &Store,
    flip: Option<i64>,
    dismiss: Option<i64>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if let Some(id) = flip {
        let flipped = SyncConflictDto::from(kith_sync::flip_conflict(store, id, now)?);
        if json {
            print_json(&flipped);
            return Ok(());
        }
        if flipped.field == kith_sync::DELETED && flipped.collection == "people" {
            println!(
                "{} is in the trash here too; the next sync deletes the card on the server.",
                flipped.label
            );
        } else if flipped.field == kith_sync::DELETED {
            println!(
                "{}'s {}is deleted here too; the next sync deletes it on the server.",
                flipped.label,
                kind_of(&flipped.collection)
            );
        } else {
            println!(
                "{}'s {} is now '{}' (sent at the next sync).",
                flipped.label, flipped.field, flipped.kept
            );
        }
        return Ok(());
    }
    if let Some(id) = dismiss {
        store.settle_sync_conflict(id, now)?;
        if !json {
            println!("Conflict {id} settled.");
            return Ok(());
        }
    }
    let list: Vec<SyncConflictDto> = store
        .sync_conflicts()?
        .into_iter()
        .map(Into::into)
        .collect();
    if json {
        print_json(&list);
        return Ok(());
    }
    if list.is_empty() {
        println!("No conflicts.");
    }
    for c in &list {
        if c.field == kith_sync::DELETED {
            println!(
                "{:>4}  {}  {}deleted on the server, kept here where it was edited since",
                c.id,
                c.label,
                kind_of(&c.collection)
            );
            continue;
        }
        println!(
            "{:>4}  {}  {}{}: kept '{}' ({}), set aside '{}'",
            c.id,
            c.label,
            kind_of(&c.collection),
            c.field,
            c.kept,
            if c.kept_from == "here" {
                "this computer's"
            } else {
                "the server's"
            },
            c.other
        );
    }
    if !list.is_empty() {
        println!(
            "Bring back a value set aside (or delete what the server deleted) with 'kith sync conflicts --flip ID'."
        );
    }
    Ok(())
}

/// `kith sync remove`: stops syncing; nothing is deleted anywhere.
fn remove(store: &Store, json: bool) -> Result<(), Failure> {
    let removed = kith_sync::remove(store)?;
    if json {
        print_json(&status_dto(store)?);
        return Ok(());
    }
    match removed {
        Some(account) => println!(
            "Stopped syncing with {}. Everyone stays here; nothing was deleted on the server.",
            account.url
        ),
        None => println!("Not syncing."),
    }
    Ok(())
}

/// What a conflict's item is, before its field ("follow-up "), or nothing
/// for a person's own.
fn kind_of(collection: &str) -> &'static str {
    match collection {
        "follow_ups" => "follow-up ",
        "journal" => "journal entry ",
        _ => "",
    }
}

/// "1 conflict", "2 conflicts".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How a collection came to be the one synced with, in words.
fn how(how: kith_sync::dav::How) -> &'static str {
    match how {
        kith_sync::dav::How::Given => "the address given",
        kith_sync::dav::How::Found => "found on the server",
        kith_sync::dav::How::Made => "made by Kith",
    }
}
