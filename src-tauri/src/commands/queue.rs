//! The welcome queue: list, acknowledge, keep in touch, not now.

use kith_core::domain::PersonId;
use kith_core::Clock;
use kith_ipc::{QueuePageDto, TemplateDto};
use tauri::{AppHandle, State};

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

#[tauri::command]
pub async fn list_queue(
    state: State<'_, AppState>,
    offset: u64,
    limit: u64,
) -> CommandResult<QueuePageDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let templates = store.templates()?;
        Ok(QueuePageDto::new(
            store.welcome_queue(now, offset, limit.min(200))?,
            &templates,
        ))
    })
    .await
}

/// Logs the personal reply as sent (the user sends it on the network).
#[tauri::command]
pub async fn acknowledge_person(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    message: String,
) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        Ok(store
            .acknowledge(PersonId(person_id), &message, now)
            .map(|_| ())?)
    })
    .await?;
    reactions::touches_changed(&app);
    Ok(())
}

#[tauri::command]
pub async fn dismiss_from_queue(state: State<'_, AppState>, person_id: i64) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.dismiss_from_queue(PersonId(person_id), now)?)).await
}

/// Sets (or with `None` clears) how often to keep in touch with someone.
#[tauri::command]
pub async fn set_cadence(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    days: Option<u32>,
) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.set_cadence(PersonId(person_id), days, now)?)).await?;
    reactions::follow_ups_changed(&app);
    Ok(())
}

#[tauri::command]
pub async fn list_templates(state: State<'_, AppState>) -> CommandResult<Vec<TemplateDto>> {
    let store = state.store.clone();
    blocking(move || Ok(store.templates()?.into_iter().map(Into::into).collect())).await
}
