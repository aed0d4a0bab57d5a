//! Native notifications for due reminders, through notify-rust (D-Bus on
//! Linux, the notification centre on macOS, toasts on Windows). On Linux a
//! follow-up's notification carries Open, Done and Snooze actions; on
//! Windows its toast carries Done and Snooze buttons and clicking the toast
//! opens the person. macOS's back-end shows no actions (clicking it brings
//! Kith forward).
//!
//! Windows shows a toast under the app identity (AppUserModelID) of the
//! Start-menu shortcut the installer (NSIS or MSI) creates, which is the
//! bundle identifier; an exe run from a build folder has no such shortcut,
//! so its toasts go out under PowerShell's identity instead of not at all.

use kith_core::notify::{Notifier, NotifyError, Reminder};
#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
use kith_core::store::Subject;

#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
use crate::actions;
use crate::shell::{Route, Shell};

/// Shows reminders as OS notifications and keeps the tray and window in
/// step with what fired.
pub struct DesktopNotifier<S: Shell> {
    shell: S,
}

impl<S: Shell> DesktopNotifier<S> {
    pub fn new(shell: S) -> Self {
        Self { shell }
    }
}

/// What a notification's action buttons mean.
#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Open,
    Done,
    Snooze,
}

#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
impl Action {
    /// The buttons of a follow-up's notification, and of any other.
    #[cfg(all(unix, not(target_os = "macos")))]
    const FOLLOW_UP: &[Action] = &[Action::Open, Action::Done, Action::Snooze];
    #[cfg(all(unix, not(target_os = "macos")))]
    const OTHER: &[Action] = &[Action::Open];
    // Clicking a toast is Open; its buttons are the rest.
    #[cfg(windows)]
    const FOLLOW_UP: &[Action] = &[Action::Done, Action::Snooze];
    #[cfg(windows)]
    const OTHER: &[Action] = &[];

    fn id(self) -> &'static str {
        match self {
            // "default" is what the freedesktop spec sends when the
            // notification itself is clicked.
            Action::Open => "default",
            Action::Done => "done",
            Action::Snooze => "snooze",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Action::Open => "Open",
            Action::Done => "Done",
            Action::Snooze => "Snooze 1 day",
        }
    }

    fn parse(id: &str) -> Option<Self> {
        [Action::Open, Action::Done, Action::Snooze]
            .into_iter()
            .find(|a| a.id() == id)
    }
}

/// The icon notifications show: the name the installer gives the app's
/// icon (its desktop binary's name, `kith-desktop`).
const ICON: &str = "kith-desktop";

impl<S: Shell> Notifier for DesktopNotifier<S> {
    fn show(&self, reminder: &Reminder) -> Result<(), NotifyError> {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname("Kith")
            .summary(&reminder.title())
            .body(&reminder.body())
            .icon(ICON);
        #[cfg(any(windows, all(unix, not(target_os = "macos"))))]
        {
            let actions: &[Action] = match reminder {
                Reminder::Single(r) if r.subject.is_follow_up() => Action::FOLLOW_UP,
                _ => Action::OTHER,
            };
            for action in actions {
                notification.action(action.id(), action.label());
            }
        }
        #[cfg(windows)]
        if let Some(identity) = installed_identity() {
            notification.app_id(&identity);
        }
        let handle = notification
            .show()
            .map_err(|e| NotifyError(e.to_string()))?;
        tracing::info!(title = %reminder.title(), "reminder shown");
        self.shell.reminders_changed();

        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let shell = self.shell.clone();
            let reminder = reminder.clone();
            // Waiting for the user's choice blocks until the notification
            // closes, so it gets its own thread.
            std::thread::spawn(move || {
                handle.wait_for_action(|id| {
                    if let Some(action) = Action::parse(id) {
                        act(&shell, &reminder, action);
                    }
                });
            });
        }
        #[cfg(windows)]
        {
            let shell = self.shell.clone();
            let reminder = reminder.clone();
            std::thread::spawn(move || {
                let answered =
                    handle.wait_for_response(|response: &notify_rust::NotificationResponse| {
                        let action = match response {
                            notify_rust::NotificationResponse::Default => Some(Action::Open),
                            notify_rust::NotificationResponse::Action(id) => Action::parse(id),
                            _ => None,
                        };
                        if let Some(action) = action {
                            act(&shell, &reminder, action);
                        }
                    });
                if let Err(error) = answered {
                    tracing::debug!(%error, "no answer from the toast");
                }
            });
        }
        #[cfg(target_os = "macos")]
        let _ = handle;
        Ok(())
    }

    fn damaged(&self, what: &str) {
        tracing::error!(%what, "the database file is damaged; showing the recovery screen");
        let shown = notify_rust::Notification::new()
            .appname("Kith")
            .summary("Kith's database is damaged")
            .body("Nothing more is written to it. Open Kith to restore the newest backup.")
            .icon(ICON)
            .show();
        if let Err(error) = shown {
            tracing::warn!(%error, "could not show the damage notification");
        }
        self.shell.open(Some(Route::Recovery));
    }
}

/// The identity a toast is shown under: the bundle identifier, which the
/// installer's shortcut carries, unless this exe runs from a build folder
/// (as Tauri's own notification plugin decides).
#[cfg(windows)]
fn installed_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let folder = exe.parent()?;
    let built = ["debug", "release"]
        .iter()
        .any(|profile| folder.ends_with(std::path::Path::new("target").join(profile)));
    (!built).then(|| kith_core::paths::APP_IDENTIFIER.to_owned())
}

#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
fn act(shell: &impl Shell, reminder: &Reminder, action: Action) {
    let single = match reminder {
        Reminder::Single(r) => Some(r),
        Reminder::Summary(_) | Reminder::Plan { .. } => None,
    };
    let follow_up = single.and_then(|r| match r.subject {
        Subject::FollowUp(id) => Some(id),
        Subject::KeepInTouch { .. } | Subject::Date { .. } => None,
    });
    match (action, single, follow_up) {
        (Action::Open, Some(r), _) => shell.open(Some(Route::Person(r.person.0))),
        (Action::Done, _, Some(id)) => {
            if let Err(error) = actions::complete(&shell.state(), id) {
                tracing::warn!(%error, "could not mark the follow-up done");
            }
            shell.reminders_changed();
        }
        (Action::Snooze, _, Some(id)) => {
            let state = shell.state();
            if let Err(error) = actions::snooze(&state, id, chrono::Duration::days(1)) {
                tracing::warn!(%error, "could not snooze the follow-up");
            }
            shell.reminders_changed();
        }
        _ => shell.open(Some(Route::Today)),
    }
}
