//! Sync with a CardDAV server: set it up, its status, "Sync now" and
//! cancel, the conflicts, stop syncing. The syncing itself runs in the
//! background service (`kith_sync::service`), never on the UI thread.

use kith_core::Clock;
use kith_ipc::{
    AddressBookDto, CalendarChoiceDto, ErrorKind, IpcError, SyncConflictDto, SyncReportDto,
    SyncStatusDto,
};
use kith_sync::{Phase, SyncError};
use tauri::State;

use super::{blocking, CommandResult};
use crate::state::AppState;

fn ipc(error: SyncError) -> IpcError {
    match error {
        SyncError::Store(e) => e.into(),
        SyncError::Refused(_)
        | SyncError::NotConfigured
        | SyncError::NoPassword
        | SyncError::TooManyDeletes { .. }
        | SyncError::Unauthorized => IpcError::new(ErrorKind::InvalidInput, error.to_string()),
        SyncError::Cancelled => IpcError::new(ErrorKind::Cancelled, error.to_string()),
        SyncError::Unreachable(_) | SyncError::Server(_) => {
            IpcError::new(ErrorKind::Unavailable, error.to_string())
        }
        other => IpcError::internal(other.to_string()),
    }
}

fn status(state: &AppState) -> CommandResult<SyncStatusDto> {
    let live = state.sync.live();
    let mut dto = SyncStatusDto::from(kith_sync::status(&state.store).map_err(ipc)?);
    dto.running = live.running;
    dto.needs_password = live.needs_password && !dto.password_kept;
    dto.progress = live.progress.map(|p| {
        let verb = match p.phase {
            Phase::Receiving => "Receiving",
            Phase::Sending => "Checking and sending",
        };
        format!("{verb} {} of {}", p.done, p.total)
    });
    Ok(dto)
}

#[tauri::command]
pub async fn get_sync_status(state: State<'_, AppState>) -> CommandResult<SyncStatusDto> {
    let state = state.inner().clone();
    blocking(move || status(&state)).await
}

/// The address books the server offers (checking the user name and
/// password), to choose one before setting sync up.
#[tauri::command]
pub async fn find_address_books(
    url: String,
    user: String,
    password: String,
) -> CommandResult<Vec<AddressBookDto>> {
    let books = kith_sync::address_books(&url, &user, &password)
        .await
        .map_err(ipc)?;
    Ok(books.into_iter().map(Into::into).collect())
}

/// Sets up the server: checks the user name and password, finds or creates
/// the address book, keeps the password in the keychain (or for this
/// session when there is none); then syncs in the background.
#[tauri::command]
pub async fn set_up_sync(
    state: State<'_, AppState>,
    url: String,
    user: String,
    password: String,
    address_book: Option<String>,
) -> CommandResult<SyncStatusDto> {
    let state = state.inner().clone();
    let now = state.clock.now();
    let added = kith_sync::add(
        &state.store,
        &url,
        &user,
        &password,
        address_book.as_deref(),
        None,
        now,
    )
    .await
    .map_err(ipc)?;
    state
        .sync
        .set_password((!added.password_kept).then_some(password));
    state.sync.poke();
    blocking(move || status(&state)).await
}

/// Syncs now and waits for the outcome. `password`, when given, is kept
/// for this session (no keychain).
#[tauri::command]
pub async fn sync_now(
    state: State<'_, AppState>,
    password: Option<String>,
    allow_deletes: bool,
) -> CommandResult<SyncReportDto> {
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        state.sync.set_password(Some(password));
    }
    let report = state.sync.sync_now(allow_deletes).await.map_err(ipc)?;
    Ok(report.into())
}

/// Stops the sync under way at its next item.
#[tauri::command]
pub fn cancel_sync(state: State<'_, AppState>) {
    state.sync.cancel();
}

#[tauri::command]
pub async fn get_sync_conflicts(state: State<'_, AppState>) -> CommandResult<Vec<SyncConflictDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .sync_conflicts()?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

/// Brings back the value a conflict set aside; the next sync sends it.
#[tauri::command]
pub async fn flip_sync_conflict(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<SyncConflictDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let flipped = blocking(move || kith_sync::flip_conflict(&store, id, now).map_err(ipc)).await?;
    Ok(flipped.into())
}

/// Settles a conflict, keeping the value as it is.
#[tauri::command]
pub async fn dismiss_sync_conflict(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.settle_sync_conflict(id, now)?)).await
}

/// Changes a sync setting, then starts a sync so it takes effect.
async fn set_and_sync(
    state: AppState,
    change: impl FnOnce(&mut kith_core::store::Settings) + Send + 'static,
) -> CommandResult<SyncStatusDto> {
    let dto = blocking({
        let state = state.clone();
        move || {
            state.store.update_settings(|s| {
                change(s);
                Ok(())
            })?;
            status(&state)
        }
    })
    .await?;
    state.sync.poke();
    Ok(dto)
}

/// Turns the calendar mirror of open follow-ups on or off; the next sync
/// (started now) writes or removes the events.
#[tauri::command]
pub async fn set_calendar_mirror(
    state: State<'_, AppState>,
    on: bool,
) -> CommandResult<SyncStatusDto> {
    set_and_sync(state.inner().clone(), move |s| s.calendar_mirror = on).await
}

/// Puts today's plan in the task list "Kith — today" on the server, or
/// takes the list away; the next sync (started now) does it.
#[tauri::command]
pub async fn set_plan_on_phone(
    state: State<'_, AppState>,
    on: bool,
) -> CommandResult<SyncStatusDto> {
    set_and_sync(state.inner().clone(), move |s| s.plan_on_phone = on).await
}

/// The sync account's calendars that hold events, and which are read for
/// meetings.
#[tauri::command]
pub async fn list_meeting_calendars(
    state: State<'_, AppState>,
) -> CommandResult<Vec<CalendarChoiceDto>> {
    let password = state.sync.password();
    let listed = kith_sync::calendars(&state.store, password.as_deref())
        .await
        .map_err(ipc)?;
    Ok(listed.into_iter().map(Into::into).collect())
}

/// Reads meetings from these calendars (their addresses, as listed) and no
/// others; a sync starts now to read them.
#[tauri::command]
pub async fn use_meeting_calendars(
    state: State<'_, AppState>,
    hrefs: Vec<String>,
) -> CommandResult<Vec<CalendarChoiceDto>> {
    let password = state.sync.password();
    let now = state.clock.now();
    let listed = kith_sync::use_calendar_hrefs(&state.store, password.as_deref(), &hrefs, now)
        .await
        .map_err(ipc)?;
    state.sync.poke();
    Ok(listed.into_iter().map(Into::into).collect())
}

/// Stops syncing: forgets the server and its password; every person stays.
#[tauri::command]
pub async fn stop_syncing(state: State<'_, AppState>) -> CommandResult<SyncStatusDto> {
    let state = state.inner().clone();
    state.sync.cancel();
    state.sync.set_password(None);
    blocking(move || {
        kith_sync::remove(&state.store).map_err(ipc)?;
        status(&state)
    })
    .await
}
