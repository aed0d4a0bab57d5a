//! Who knows whom: a person's links, making and taking them away.

use kith_core::domain::{LinkDraft, LinkKind, PersonId};
use kith_core::Clock;
use kith_ipc::{IpcError, LinkDto, LinkInput};
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
