//! The desktop app's side of the hand-over to the resident on Linux
//! (`kith_background::handoff` says how the two images take turns).

use kith_background::handoff::{
    exec, resident_allowed, resident_program, tray_host_present, Image,
};
use kith_background::AppState;
use tauri::{AppHandle, Manager};

/// The window closed: becomes the resident (the `kith` program beside this
/// one) if there is a tray host to show it, on a thread of its own (it waits for the scheduler and for the write
/// in flight). Returns false, doing nothing, where the desktop app stays.
pub fn to_resident(app: &AppHandle) -> bool {
    let Some(state) = app.try_state::<AppState>() else {
        return false;
    };
    if !resident_allowed() || resident_program().is_none() || state.store.problem().is_some() {
        return false;
    }
    let state = state.inner().clone();
    let app = app.clone();
    std::thread::spawn(move || {
        if !tauri::async_runtime::block_on(tray_host_present()) {
            tracing::info!("no tray host on the session bus; the desktop app stays in the tray");
            crate::app::release_memory(&app);
            return;
        }
        tauri::async_runtime::block_on(state.scheduler.stop());
        tauri_plugin_single_instance::destroy(&app);
        let error = match state.store.hold_writes() {
            Ok(_hold) => exec(Image::Resident { handed_over: true }),
            Err(error) => std::io::Error::other(error.to_string()),
        };
        // Not replaced: start over as a new process rather than stay
        // without a scheduler.
        tracing::error!(%error, "could not hand over to the resident; restarting");
        app.restart();
    });
    true
}
