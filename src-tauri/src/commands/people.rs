//! People, notes and touches.

use kith_core::domain::{NoteId, PersonDraft, PersonId, TouchId};
use kith_core::store::PeopleFilter;
use kith_core::Clock;
use kith_ipc::{
    FunnelDto, PeoplePageDto, PersonDto, PersonInput, RestoredDto, TouchDto, TouchInput,
    TrashEntryDto,
};
use tauri::{AppHandle, State};

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

/// The most rows one page of the people list may ask for.
const MAX_PAGE: u64 = 500;

/// A page of people matching `query`, optionally only those at `stage`.
#[tauri::command]
pub async fn list_people(
    state: State<'_, AppState>,
    query: String,
    stage: Option<String>,
    health: Option<String>,
    sort: Option<String>,
    offset: u64,
    limit: u64,
) -> CommandResult<PeoplePageDto> {
    let filter = PeopleFilter::parse(&query, stage.as_deref(), health.as_deref(), sort.as_deref())?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let page = store.people_filtered(&filter, offset, limit.min(MAX_PAGE), now)?;
        Ok(PeoplePageDto::new(page, now))
    })
    .await
}

/// How many people stand at each stage and in each health.
#[tauri::command]
pub async fn get_funnel(state: State<'_, AppState>) -> CommandResult<FunnelDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.funnel(now)?.into())).await
}

#[tauri::command]
pub async fn get_person(state: State<'_, AppState>, id: i64) -> CommandResult<PersonDto> {
    let store = state.store.clone();
    blocking(move || Ok(store.person(PersonId(id))?.into())).await
}

#[tauri::command]
pub async fn create_person(
    state: State<'_, AppState>,
    input: PersonInput,
) -> CommandResult<PersonDto> {
    let draft = PersonDraft::try_from(input)?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let id = store.create_person(&draft, now)?;
        Ok(store.person(id)?.into())
    })
    .await
}

#[tauri::command]
pub async fn update_person(
    state: State<'_, AppState>,
    id: i64,
    input: PersonInput,
) -> CommandResult<PersonDto> {
    let draft = PersonDraft::try_from(input)?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        store.update_person(PersonId(id), &draft, now)?;
        Ok(store.person(PersonId(id))?.into())
    })
    .await
}

#[tauri::command]
pub async fn delete_person(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<TrashEntryDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let entry = blocking(move || Ok(store.trash_person(PersonId(id), now)?)).await?;
    reactions::follow_ups_changed(&app);
    reactions::touches_changed(&app);
    Ok(entry.into())
}

/// The trash, most recently deleted first.
#[tauri::command]
pub async fn list_trash(state: State<'_, AppState>) -> CommandResult<Vec<TrashEntryDto>> {
    let store = state.store.clone();
    blocking(move || Ok(store.trash()?.into_iter().map(Into::into).collect())).await
}

/// Brings a deleted person back with everything of theirs.
#[tauri::command]
pub async fn restore_person(
    app: AppHandle,
    state: State<'_, AppState>,
    entry: i64,
) -> CommandResult<RestoredDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let (person, lost) = blocking(move || Ok(store.restore_from_trash(entry, now)?)).await?;
    reactions::follow_ups_changed(&app);
    reactions::touches_changed(&app);
    Ok(RestoredDto {
        person_id: person.0,
        lost: lost as u64,
    })
}

#[tauri::command]
pub async fn add_note(
    state: State<'_, AppState>,
    person_id: i64,
    body: String,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        store.add_note(PersonId(person_id), &body, now)?;
        Ok(store.person(PersonId(person_id))?.into())
    })
    .await
}

#[tauri::command]
pub async fn delete_note(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let store = state.store.clone();
    blocking(move || Ok(store.delete_note(NoteId(id))?)).await
}

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    let store = state.store.clone();
    blocking(move || Ok(store.tags()?)).await
}

#[tauri::command]
pub async fn log_touch(
    app: AppHandle,
    state: State<'_, AppState>,
    input: TouchInput,
) -> CommandResult<TouchDto> {
    let draft = input.into_draft(state.clock.now(), state.clock.zone())?;
    let (store, now) = (state.store.clone(), state.clock.now());
    let touch = blocking(move || {
        let id = store.log_touch(&draft, now)?;
        let touch = store
            .touches(draft.person)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or(kith_core::StoreError::TouchNotFound(id))?;
        Ok(touch.into())
    })
    .await?;
    reactions::touches_changed(&app);
    Ok(touch)
}

#[tauri::command]
pub async fn list_touches(
    state: State<'_, AppState>,
    person_id: i64,
) -> CommandResult<Vec<TouchDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .touches(PersonId(person_id))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn delete_touch(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.delete_touch(TouchId(id), now)?)).await?;
    reactions::touches_changed(&app);
    Ok(())
}
