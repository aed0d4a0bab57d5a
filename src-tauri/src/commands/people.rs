//! People, notes and touches.

use kith_core::dates::parse_yearly;
use kith_core::domain::{InputError, NoteId, PersonDraft, PersonId, TouchId};
use kith_core::reach::{self, Action};
use kith_core::store::{PeopleFilter, YearlyDate};
use kith_core::Clock;
use kith_ipc::{
    ErrorKind, FunnelDto, IpcError, PeoplePageDto, PersonDto, PersonInput, RestoredDto, TouchDto,
    TouchInput, TrashEntryDto,
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

/// Sets the note a person's contact card carries (`None` or empty:
/// removes it); the next sync writes it to the card.
#[tauri::command]
pub async fn set_card_note(
    state: State<'_, AppState>,
    person_id: i64,
    body: Option<String>,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        store.set_card_note(PersonId(person_id), body.as_deref(), now)?;
        Ok(store.person(PersonId(person_id))?.into())
    })
    .await
}

#[tauri::command]
pub async fn delete_note(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let store = state.store.clone();
    blocking(move || Ok(store.delete_note(NoteId(id))?)).await
}

/// Sets a person's birthday or anniversary (`which`): `MM-DD`,
/// `YYYY-MM-DD`, or `None` to clear it.
#[tauri::command]
pub async fn set_yearly_date(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    which: String,
    date: Option<String>,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let person = blocking(move || {
        let which = match which.as_str() {
            "birthday" => YearlyDate::Birthday,
            "anniversary" => YearlyDate::Anniversary,
            other => return Err(InputError::BadDate(other.to_owned()).into()),
        };
        let date = match date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(typed) => Some(parse_yearly(typed)?),
        };
        store.set_yearly_date(PersonId(person_id), which, date, now)?;
        Ok(store.person(PersonId(person_id))?.into())
    })
    .await?;
    reactions::follow_ups_changed(&app);
    Ok(person)
}

/// Adds a named date (`on` is `YYYY-MM-DD`), once or every year.
#[tauri::command]
pub async fn add_date(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    what: String,
    on: String,
    yearly: bool,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let person = blocking(move || {
        let day = chrono::NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
            .map_err(|_| InputError::BadDate(on.clone()))?;
        store.add_date(PersonId(person_id), &what, day, yearly, now)?;
        Ok(store.person(PersonId(person_id))?.into())
    })
    .await?;
    reactions::follow_ups_changed(&app);
    Ok(person)
}

#[tauri::command]
pub async fn remove_date(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    id: i64,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let person = blocking(move || {
        store.remove_date(PersonId(person_id), id, now)?;
        Ok(store.person(PersonId(person_id))?.into())
    })
    .await?;
    reactions::follow_ups_changed(&app);
    Ok(person)
}

/// Marks a person as having died, or undoes it.
#[tauri::command]
pub async fn set_deceased(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    deceased: bool,
) -> CommandResult<PersonDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let person = blocking(move || {
        store.set_deceased(PersonId(person_id), deceased, now)?;
        Ok(store.person(PersonId(person_id))?.into())
    })
    .await?;
    reactions::follow_ups_changed(&app);
    Ok(person)
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

/// Opens what one of a person's stored identities leads to — the profile
/// in the browser, an e-mail (drafted when `subject` or `body` is given), a
/// call or a text (`how`: `open`, `email`, `call`, `text`) — with the
/// system's opener. The window names the identity, never a link: the link
/// is built from the stored identity and checked by
/// [`kith_core::links`] first. Answers the link opened.
#[tauri::command]
pub async fn open_identity(
    state: State<'_, AppState>,
    person: i64,
    identity: i64,
    how: String,
    subject: Option<String>,
    body: Option<String>,
) -> CommandResult<String> {
    let store = state.store.clone();
    blocking(move || {
        let action = Action::parse(&how, subject, body).ok_or_else(|| {
            IpcError::new(ErrorKind::InvalidInput, format!("unknown action '{how}'"))
        })?;
        open_identity_with(&store, PersonId(person), identity, &action, |url| {
            tauri_plugin_opener::open_url(url, None::<&str>).map_err(|e| e.to_string())
        })
    })
    .await
}

/// [`open_identity`] with the opener given (the system's, or a recording
/// one in tests).
fn open_identity_with(
    store: &kith_core::Store,
    person: PersonId,
    identity: i64,
    action: &Action,
    open: impl FnOnce(&str) -> Result<(), String>,
) -> CommandResult<String> {
    let stored = store.person(person)?;
    let found = stored
        .identity_ids
        .iter()
        .zip(&stored.identities)
        .find(|(id, _)| **id == identity)
        .map(|(_, identity)| identity)
        .ok_or_else(|| IpcError::new(ErrorKind::NotFound, "that identity is no longer stored"))?;
    let url = reach::link(found, action)
        .map_err(|refused| IpcError::new(ErrorKind::InvalidInput, refused.to_string()))?;
    open(url.as_str()).map_err(|e| {
        IpcError::new(
            ErrorKind::Unavailable,
            format!("no program here opens {} links: {e}", url.scheme()),
        )
    })?;
    Ok(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_core::domain::{Identity, IdentityKind};
    use std::cell::RefCell;

    fn person_with(store: &kith_core::Store, identities: &[(IdentityKind, &str)]) -> PersonId {
        let mut draft = PersonDraft::named("Ada Lovelace").unwrap();
        for (kind, value) in identities {
            draft = draft.with_identity(Identity::new(*kind, value).unwrap());
        }
        store.create_person(&draft, chrono::Utc::now()).unwrap()
    }

    fn identity_id(store: &kith_core::Store, person: PersonId, value: &str) -> i64 {
        let stored = store.person(person).unwrap();
        let at = stored
            .identities
            .iter()
            .position(|i| i.value == value)
            .unwrap();
        stored.identity_ids[at]
    }

    #[test]
    fn stored_identities_open_their_checked_links_and_hostile_ones_open_nothing() {
        let store = kith_core::Store::open_in_memory().unwrap();
        let hostile = [
            "javascript:alert(document.cookie)",
            "file:///etc/passwd",
            "https://ada:secret@evil.example/",
            "data:text/html,<script>alert(1)</script>",
        ];
        let mut identities: Vec<(IdentityKind, &str)> = hostile
            .iter()
            .map(|v| (IdentityKind::Website, *v))
            .collect();
        identities.push((
            IdentityKind::Linkedin,
            "https://www.linkedin.com/in/ada-lovelace",
        ));
        identities.push((IdentityKind::Email, "ada@example.org"));
        let ada = person_with(&store, &identities);
        let opened = RefCell::new(Vec::new());
        let record = |url: &str| {
            opened.borrow_mut().push(url.to_owned());
            Ok(())
        };
        for value in hostile {
            let id = identity_id(&store, ada, value);
            let refused = open_identity_with(&store, ada, id, &Action::Open, record).unwrap_err();
            assert_eq!(refused.kind, ErrorKind::InvalidInput, "{value}");
            assert!(
                refused.message.contains("Kith opens only") || refused.message.contains("password"),
                "{value}: {}",
                refused.message
            );
        }
        assert!(
            opened.borrow().is_empty(),
            "nothing hostile reached the opener"
        );

        let profile = identity_id(&store, ada, "https://www.linkedin.com/in/ada-lovelace");
        open_identity_with(&store, ada, profile, &Action::Open, record).unwrap();
        let email = identity_id(&store, ada, "ada@example.org");
        let draft = Action::Email {
            subject: Some("Hello".into()),
            body: Some("Thanks for connecting".into()),
        };
        open_identity_with(&store, ada, email, &draft, record).unwrap();
        assert_eq!(
            *opened.borrow(),
            [
                "https://www.linkedin.com/in/ada-lovelace/",
                "mailto:ada@example.org?subject=Hello&body=Thanks%20for%20connecting"
            ]
        );
        // Another person's identity, or none, is not opened.
        let grace = person_with(&store, &[]);
        let missing =
            open_identity_with(&store, grace, profile, &Action::Open, record).unwrap_err();
        assert_eq!(missing.kind, ErrorKind::NotFound);
        assert_eq!(opened.borrow().len(), 2);
    }
}
