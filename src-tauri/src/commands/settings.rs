//! Settings, facts about the app, and the sample network.

use chrono::Duration;
use kith_core::Clock;
use kith_ipc::{AppInfoDto, IpcError, SettingsDto, SettingsInput, TrayStatus};
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

fn start_at_login(app: &AppHandle) -> bool {
    app.autolaunch().is_enabled().unwrap_or(false)
}

#[tauri::command]
pub async fn get_app_info(
    state: State<'_, AppState>,
    tray: State<'_, TrayStatus>,
) -> CommandResult<AppInfoDto> {
    let store = state.store.clone();
    let (people_count, sample_count) =
        blocking(move || Ok((store.people_count()?, store.sample_count()?))).await?;
    Ok(AppInfoDto {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database_path: state
            .store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        log_dir: state.log_dir.display().to_string(),
        time_zone: state.clock.zone().name().to_owned(),
        tray: *tray,
        people_count,
        sample_count,
        trash_days: kith_core::store::TRASH_DAYS as u32,
    })
}

#[tauri::command]
pub async fn get_settings(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<SettingsDto> {
    let store = state.store.clone();
    let (settings, numbers) =
        blocking(move || Ok((store.settings()?, store.national_numbers()?))).await?;
    Ok(SettingsDto::new(&settings, start_at_login(&app), numbers))
}

#[tauri::command]
pub async fn save_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    input: SettingsInput,
) -> CommandResult<SettingsDto> {
    let wants_start_at_login = input.start_at_login;
    let autostart = app.autolaunch();
    let was_on = autostart.is_enabled().unwrap_or(false);
    // The OS side first: if it refuses, nothing is saved; if saving then
    // fails, it is put back. Either way the command is all or nothing.
    if wants_start_at_login != was_on {
        let switched = if wants_start_at_login {
            autostart.enable()
        } else {
            autostart.disable()
        };
        switched.map_err(|error| {
            IpcError::internal(format!("could not change start at login: {error}"))
        })?;
    }
    let store = state.store.clone();
    let saved = blocking(move || {
        let settings = store.update_settings(|s| input.apply(s))?;
        Ok((settings, store.national_numbers()?))
    })
    .await;
    let (settings, numbers) = match saved {
        Ok(saved) => saved,
        Err(error) => {
            if wants_start_at_login != was_on {
                let restored = if was_on {
                    autostart.enable()
                } else {
                    autostart.disable()
                };
                if let Err(undo) = restored {
                    tracing::warn!(%undo, "could not put start at login back");
                }
            }
            return Err(error);
        }
    };
    reactions::follow_ups_changed(&app);
    Ok(SettingsDto::new(&settings, start_at_login(&app), numbers))
}

/// Pauses reminders for `minutes` (or resumes them with `None`).
#[tauri::command]
pub async fn pause_reminders(
    app: AppHandle,
    state: State<'_, AppState>,
    minutes: Option<u32>,
) -> CommandResult<SettingsDto> {
    let until =
        minutes.map(|m| state.clock.now() + Duration::minutes(i64::from(m.min(60 * 24 * 7))));
    let store = state.store.clone();
    let (settings, numbers) =
        blocking(move || Ok((store.pause_reminders(until)?, store.national_numbers()?))).await?;
    reactions::follow_ups_changed(&app);
    Ok(SettingsDto::new(&settings, start_at_login(&app), numbers))
}

#[tauri::command]
pub async fn load_sample(app: AppHandle, state: State<'_, AppState>) -> CommandResult<u64> {
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    let loaded = blocking(move || Ok(store.load_sample(zone, now)?)).await?;
    reactions::follow_ups_changed(&app);
    Ok(loaded)
}

#[tauri::command]
pub async fn remove_sample(app: AppHandle, state: State<'_, AppState>) -> CommandResult<u64> {
    let store = state.store.clone();
    let removed = blocking(move || Ok(store.remove_sample()?)).await?;
    reactions::follow_ups_changed(&app);
    Ok(removed)
}
