//! Mail in Settings: set the account up, its status and progress, "Read
//! now", the user's addresses, remove it; and the people the user writes
//! with who are not in Kith. The reading itself runs in the background
//! service (`kith_mail::service`), never on the UI thread.

use kith_core::store::FilterList;
use kith_core::Clock;
use kith_ipc::{
    ErrorKind, IpcError, MailAccountInput, MailFiltersDto, MailProviderDto, MailReadDto,
    MailStatusDto, MailSuggestionDto, PersonDto,
};
use kith_mail::account::{self, AccountError, NewAccount, PROVIDERS};
use kith_mail::imap::ImapError;
use tauri::State;

use super::{blocking, CommandResult};
use crate::state::AppState;

fn ipc(error: AccountError) -> IpcError {
    match error {
        AccountError::Store(e) => e.into(),
        AccountError::Imap(ImapError::Away { .. })
        | AccountError::Imap(ImapError::Timeout)
        | AccountError::Imap(ImapError::Protocol(_)) => {
            IpcError::new(ErrorKind::Unavailable, error.to_string())
        }
        AccountError::Keychain(_) => IpcError::internal(error.to_string()),
        other => IpcError::new(ErrorKind::InvalidInput, other.to_string()),
    }
}

fn status(state: &AppState) -> CommandResult<MailStatusDto> {
    let mut dto = MailStatusDto::read(&state.store)?;
    let live = state.mail.live();
    dto.running = live.running;
    dto.needs_password = live.needs_password && !dto.password_kept;
    dto.progress = live
        .progress
        .map(|p| format!("{}: {} of {} messages", p.folder, p.read, p.total));
    Ok(dto)
}

#[tauri::command]
pub async fn get_mail_status(state: State<'_, AppState>) -> CommandResult<MailStatusDto> {
    let state = state.inner().clone();
    blocking(move || status(&state)).await
}

/// The providers Kith knows (hosts, ports, where app passwords are made).
#[tauri::command]
pub fn get_mail_providers() -> Vec<MailProviderDto> {
    PROVIDERS.iter().map(MailProviderDto::from).collect()
}

/// Sets the account up (the login and its folders checked on the server),
/// then reads it in the background.
#[tauri::command]
pub async fn set_up_mail(
    state: State<'_, AppState>,
    input: MailAccountInput,
) -> CommandResult<MailStatusDto> {
    let state = state.inner().clone();
    let since = match input
        .since
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(text) => Some(text.parse::<chrono::NaiveDate>().map_err(|_| {
            IpcError::new(
                ErrorKind::InvalidInput,
                format!("'{text}' is not a date (use YYYY-MM-DD)"),
            )
        })?),
        None => None,
    };
    let new = NewAccount {
        host: Some(input.host),
        port: input.port,
        user: input.user,
        password: input.password.clone(),
        scope: input.scope,
        me: input.me,
        since,
        keep_subject: input.keep_subject,
    };
    let store = state.store.clone();
    let now = state.clock.now();
    let added = account::add(&store, &new, now).await.map_err(ipc)?;
    state
        .mail
        .set_password((!added.password_kept).then_some(input.password));
    state.mail.poke();
    blocking(move || status(&state)).await
}

/// Reads now and waits for the outcome. `password`, when given, is kept
/// for this session (no keychain).
#[tauri::command]
pub async fn read_mail_now(
    state: State<'_, AppState>,
    password: Option<String>,
) -> CommandResult<MailReadDto> {
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        state.mail.set_password(Some(password));
    }
    let report = state
        .mail
        .read_now()
        .await
        .map_err(|e| IpcError::new(ErrorKind::Unavailable, e))?;
    Ok(report.into())
}

/// Adds an address of the user's; the account's folders are read again so
/// mail sent from it counts.
#[tauri::command]
pub async fn add_my_address(
    state: State<'_, AppState>,
    address: String,
) -> CommandResult<MailStatusDto> {
    let state = state.inner().clone();
    let dto = blocking({
        let state = state.clone();
        move || {
            state.store.add_my_addresses(&[address])?;
            state.store.read_mail_again()?;
            status(&state)
        }
    })
    .await?;
    state.mail.poke();
    Ok(dto)
}

#[tauri::command]
pub async fn remove_my_address(
    state: State<'_, AppState>,
    address: String,
) -> CommandResult<MailStatusDto> {
    let state = state.inner().clone();
    blocking(move || {
        state.store.remove_my_address(&address)?;
        status(&state)
    })
    .await
}

/// Removes the account and its kept password; with `forget`, also the mail
/// it gave and the touches that made.
#[tauri::command]
pub async fn remove_mail(state: State<'_, AppState>, forget: bool) -> CommandResult<MailStatusDto> {
    let state = state.inner().clone();
    state.mail.set_password(None);
    blocking(move || {
        let now = state.clock.now();
        account::remove(&state.store, forget, now).map_err(ipc)?;
        status(&state)
    })
    .await
}

/// People the user writes with both ways who are not in Kith.
#[tauri::command]
pub async fn list_suggested(state: State<'_, AppState>) -> CommandResult<Vec<MailSuggestionDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .mail_suggestions()?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

/// Adds a suggested correspondent as a person, with the touches their mail
/// gives.
#[tauri::command]
pub async fn add_suggested(
    state: State<'_, AppState>,
    address: String,
    name: Option<String>,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let name = name.filter(|n| !n.trim().is_empty());
        let id = store.add_suggested(&address, name.as_deref(), now)?;
        Ok(PersonDto::from(store.person(id)?))
    })
    .await
}

/// Adds a chat author who is no one in Kith as a person, with the days
/// they chatted as touches.
#[tauri::command]
pub async fn add_chat_author(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    author: String,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let person = blocking(move || {
        let id = store.add_chat_author(&author, None, now)?;
        Ok(PersonDto::from(store.person(id)?))
    })
    .await?;
    crate::reactions::touches_changed(&app);
    Ok(person)
}

/// Never suggests the address again.
#[tauri::command]
pub async fn dismiss_suggested(state: State<'_, AppState>, address: String) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.dismiss_suggested(&address, now)?)).await
}

/// The lists of whose mail is never a touch.
#[tauri::command]
pub async fn get_mail_filters(state: State<'_, AppState>) -> CommandResult<MailFiltersDto> {
    let store = state.store.clone();
    blocking(move || Ok(store.mail_filters()?.into())).await
}

/// Replaces one list: `roles` (local parts such as noreply) or `blocked`
/// (addresses and domains). Mail read from now on follows it, and the
/// people suggested at once.
#[tauri::command]
pub async fn set_mail_filter(
    state: State<'_, AppState>,
    list: String,
    values: Vec<String>,
) -> CommandResult<MailFiltersDto> {
    let list = match list.as_str() {
        "roles" => FilterList::Roles,
        "blocked" => FilterList::Blocked,
        other => {
            return Err(IpcError::new(
                ErrorKind::InvalidInput,
                format!("'{other}' is not a filter list (roles or blocked)"),
            ))
        }
    };
    let store = state.store.clone();
    blocking(move || {
        store.set_mail_filter(list, &values)?;
        Ok(store.mail_filters()?.into())
    })
    .await
}
