//! What notifications, the tray's choices and wake-ups need from the
//! process that shows them: the desktop app with its window, or on Linux
//! the resident that keeps Kith in the tray without a window toolkit.

use crate::state::AppState;

pub trait Shell: Clone + Send + Sync + 'static {
    /// The app's shared parts: the store, the clock, the scheduler, sync.
    fn state(&self) -> AppState;
    /// Shows the window at `route`.
    fn open(&self, route: Option<Route>);
    /// Reminders changed: the tray and the window show them again.
    fn reminders_changed(&self);
}

/// A place in the window to open, as the router's hash route.
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
    pub fn from_hash(hash: &str) -> Option<Self> {
        Some(match hash {
            "#/today" => Route::Today,
            "#/today?quick-log" => Route::QuickLog,
            "#/recovery" => Route::Recovery,
            _ => Route::Person(hash.strip_prefix("#/person/")?.parse().ok()?),
        })
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
