//! Starting and stopping the desktop app: the database, the scheduler, the
//! tray, the window, and a clean shutdown on Quit or SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use kith_core::paths::database_path;
use kith_core::Store;
use kith_ipc::TrayStatus;
use tauri::{AppHandle, Manager, RunEvent};

use kith_background::notifier::DesktopNotifier;
use kith_background::start::Background;
use kith_background::{logging, AppState};
use kith_core::Notifier;

use crate::window::{Desktop, Route};
use crate::{commands, reactions, tray, window};

/// Runs the desktop app until it quits.
pub fn run(db: Option<PathBuf>, hidden: bool) -> ExitCode {
    // First, while this is the only thread: WebKit reads it when GTK starts.
    #[cfg(target_os = "linux")]
    let rendering = crate::rendering::choose();
    #[cfg(not(target_os = "linux"))]
    let rendering = None;
    #[cfg(target_os = "linux")]
    let (route, _) = kith_background::handoff::take_passed_on();
    #[cfg(not(target_os = "linux"))]
    let route = None;
    let Some(path) = database_path(db) else {
        eprintln!("kith: no data folder for this user; pass --db PATH or set KITH_DB");
        return ExitCode::from(1);
    };
    // Started at login: on Linux Kith waits in the tray as the resident,
    // the lean `kith` program installed beside this one, which opens the
    // store itself and falls back to this program (`KITH_RESIDENT=off`) if
    // it cannot show a tray, or to its recovery screen if the file is
    // damaged.
    #[cfg(target_os = "linux")]
    if hidden && kith_background::handoff::resident_allowed() {
        use kith_background::handoff::{exec, resident_program, Image};
        if resident_program().is_some() {
            let error = exec(Image::Resident { handed_over: false });
            eprintln!("kith: could not start the resident ({error}); staying in the tray");
        }
    }
    // A file that cannot be opened still gets a window: the recovery
    // screen says why and offers the way out.
    kith_core::keychain::unlock_from_keychain(&path);
    let store = Arc::new(Store::open_or_problem(&path));
    if let Some(problem) = store.problem() {
        eprintln!("kith: {problem:?}; opening the recovery screen");
    }
    let app = tauri::Builder::default()
        // Must come first: a second launch hands over to the running one.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::open(app, None)
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
        .setup(move |app| {
            setup(app.handle(), store, hidden, route, rendering);
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            eprintln!("kith: could not start the desktop app: {error}");
            return ExitCode::from(1);
        }
    };
    let code = app.run_return(on_event);
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn setup(
    app: &AppHandle,
    store: Arc<Store>,
    hidden: bool,
    mut route: Option<Route>,
    rendering: Option<String>,
) {
    let log_dir = app
        .path()
        .app_log_dir()
        .unwrap_or_else(|_| std::env::temp_dir().join("kith-logs"));
    if let Err(error) = logging::init(&log_dir) {
        eprintln!("kith: logging to the terminal only: {error:#}");
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        database = %store.path().map(|p| p.display().to_string()).unwrap_or_default(),
        "Kith starting"
    );
    if let Some(set) = rendering {
        tracing::info!("no GPU render node: WebKit draws without accelerated compositing ({set})");
    }

    let background = {
        let (on_sync, on_mail) = (app.clone(), app.clone());
        Background::new(
            store.clone(),
            log_dir,
            move |event| reactions::synced(&on_sync, event),
            move |event| reactions::mail_read(&on_mail, event),
        )
    };
    app.manage(background.state.clone());
    // The window first, so its page loads while the tray is made: nothing
    // the page asks for can arrive before this function returns, since it
    // runs on the thread that would answer.
    let recovery = store_problem(app);
    if recovery {
        window::open(app, Some(Route::Recovery));
    } else if !hidden {
        window::open(app, route.take());
    }
    let tray = tray::create(app);
    app.manage(tray);
    if !recovery && hidden && tray == TrayStatus::Unavailable {
        window::open(app, route);
    }

    let notifier = Arc::new(DesktopNotifier::new(Desktop(app.clone())));
    notifier.take_over();
    tauri::async_runtime::spawn(async move {
        background.start(notifier);
    });
    watch_for_termination(app.clone());
    quick_check(app.clone());
}

fn store_problem(app: &AppHandle) -> bool {
    app.state::<AppState>().store.problem().is_some()
}

/// SQLite's quick check, in the background so the window is not kept
/// waiting; damage opens the recovery screen. Without a window, the memory
/// the check took is handed back after it.
fn quick_check(app: AppHandle) {
    let store = app.state::<AppState>().store.clone();
    if store.problem().is_some() {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let result = tauri::async_runtime::spawn_blocking(move || store.quick_check()).await;
        match result {
            Ok(Ok(())) => {
                tracing::info!("the database passed its quick check");
                // The check read every page through a connection of its
                // own, closed since; started in the tray (at login), the
                // heap it used goes back to the system.
                if app.get_webview_window(window::MAIN).is_none() {
                    release_memory(&app);
                }
            }
            Ok(Err(kith_core::StoreError::Corrupt(what))) => {
                DesktopNotifier::new(Desktop(app.clone())).damaged(&what);
            }
            Ok(Err(error)) => tracing::warn!(%error, "the quick check could not run"),
            Err(error) => tracing::error!(%error, "the quick check failed"),
        }
    });
}

/// Quits cleanly on SIGTERM or SIGINT instead of dying mid-step.
fn watch_for_termination(app: AppHandle) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("could not listen for termination signals");
            return;
        };
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = int.recv() => tracing::info!("SIGINT received"),
        }
        app.exit(0);
    });
    #[cfg(not(unix))]
    let _ = app;
}

/// What the window held that Kith can hand back once it is closed.
pub fn release_memory(app: &AppHandle) {
    if let Some(state) = app.try_state::<AppState>() {
        kith_background::state::release_memory(&state.store);
    }
}

fn on_event(app: &AppHandle, event: RunEvent) {
    match event {
        // The last window closed (no exit code): stay in the tray if there
        // is one. The window itself is destroyed, releasing WebKit.
        RunEvent::ExitRequested {
            code: None, api, ..
        } if *app.state::<TrayStatus>() == TrayStatus::Available => {
            api.prevent_exit();
            tracing::info!("window closed; Kith keeps running in the tray");
            #[cfg(target_os = "linux")]
            if crate::handoff::to_resident(app) {
                return;
            }
            release_memory(app);
        }
        RunEvent::Exit => {
            if let Some(state) = app.try_state::<AppState>() {
                tauri::async_runtime::block_on(state.scheduler.stop());
                if let Err(error) = state.store.checkpoint() {
                    tracing::warn!(%error, "could not checkpoint the database on exit");
                }
            }
            tracing::info!("Kith stopped");
        }
        _ => {}
    }
}
