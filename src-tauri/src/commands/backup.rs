//! Backups (list, take, restore, the folder) and the recovery screen
//! (what is wrong, restore, export what can still be read, try again).
//! These work while the store refuses everything else: they read the
//! backup folder and the file itself, not the store.

use std::path::{Path, PathBuf};

use kith_core::store::{backup_dir_for, backup_dir_of_file, find_backup, list_backups, BackupKind};
use kith_core::{Clock, Store};
use kith_exchange::export::export_readable;
use kith_ipc::{
    BackupDto, BackupRestoredDto, BackupsDto, ErrorKind, IpcError, RecoveryDto, SalvageDto,
};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

fn database(store: &Store) -> CommandResult<PathBuf> {
    store
        .path()
        .map(Path::to_owned)
        .ok_or_else(|| IpcError::internal("this database lives in memory and has no file"))
}

/// The backup folder: from the settings when the store is healthy, from
/// the file itself (as far as it reads) when it is not.
fn folder(store: &Store) -> CommandResult<PathBuf> {
    let db = database(store)?;
    Ok(match store.problem() {
        None => store.backup_dir()?,
        Some(_) => backup_dir_of_file(&db),
    })
}

fn backups_dto(store: &Store) -> CommandResult<BackupsDto> {
    let db = database(store)?;
    let folder = folder(store)?;
    Ok(BackupsDto {
        default_folder: folder == backup_dir_for(&db, None),
        backups: list_backups(&folder)?.into_iter().map(Into::into).collect(),
        folder: folder.display().to_string(),
    })
}

/// What is wrong with the database, or `None` when nothing is.
pub fn recovery_of(store: &Store) -> CommandResult<Option<RecoveryDto>> {
    let Some(problem) = store.problem() else {
        return Ok(None);
    };
    let db = database(store)?;
    let folder = folder(store)?;
    let newest = list_backups(&folder)
        .ok()
        .and_then(|list| list.into_iter().find(|b| b.verified));
    Ok(Some(RecoveryDto::new(
        &problem,
        db.display().to_string(),
        folder.display().to_string(),
        newest,
    )))
}

#[tauri::command]
pub async fn get_recovery(state: State<'_, AppState>) -> CommandResult<Option<RecoveryDto>> {
    let store = state.store.clone();
    blocking(move || recovery_of(&store)).await
}

/// Opens the file again (the program holding it let go, the disk came
/// back); what is still wrong, if anything.
#[tauri::command]
pub async fn try_reopen(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<RecoveryDto>> {
    reopened(&app, &state, |store| {
        if let Err(error) = store.reopen() {
            tracing::warn!(%error, "the database still cannot be opened");
        }
    })
    .await
}

/// Runs `reopen` (which opens the file again its own way) and says what is
/// still wrong; once nothing is, the window's views load again.
async fn reopened(
    app: &AppHandle,
    state: &AppState,
    reopen: impl FnOnce(&Store) + Send + 'static,
) -> CommandResult<Option<RecoveryDto>> {
    let store = state.store.clone();
    let recovery = blocking(move || {
        reopen(&store);
        recovery_of(&store)
    })
    .await?;
    if recovery.is_none() {
        reactions::database_replaced(app);
    }
    Ok(recovery)
}

/// Unlocks an encrypted database with its recovery key and keeps the key
/// in the keychain again; what is still wrong, if anything (a key that
/// does not open it leaves the database locked).
#[tauri::command]
pub async fn unlock_with_recovery_key(
    app: AppHandle,
    state: State<'_, AppState>,
    recovery_key: String,
) -> CommandResult<Option<RecoveryDto>> {
    let key = kith_core::crypt::DbKey::from_recovery_key(&recovery_key)
        .map_err(|e| IpcError::new(ErrorKind::InvalidInput, e.to_string()))?;
    reopened(&app, &state, move |store| {
        kith_core::crypt::remember(&key);
        if store.reopen().is_ok() {
            if let Some(path) = store.path() {
                if let Err(error) = kith_core::keychain::keep_db_key(path, &key) {
                    tracing::warn!(%error, "the key could not be put back in the keychain");
                }
            }
        }
    })
    .await
}

#[tauri::command]
pub async fn get_backups(state: State<'_, AppState>) -> CommandResult<BackupsDto> {
    let store = state.store.clone();
    blocking(move || backups_dto(&store)).await
}

#[tauri::command]
pub async fn back_up_now(state: State<'_, AppState>) -> CommandResult<BackupDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.back_up(BackupKind::Manual, now)?.into())).await
}

/// Restores a backup by id (from the backup folder) or path.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    backup: String,
) -> CommandResult<BackupRestoredDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    let restored = blocking(move || {
        let source = find_backup(&folder(&store)?, &backup)?;
        Ok(store.restore_backup(&source, now)?)
    })
    .await?;
    reactions::database_replaced(&app);
    Ok(restored.into())
}

/// The native picker for a backup file anywhere ("Restore…"); `None` when
/// the user cancels.
#[tauri::command]
pub async fn choose_backup_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let store = state.store.clone();
    blocking(move || {
        let start = folder(&store)?;
        Ok(app
            .dialog()
            .file()
            .set_title("Choose a Kith backup to restore")
            .set_directory(start)
            .add_filter("Kith backups", &["db"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
            .map(|p| p.display().to_string()))
    })
    .await
}

/// The native folder picker for where backups go ("Change folder…");
/// `None` when the user cancels.
#[tauri::command]
pub async fn choose_backup_folder(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<BackupsDto>> {
    let store = state.store.clone();
    blocking(move || {
        let Some(dir) = app
            .dialog()
            .file()
            .set_title("Choose where Kith keeps its backups")
            .set_directory(folder(&store)?)
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        store.update_settings(|s| {
            s.backup_dir = Some(dir);
            Ok(())
        })?;
        backups_dto(&store).map(Some)
    })
    .await
}

/// Backups go to `backups/` beside the database again.
#[tauri::command]
pub async fn reset_backup_folder(state: State<'_, AppState>) -> CommandResult<BackupsDto> {
    let store = state.store.clone();
    blocking(move || {
        store.update_settings(|s| {
            s.backup_dir = None;
            Ok(())
        })?;
        backups_dto(&store)
    })
    .await
}

/// Writes what can still be read from the damaged file beside it, as JSON
/// and vCard.
#[tauri::command]
pub async fn export_readable_rows(state: State<'_, AppState>) -> CommandResult<SalvageDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let db = database(&store)?;
        let dir = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let readable = export_readable(&db, &dir, now).map_err(|error| {
            IpcError::new(
                ErrorKind::Unavailable,
                format!("nothing could be read: {error}"),
            )
        })?;
        Ok(SalvageDto {
            json: readable.json.display().to_string(),
            vcard: readable.vcard.map(|p| p.display().to_string()),
            people: readable.people,
            lost: readable.lost,
        })
    })
    .await
}

/// Opens the backup folder (`backups`) or the database's folder
/// (`database`) in the file manager.
#[tauri::command]
pub async fn open_folder(state: State<'_, AppState>, which: String) -> CommandResult<()> {
    let store = state.store.clone();
    blocking(move || {
        let dir = match which.as_str() {
            "backups" => folder(&store)?,
            "database" => database(&store)?
                .parent()
                .map(Path::to_owned)
                .unwrap_or_else(|| PathBuf::from(".")),
            other => {
                return Err(IpcError::new(
                    ErrorKind::InvalidInput,
                    format!("unknown folder '{other}'"),
                ))
            }
        };
        std::fs::create_dir_all(&dir).map_err(|e| {
            IpcError::new(
                ErrorKind::Unavailable,
                format!("could not create {}: {e}", dir.display()),
            )
        })?;
        tauri_plugin_opener::open_path(&dir, None::<&str>).map_err(|e| {
            IpcError::new(
                ErrorKind::Unavailable,
                format!("could not open {}: {e}", dir.display()),
            )
        })
    })
    .await
}
