//! Encryption at rest in Settings: whether the database is encrypted, and
//! turning it on (the recovery key comes back once, to show) or off.

use kith_core::crypt::{recovery_sheet, DbKey};
use kith_core::Clock;
use kith_ipc::{EncryptionDto, ErrorKind, IpcError};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, write_chosen, CommandResult};
use crate::state::AppState;

fn status(state: &AppState, recovery_key: Option<String>) -> CommandResult<EncryptionDto> {
    let encrypted = state.store.is_encrypted()?;
    let key_in_keychain = encrypted
        && state
            .store
            .path()
            .is_some_and(|p| matches!(kith_core::keychain::db_key(p), Ok(Some(_))));
    Ok(EncryptionDto {
        encrypted,
        key_in_keychain,
        recovery_key,
    })
}

#[tauri::command]
pub async fn get_encryption(state: State<'_, AppState>) -> CommandResult<EncryptionDto> {
    let state = state.inner().clone();
    blocking(move || status(&state, None)).await
}

/// Encrypts the database with a new key kept in the keychain; the answer
/// carries the recovery key, which is never asked for or kept again.
#[tauri::command]
pub async fn enable_encryption(state: State<'_, AppState>) -> CommandResult<EncryptionDto> {
    let state = state.inner().clone();
    blocking(move || {
        let key = state.store.encrypt_with_new_key()?;
        status(&state, Some(key.recovery_key()))
    })
    .await
}

/// Turns the database back into a plain file and forgets its key.
#[tauri::command]
pub async fn disable_encryption(state: State<'_, AppState>) -> CommandResult<EncryptionDto> {
    let state = state.inner().clone();
    blocking(move || {
        state.store.decrypt_and_forget_key()?;
        status(&state, None)
    })
    .await
}

/// Saves the recovery key just shown as a text page (the key, what it
/// opens, how to use it) where the user picks in the native save dialog;
/// the path saved to, or `None` when cancelled.
#[tauri::command]
pub async fn save_recovery_key(
    app: AppHandle,
    state: State<'_, AppState>,
    recovery_key: String,
) -> CommandResult<Option<String>> {
    let key = DbKey::from_recovery_key(&recovery_key)
        .map_err(|e| IpcError::new(ErrorKind::InvalidInput, e.to_string()))?;
    let state = state.inner().clone();
    blocking(move || {
        let Some(database) = state.store.path().map(|p| p.to_owned()) else {
            return Err(IpcError::new(
                ErrorKind::InvalidInput,
                "this database has no file, so no recovery key",
            ));
        };
        let Some(target) = app
            .dialog()
            .file()
            .set_title("Save your recovery key")
            .set_file_name("Kith recovery key.txt")
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let written = state.clock.now().format("%Y-%m-%d").to_string();
        let sheet = recovery_sheet(&key, &database, &written);
        write_chosen(&target, sheet.as_bytes())
    })
    .await
}
