//! Encryption at rest in Settings: whether the database is encrypted, and
//! turning it on (the recovery key comes back once, to show) or off.

use kith_ipc::EncryptionDto;
use tauri::State;

use super::{blocking, CommandResult};
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
