//! The desktop app's tray icon, drawing the menu `kith_background::menu`
//! describes.

use kith_background::menu::{act, entries, Entry, Snapshot, TrayItem};
use kith_background::{AppState, Route};
use kith_ipc::TrayStatus;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::window;

const TRAY_ID: &str = "kith";

/// Whether this system can show a tray icon. On Linux the tray needs
/// libayatana-appindicator (or the older libappindicator) at run time; without
/// it creating the tray would panic inside the event loop, so we check first.
pub fn available() -> bool {
    #[cfg(target_os = "linux")]
    {
        ["libayatana-appindicator3.so.1", "libappindicator3.so.1"]
            .iter()
            .any(|name| {
                // SAFETY: loading a system library runs its initialisers;
                // these are the libraries the tray would load anyway.
                unsafe { libloading::Library::new(name) }.is_ok()
            })
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

/// Creates the tray icon, or says why there is none.
pub fn create(app: &AppHandle) -> TrayStatus {
    if !available() {
        tracing::warn!(
            "no system tray: libayatana-appindicator3 is not installed; Kith quits when its window closes"
        );
        return TrayStatus::Unavailable;
    }
    let snapshot = read_snapshot(app);
    let menu = match menu(app, &snapshot) {
        Ok(menu) => menu,
        Err(error) => {
            tracing::warn!(%error, "could not build the tray menu");
            return TrayStatus::Unavailable;
        }
    };
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Kith")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    match builder.build(app) {
        Ok(_) => TrayStatus::Available,
        Err(error) => {
            tracing::warn!(%error, "could not create the tray icon");
            TrayStatus::Unavailable
        }
    }
}

/// Rebuilds the menu from what is due now: the store is read on the
/// blocking pool, never on the thread that asked (often the UI thread).
pub fn refresh(app: &AppHandle) {
    if app.tray_by_id(TRAY_ID).is_none() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let snapshot = read_snapshot(&app);
        let Some(tray) = app.tray_by_id(TRAY_ID) else {
            return;
        };
        match menu(&app, &snapshot) {
            Ok(menu) => {
                if let Err(error) = tray.set_menu(Some(menu)) {
                    tracing::warn!(%error, "could not update the tray menu");
                }
            }
            Err(error) => tracing::warn!(%error, "could not build the tray menu"),
        }
    });
}

fn read_snapshot(app: &AppHandle) -> Snapshot {
    let state = app.state::<AppState>();
    Snapshot::read(&state.store, &*state.clock)
}

fn menu(app: &AppHandle, snapshot: &Snapshot) -> tauri::Result<Menu<Wry>> {
    let menu = Menu::new(app)?;
    let item = |which: TrayItem, label: &str| {
        MenuItem::with_id(app, which.id(), label, true, None::<&str>)
    };
    for entry in entries(snapshot) {
        match entry {
            Entry::Label(text) => menu.append(&MenuItem::with_id(
                app,
                "headline",
                text,
                false,
                None::<&str>,
            )?)?,
            Entry::Item(which, text) => menu.append(&item(which, &text)?)?,
            Entry::Submenu(text, items) => {
                let items = items
                    .iter()
                    .map(|(which, text)| item(*which, text))
                    .collect::<tauri::Result<Vec<_>>>()?;
                let refs: Vec<&dyn tauri::menu::IsMenuItem<Wry>> =
                    items.iter().map(|i| i as _).collect();
                menu.append(&Submenu::with_items(app, text, true, &refs)?)?
            }
            Entry::Separator => menu.append(&PredefinedMenuItem::separator(app)?)?,
        }
    }
    Ok(menu)
}

fn on_menu(app: &AppHandle, id: &str) {
    let Some(item) = TrayItem::parse(id) else {
        return;
    };
    match item {
        TrayItem::Open => window::open(app, None),
        TrayItem::Plan => window::open(app, Some(Route::Today)),
        TrayItem::QuickLog => window::open(app, Some(Route::QuickLog)),
        TrayItem::OpenPerson { person } => window::open(app, Some(Route::Person(person))),
        TrayItem::Quit => app.exit(0),
        TrayItem::PauseHour
        | TrayItem::PauseUntilMorning
        | TrayItem::Resume
        | TrayItem::Done { .. }
        | TrayItem::Snooze { .. } => {
            let state = app.state::<AppState>().inner().clone();
            let app = app.clone();
            // Database work leaves the UI thread.
            tauri::async_runtime::spawn_blocking(move || {
                act(&state, item);
                crate::reactions::reminders_changed(&app);
            });
        }
    }
}
