//! The events the Rust side sends the window, as nouns with their payloads.
//! Their names and payload types are part of the generated IPC contract
//! (`ui/src/ipc/contract.ts`).

use tauri::{AppHandle, Emitter, Runtime};

/// What the window is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowEvent {
    /// Follow-ups, reminders or settings changed: reload what is due.
    RemindersChanged,
    /// Touches changed: stages, the dashboard and the queue follow.
    TouchesChanged,
    /// Go to this hash route.
    Navigate(String),
    /// Sync started, moved on or ended: reload its status.
    SyncChanged,
    /// People changed without the window asking (a sync): reload the view.
    PeopleChanged,
    /// Reading mail started, moved on or ended: reload its status.
    MailChanged,
}

/// Each event's name and its payload's TypeScript type.
pub const EVENTS: &[(&str, &str)] = &[
    ("reminders-changed", "null"),
    ("touches-changed", "null"),
    ("navigate", "string"),
    ("sync-changed", "null"),
    ("people-changed", "null"),
    ("mail-changed", "null"),
];

impl WindowEvent {
    pub fn name(&self) -> &'static str {
        match self {
            WindowEvent::RemindersChanged => EVENTS[0].0,
            WindowEvent::TouchesChanged => EVENTS[1].0,
            WindowEvent::Navigate(_) => EVENTS[2].0,
            WindowEvent::SyncChanged => EVENTS[3].0,
            WindowEvent::PeopleChanged => EVENTS[4].0,
            WindowEvent::MailChanged => EVENTS[5].0,
        }
    }

    /// Sends the event to every window.
    pub fn emit<R: Runtime>(&self, app: &AppHandle<R>) -> tauri::Result<()> {
        match self {
            WindowEvent::RemindersChanged
            | WindowEvent::TouchesChanged
            | WindowEvent::SyncChanged
            | WindowEvent::PeopleChanged
            | WindowEvent::MailChanged => app.emit(self.name(), ()),
            WindowEvent::Navigate(hash) => app.emit(self.name(), hash),
        }
    }
}
