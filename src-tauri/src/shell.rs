//! What notifications, the tray's choices and wake-ups need from the
//! process that shows them: the desktop app with its window (an
//! `AppHandle`), or on Linux the resident process that keeps Kith in the
//! tray without a window toolkit (`resident.rs`).

use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::window::Route;

pub trait Shell: Clone + Send + Sync + 'static {
    /// The app's shared parts: the store, the clock, the scheduler, sync.
    fn state(&self) -> AppState;
    /// Shows the window at `route`.
    fn open(&self, route: Option<Route>);
    /// Reminders changed: the tray and the window show them again.
    fn reminders_changed(&self);
}

impl Shell for AppHandle {
    fn state(&self) -> AppState {
        Manager::state::<AppState>(self).inner().clone()
    }

    fn open(&self, route: Option<Route>) {
        crate::window::open(self, route);
    }

    fn reminders_changed(&self) {
        crate::reactions::reminders_changed(self);
    }
}
