//! Who knows whom: a person's links, making and taking them away.

use kith_core::domain::{LinkDraft, LinkKind, MyTie, NeedId, PersonId};
use kith_core::Clock;
use kith_ipc::{
    IpcError, LinkDto, LinkInput, LinkSuggestionDto, MyTieDto, NeighbourhoodDto, NetworkDto,
    WarmPathDto,
};
use tauri::State;

use super::{blocking, CommandResult};
use crate::state::AppState;

fn kind_of(text: &str) -> CommandResult<LinkKind> {
    text.parse::<LinkKind>()
        .map_err(|e| IpcError::new(kith_ipc::ErrorKind::InvalidInput, e.to_string()))
}

/// A person's links, as seen from them.
#[tauri::command]
pub async fn list_links(state: State<'_, AppState>, person_id: i64) -> CommandResult<Vec<LinkDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .links(PersonId(person_id))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

/// Links two people (or changes the note and date of that link).
#[tauri::command]
pub async fn link_people(state: State<'_, AppState>, input: LinkInput) -> CommandResult<i64> {
    let kind = kind_of(&input.kind)?;
    let draft = LinkDraft::new(
        PersonId(input.from),
        PersonId(input.to),
        kind,
        input.note.as_deref(),
        input.since.as_deref(),
    )?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.link(&draft, now)?)).await
}

/// Takes away the links between two people (of one kind, or all).
#[tauri::command]
pub async fn unlink_people(
    state: State<'_, AppState>,
    a: i64,
    b: i64,
    kind: Option<String>,
) -> CommandResult<()> {
    let kind = kind.as_deref().map(kind_of).transpose()?;
    let store = state.store.clone();
    blocking(move || {
        store.unlink(PersonId(a), PersonId(b), kind)?;
        Ok(())
    })
    .await
}

/// Who can introduce you to a person (`person_id`), to someone at a
/// company (`company`) or to someone who offers what an ask needs
/// (`ask_id`), over two links.
#[tauri::command]
pub async fn warm_path(
    state: State<'_, AppState>,
    person_id: Option<i64>,
    company: Option<String>,
    ask_id: Option<i64>,
) -> CommandResult<WarmPathDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let found = match (person_id, company, ask_id) {
            (Some(id), _, _) => store.warm_path(PersonId(id), 2, now)?,
            (None, Some(company), _) => store.warm_path_to_company(&company, 2, now)?,
            (None, None, Some(ask)) => store.warm_path_to_ask(NeedId(ask), 2, now)?,
            (None, None, None) => {
                return Err(IpcError::new(
                    kith_ipc::ErrorKind::InvalidInput,
                    "name a person, a company or an ask",
                ))
            }
        };
        Ok(found.into())
    })
    .await
}

/// A person's neighbourhood: the rings of people linked to them (1–3).
#[tauri::command]
pub async fn neighbourhood(
    state: State<'_, AppState>,
    person_id: i64,
    depth: u8,
) -> CommandResult<NeighbourhoodDto> {
    let store = state.store.clone();
    blocking(move || {
        let id = PersonId(person_id);
        Ok(NeighbourhoodDto::new(id, store.neighbourhood(id, depth)?))
    })
    .await
}

/// Everyone, clustered by company and laid out.
#[tauri::command]
pub async fn network(state: State<'_, AppState>) -> CommandResult<NetworkDto> {
    let store = state.store.clone();
    blocking(move || Ok(store.network()?.into())).await
}

/// People who may know a person (or anyone, without one), with evidence.
#[tauri::command]
pub async fn link_suggestions(
    state: State<'_, AppState>,
    person_id: Option<i64>,
) -> CommandResult<Vec<LinkSuggestionDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .link_suggestions(person_id.map(PersonId))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

/// Never suggests the two to each other again.
#[tauri::command]
pub async fn dismiss_link_suggestion(
    state: State<'_, AppState>,
    a: i64,
    b: i64,
) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.dismiss_link_suggestion(PersonId(a), PersonId(b), now)?)).await
}

/// What a person is to you (none, one, or more said on the command line).
#[tauri::command]
pub async fn my_ties(state: State<'_, AppState>, person_id: i64) -> CommandResult<Vec<MyTieDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .my_ties(Some(PersonId(person_id)))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

/// Makes `what` the person's only tie to you (`None`: no tie).
#[tauri::command]
pub async fn set_tie_to_me(
    state: State<'_, AppState>,
    person_id: i64,
    what: Option<String>,
) -> CommandResult<()> {
    let what = what
        .as_deref()
        .map(|w| w.parse::<MyTie>())
        .transpose()
        .map_err(|e| IpcError::new(kith_ipc::ErrorKind::InvalidInput, e.to_string()))?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.set_tie_to_me(PersonId(person_id), what, now)?)).await
}
