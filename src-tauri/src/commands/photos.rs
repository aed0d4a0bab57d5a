//! A person's photo in the window: shown, chosen from a file, pasted or
//! dropped, fetched from the link a card gave (on the user's click),
//! removed.

use chrono::{DateTime, Utc};
use kith_core::domain::{InputError, PersonId};
use kith_core::photo::{Photo, PhotoSource, MAX_SOURCE_BYTES};
use kith_core::{Clock, Store};
use kith_ipc::{PersonPhotoDto, PhotoThumbDto};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, CommandResult};
use crate::state::AppState;

#[tauri::command]
pub async fn get_person_photo(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Option<PersonPhotoDto>> {
    let store = state.store.clone();
    blocking(move || Ok(store.photo(PersonId(id))?.map(Into::into))).await
}

/// Asks for an image file and makes it the person's photo; `None` when
/// the user chose none.
#[tauri::command]
pub async fn choose_person_photo(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Option<PersonPhotoDto>> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let picked = app
            .dialog()
            .file()
            .set_title("Choose a photo")
            .add_filter("Images", &["jpg", "jpeg", "png", "gif", "webp"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok());
        let Some(path) = picked else {
            return Ok(None);
        };
        let size = std::fs::metadata(&path)
            .map_err(|e| InputError::BadPhoto(format!("could not read {}: {e}", path.display())))?
            .len();
        if size > MAX_SOURCE_BYTES as u64 {
            return Err(InputError::BadPhoto(format!(
                "{} is {} MB; the most taken is 20 MiB",
                path.display(),
                size / (1024 * 1024)
            ))
            .into());
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| InputError::BadPhoto(format!("could not read {}: {e}", path.display())))?;
        keep_image(&store, PersonId(id), &bytes, now)
    })
    .await
}

/// Makes an image the window has (pasted) the person's photo.
#[tauri::command]
pub async fn set_person_photo(
    state: State<'_, AppState>,
    id: i64,
    bytes: Vec<u8>,
) -> CommandResult<Option<PersonPhotoDto>> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || keep_image(&store, PersonId(id), &bytes, now)).await
}

/// Fetches the image the person's photo link points to (the one request to
/// that address, made because the user asked) and keeps it as their photo.
#[tauri::command]
pub async fn fetch_person_photo(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Option<PersonPhotoDto>> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let link = {
        let store = store.clone();
        blocking(move || Ok(store.photo(PersonId(id))?.and_then(|p| p.link))).await?
    };
    let Some(link) = link else {
        return Err(InputError::BadPhoto("there is no photo link to fetch".into()).into());
    };
    let bytes = kith_sync::web::fetch_photo(&link)
        .await
        .map_err(|e| InputError::BadPhoto(e.to_string()))?;
    blocking(move || keep_image(&store, PersonId(id), &bytes, now)).await
}

/// Makes an image the person's photo (decoded, scaled and written again)
/// and returns it as kept.
fn keep_image(
    store: &Store,
    person: PersonId,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> CommandResult<Option<PersonPhotoDto>> {
    let photo = Photo::from_bytes(bytes).map_err(InputError::from)?;
    store.set_photo(person, &PhotoSource::Image(photo), now)?;
    Ok(store.photo(person)?.map(Into::into))
}

#[tauri::command]
pub async fn remove_person_photo(state: State<'_, AppState>, id: i64) -> CommandResult<bool> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.remove_photo(PersonId(id), now)?)).await
}

/// The most thumbnails asked for at once (a list's visible rows).
const MAX_THUMBS: usize = 200;

/// The thumbnails of those of `ids` who have a photo, for a list.
#[tauri::command]
pub async fn get_photo_thumbs(
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> CommandResult<Vec<PhotoThumbDto>> {
    let store = state.store.clone();
    blocking(move || {
        let ids: Vec<PersonId> = ids.into_iter().take(MAX_THUMBS).map(PersonId).collect();
        Ok(store
            .photo_thumbs(&ids)?
            .into_iter()
            .map(|(id, jpeg)| PhotoThumbDto::new(id, &jpeg))
            .collect())
    })
    .await
}
