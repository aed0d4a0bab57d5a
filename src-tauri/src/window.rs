//! The main window: created on demand and destroyed on close, so WebKit's
//! processes and memory go away while Kith waits in the tray.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::events::WindowEvent;

pub const MAIN: &str = "main";

/// A place in the UI to open, as the router's hash route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Today,
    Person(i64),
    QuickLog,
    /// What is wrong with the database file, and the way out.
    Recovery,
}

impl Route {
    pub fn hash(&self) -> String {
        match self {
            Route::Today => "#/today".into(),
            Route::Person(id) => format!("#/person/{id}"),
            Route::QuickLog => "#/today?quick-log".into(),
            Route::Recovery => "#/recovery".into(),
        }
    }

    /// The route a [`Route::hash`] names; `None` for anything else.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub fn from_hash(hash: &str) -> Option<Self> {
        Some(match hash {
            "#/today" => Route::Today,
            "#/today?quick-log" => Route::QuickLog,
            "#/recovery" => Route::Recovery,
            _ => Route::Person(hash.strip_prefix("#/person/")?.parse().ok()?),
        })
    }
}

/// Shows the main window at `route`, creating it if it was closed.
pub fn open(app: &AppHandle, route: Option<Route>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        if let Some(route) = route {
            if let Err(error) = WindowEvent::Navigate(route.hash()).emit(app) {
                tracing::warn!(%error, "could not navigate the window");
            }
        }
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == MAIN) else {
        tracing::error!("the main window is missing from tauri.conf.json");
        return;
    };
    let mut config = config.clone();
    let page = format!("index.html{}", route.unwrap_or(Route::Today).hash());
    config.url = WebviewUrl::App(page.into());
    match WebviewWindowBuilder::from_config(app, &config).and_then(|b| b.build()) {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(error) => tracing::error!(%error, "could not open the main window"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_through_their_hash() {
        for route in [
            Route::Today,
            Route::Person(42),
            Route::QuickLog,
            Route::Recovery,
        ] {
            assert_eq!(Route::from_hash(&route.hash()), Some(route));
        }
        assert_eq!(Route::from_hash("#/person/x"), None);
        assert_eq!(Route::from_hash("#/settings"), None);
    }
}
