//! What the window, the tray and the notifications all do the same way:
//! acting on a follow-up, and telling everyone that reminders changed.

use chrono::Duration;
use kith_core::{Clock, FollowUpId, StoreError};
use tauri::{AppHandle, Manager};

use crate::events::WindowEvent;

use crate::state::AppState;

/// Marks a follow-up done (a repeating one moves on) and wakes the
/// scheduler.
pub fn complete(state: &AppState, id: FollowUpId) -> Result<kith_core::FollowUp, StoreError> {
    let done = state
        .store
        .complete_follow_up(id, state.clock.zone(), state.clock.now())?;
    state.scheduler.reschedule();
    Ok(done)
}

/// Snoozes a follow-up for `by` from now and wakes the scheduler.
pub fn snooze(
    state: &AppState,
    id: FollowUpId,
    by: Duration,
) -> Result<kith_core::FollowUp, StoreError> {
    let now = state.clock.now();
    let snoozed = state
        .store
        .snooze_follow_up(id, now + by, state.clock.zone(), now)?;
    state.scheduler.reschedule();
    Ok(snoozed)
}

/// Refreshes the tray menu and tells the window to reload what is due.
pub fn reminders_changed(app: &AppHandle) {
    crate::tray::refresh(app);
    if let Err(error) = WindowEvent::RemindersChanged.emit(app) {
        tracing::debug!(%error, "no window to tell about reminders");
    }
}

/// Wakes the scheduler after a change to follow-ups or settings, and
/// refreshes what shows them.
pub fn follow_ups_changed(app: &AppHandle) {
    app.state::<AppState>().scheduler.reschedule();
    reminders_changed(app);
}

/// Tells the window that touches changed (stages, the dashboard and the
/// welcome queue follow from them).
pub fn touches_changed(app: &AppHandle) {
    if let Err(error) = WindowEvent::TouchesChanged.emit(app) {
        tracing::debug!(%error, "no window to tell about touches");
    }
}

/// The database file was replaced (a restore) or opened again: the
/// scheduler and the tray start over from the new file (the window that
/// asked reloads itself).
pub fn database_replaced(app: &AppHandle) {
    follow_ups_changed(app);
}

/// A sync's news: its status changed (the window reloads it), or it
/// changed people here (the window reloads its view; reminders and the
/// tray follow).
pub fn synced(app: &AppHandle, event: kith_sync::service::Event) {
    let news = match event {
        kith_sync::service::Event::Status => WindowEvent::SyncChanged,
        kith_sync::service::Event::ChangedHere => {
            follow_ups_changed(app);
            WindowEvent::PeopleChanged
        }
    };
    if let Err(error) = news.emit(app) {
        tracing::debug!(%error, "no window to tell about sync");
    }
}
