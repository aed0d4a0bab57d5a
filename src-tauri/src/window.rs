//! The main window: created on demand and destroyed on close, so WebKit's
//! processes and memory go away while Kith waits in the tray.

pub use kith_background::Route;
use kith_background::{AppState, Shell};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::events::WindowEvent;

pub const MAIN: &str = "main";

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
    // Built hidden, so the window-state plugin gives it its saved size and
    // place before it is shown: WebKit made to change the size of a view
    // on screen while its page loads waits up to half a second for the new
    // frame.
    config.visible = false;
    match WebviewWindowBuilder::from_config(app, &config).and_then(|b| b.build()) {
        Ok(window) => {
            let _ = window.show();
            let _ = window.set_focus();
        }
        Err(error) => tracing::error!(%error, "could not open the main window"),
    }
}

/// The desktop app's side of [`Shell`]: the window, Tauri's tray, and
/// events to the page.
#[derive(Clone)]
pub struct Desktop(pub AppHandle);

impl Shell for Desktop {
    fn state(&self) -> AppState {
        self.0.state::<AppState>().inner().clone()
    }

    fn open(&self, route: Option<Route>) {
        open(&self.0, route);
    }

    fn reminders_changed(&self) {
        crate::reactions::reminders_changed(&self.0);
    }
}
