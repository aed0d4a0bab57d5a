//! What the window, the tray and the notifications all do the same way:
//! acting on a follow-up (`kith_background::actions`), and telling everyone
//! that reminders changed.

pub use kith_background::actions::complete;
use kith_background::AppState;
use tauri::{AppHandle, Manager};

use crate::events::WindowEvent;

/// Refreshes the tray menu, closes notifications whose follow-up was
/// settled here, and tells the window to reload what is due.
pub fn reminders_changed(app: &AppHandle) {
    crate::tray::refresh(app);
    kith_background::notifier::close_settled(&app.state::<AppState>());
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

/// Reading mail's news: its status changed (the window reloads it), or it
/// made touches (timelines, stages, the dashboard and the plan follow).
pub fn mail_read(app: &AppHandle, event: kith_mail::service::Event) {
    let news = match event {
        kith_mail::service::Event::Status => WindowEvent::MailChanged,
        kith_mail::service::Event::ChangedHere => {
            follow_ups_changed(app);
            WindowEvent::TouchesChanged
        }
    };
    if let Err(error) = news.emit(app) {
        tracing::debug!(%error, "no window to tell about mail");
    }
}
