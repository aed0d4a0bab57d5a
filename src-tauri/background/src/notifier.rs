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

#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
use kith_core::domain::FollowUpId;
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
        #[cfg(target_os = "linux")]
        if let Some(face) = face(&self.shell.state(), reminder) {
            notification.image_data(face);
        }
        #[cfg(any(windows, target_os = "macos"))]
        if let Some(face) = face_file(&self.shell.state(), reminder) {
            notification.image_path(&face.to_string_lossy());
        }
        #[cfg(any(windows, all(unix, not(target_os = "macos"))))]
        for action in Shown::of(reminder, "", "").actions() {
            notification.action(action.id(), action.label());
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
        await_answer(
            &self.shell,
            handle,
            Shown::of(reminder, &reminder.title(), &reminder.body()),
        );
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
                            act(&shell, &Shown::of(&reminder, "", ""), action);
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

/// The one person a reminder is about (none for a summary or the plan).
#[cfg(any(windows, target_os = "linux", target_os = "macos"))]
fn subject_of(reminder: &Reminder) -> Option<kith_core::domain::PersonId> {
    match reminder {
        Reminder::Single(single) => Some(single.person),
        _ => None,
    }
}

/// The person's thumbnail (a JPEG of 96 px), if they have a photo.
#[cfg(any(windows, target_os = "linux", target_os = "macos"))]
fn thumb_of(
    state: &crate::state::AppState,
    person: kith_core::domain::PersonId,
) -> Option<Vec<u8>> {
    let (_, thumb) = state.store.photo_thumbs(&[person]).ok()?.pop()?;
    Some(thumb)
}

/// The face of the person a reminder is about, as the notification server
/// takes it (their thumbnail, decoded); none when they have no photo or the
/// reminder is about several people.
#[cfg(target_os = "linux")]
fn face(state: &crate::state::AppState, reminder: &Reminder) -> Option<notify_rust::Image> {
    let thumb = thumb_of(state, subject_of(reminder)?)?;
    let pixels = image::load_from_memory_with_format(&thumb, image::ImageFormat::Jpeg)
        .ok()?
        .to_rgb8();
    let (width, height) = (pixels.width() as i32, pixels.height() as i32);
    notify_rust::Image::from_rgb(width, height, pixels.into_raw()).ok()
}

/// The face of the person a reminder is about as a file beside the
/// database (`faces/ID.jpg`, their thumbnail), for toasts and macOS's
/// banners, which take an image only from a file; none when they have no
/// photo, or the database is encrypted (a face is not written out of it).
#[cfg(any(windows, target_os = "macos"))]
fn face_file(state: &crate::state::AppState, reminder: &Reminder) -> Option<std::path::PathBuf> {
    let person = subject_of(reminder)?;
    if state.store.is_encrypted().unwrap_or(true) {
        return None;
    }
    let folder = state.store.path()?.parent()?.join("faces");
    let file = folder.join(format!("{}.jpg", person.0));
    let Some(thumb) = thumb_of(state, person) else {
        // A photo taken away leaves no face behind.
        let _ = std::fs::remove_file(&file);
        return None;
    };
    std::fs::create_dir_all(&folder).ok()?;
    std::fs::write(&file, thumb).ok()?;
    Some(file)
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
fn act(shell: &impl Shell, shown: &Shown, action: Action) {
    match (action, shown.person, shown.follow_up) {
        (Action::Open, Some(person), _) => shell.open(Some(Route::Person(person))),
        (Action::Done, _, Some(id)) => {
            if let Err(error) = actions::complete(&shell.state(), FollowUpId(id)) {
                tracing::warn!(%error, "could not mark the follow-up done");
            }
            shell.reminders_changed();
        }
        (Action::Snooze, _, Some(id)) => {
            let state = shell.state();
            if let Err(error) = actions::snooze(&state, FollowUpId(id), chrono::Duration::days(1)) {
                tracing::warn!(%error, "could not snooze the follow-up");
            }
            shell.reminders_changed();
        }
        _ => shell.open(Some(Route::Today)),
    }
}

/// A notification on screen with buttons, as much of it as answering it
/// needs: what it says (to show it again), whom it is about and the
/// follow-up its Done and Snooze act on.
#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shown {
    /// The notification server's id (0 on Windows).
    pub id: u32,
    pub summary: String,
    pub body: String,
    pub person: Option<i64>,
    pub follow_up: Option<i64>,
}

#[cfg(any(windows, all(unix, not(target_os = "macos"))))]
impl Shown {
    fn of(reminder: &Reminder, summary: &str, body: &str) -> Self {
        let single = match reminder {
            Reminder::Single(r) => Some(r),
            Reminder::Summary(_) | Reminder::Plan { .. } => None,
        };
        Self {
            id: 0,
            summary: summary.to_owned(),
            body: body.to_owned(),
            person: single.map(|r| r.person.0),
            follow_up: single.and_then(|r| match r.subject {
                Subject::FollowUp(id) => Some(id.0),
                Subject::KeepInTouch { .. } | Subject::Date { .. } => None,
            }),
        }
    }

    fn actions(&self) -> &'static [Action] {
        if self.follow_up.is_some() {
            Action::FOLLOW_UP
        } else {
            Action::OTHER
        }
    }
}

/// The notifications on screen whose answer this process awaits.
#[cfg(all(unix, not(target_os = "macos")))]
static SHOWN: std::sync::Mutex<Vec<Shown>> = std::sync::Mutex::new(Vec::new());
/// Those the image before this one showed, to take over
/// ([`DesktopNotifier::take_over`]).
#[cfg(all(unix, not(target_os = "macos")))]
static HANDED: std::sync::Mutex<Vec<Shown>> = std::sync::Mutex::new(Vec::new());

#[cfg(all(unix, not(target_os = "macos")))]
fn shown_list() -> std::sync::MutexGuard<'static, Vec<Shown>> {
    SHOWN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Awaits the answer to a notification on a thread of its own (waiting
/// blocks until it closes), listing it as on screen meanwhile.
#[cfg(all(unix, not(target_os = "macos")))]
fn await_answer<S: Shell>(shell: &S, handle: notify_rust::NotificationHandle, mut shown: Shown) {
    shown.id = handle.id();
    shown_list().push(shown.clone());
    let shell = shell.clone();
    std::thread::spawn(move || {
        handle.wait_for_action(|id| {
            // Answered: the server closes it, nothing is left to close.
            shown_list().retain(|s| s.id != shown.id);
            if let Some(action) = Action::parse(id) {
                act(&shell, &shown, action);
            }
        });
        shown_list().retain(|s| s.id != shown.id);
    });
}

/// Whether a notification still asks for something: its follow-up is open
/// and due (not done, dropped, snoozed or moved on to its next time).
#[cfg(all(unix, not(target_os = "macos")))]
fn still_due(shell: &impl Shell, shown: &Shown) -> bool {
    due(&shell.state(), shown)
}

#[cfg(all(unix, not(target_os = "macos")))]
fn due(state: &crate::AppState, shown: &Shown) -> bool {
    let Some(id) = shown.follow_up else {
        return true;
    };
    state.store.follow_up(FollowUpId(id)).is_ok_and(|f| {
        f.status == kith_core::domain::FollowUpStatus::Open
            && f.due_at <= kith_core::Clock::now(&*state.clock)
    })
}

/// Closes the notifications on screen whose follow-up was done, dropped or
/// snoozed elsewhere (the window, the tray, another computer through
/// sync), so no button is left that means nothing; called whenever
/// reminders change. On a thread of its own: D-Bus calls block.
pub fn close_settled(state: &crate::AppState) {
    #[cfg(target_os = "linux")]
    {
        let candidates: Vec<Shown> = shown_list()
            .iter()
            .filter(|s| s.follow_up.is_some())
            .cloned()
            .collect();
        if candidates.is_empty() {
            return;
        }
        let state = state.clone();
        std::thread::spawn(move || {
            let settled: Vec<u32> = candidates
                .iter()
                .filter(|s| !due(&state, s))
                .map(|s| s.id)
                .collect();
            if settled.is_empty() {
                return;
            }
            let connection = match zbus::blocking::Connection::session() {
                Ok(connection) => connection,
                Err(error) => {
                    tracing::debug!(%error, "no session bus to close notifications on");
                    return;
                }
            };
            for id in settled {
                let closed = connection.call_method(
                    Some("org.freedesktop.Notifications"),
                    "/org/freedesktop/Notifications",
                    Some("org.freedesktop.Notifications"),
                    "CloseNotification",
                    &(id,),
                );
                match closed {
                    Ok(_) => tracing::info!(id, "closed a notification settled elsewhere"),
                    Err(error) => tracing::debug!(%error, id, "could not close a notification"),
                }
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = state;
}

/// What to pass to the next image: the notifications on screen whose
/// answer this one awaits, as JSON (`None` when there are none).
#[cfg(all(unix, not(target_os = "macos")))]
pub fn pass_on() -> Option<String> {
    let shown = shown_list();
    (!shown.is_empty())
        .then(|| serde_json::to_string(&*shown).ok())
        .flatten()
}

/// Keeps what the image before this one passed on ([`pass_on`]) until the
/// notifier takes it over; anything unreadable is dropped.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn receive(passed: &str) {
    let shown: Vec<Shown> = serde_json::from_str(passed).unwrap_or_default();
    *HANDED.lock().unwrap_or_else(|e| e.into_inner()) = shown;
}

impl<S: Shell> DesktopNotifier<S> {
    /// Takes over the notifications the image before this one showed: the
    /// server sends a notification's answer to the connection that showed
    /// it, which ended with that image, so each is shown again in place
    /// (the same id) from this one and its answer awaited here.
    pub fn take_over(&self) {
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let handed = std::mem::take(&mut *HANDED.lock().unwrap_or_else(|e| e.into_inner()));
            if handed.is_empty() {
                return;
            }
            // D-Bus calls block: off the caller's thread (a runtime's, or
            // the window's).
            let shell = self.shell.clone();
            std::thread::spawn(move || {
                for shown in handed {
                    let mut notification = notify_rust::Notification::new();
                    notification
                        .id(shown.id)
                        .appname("Kith")
                        .summary(&shown.summary)
                        .body(&shown.body)
                        .icon(ICON);
                    for action in shown.actions() {
                        notification.action(action.id(), action.label());
                    }
                    match notification.show() {
                        // Done or snoozed meanwhile (in the window, the
                        // tray or on another computer): it goes.
                        Ok(handle) if !still_due(&shell, &shown) => handle.close(),
                        Ok(handle) => {
                            tracing::info!(id = shown.id, "took over a notification");
                            await_answer(&shell, handle, shown);
                        }
                        Err(error) => {
                            tracing::warn!(%error, "could not take over a notification")
                        }
                    }
                }
            });
        }
    }
}

#[cfg(all(test, unix, not(target_os = "macos")))]
mod tests {
    use super::*;

    #[test]
    fn what_is_on_screen_is_passed_to_the_next_image_and_read_back() {
        assert_eq!(pass_on(), None, "nothing on screen, nothing passed");
        let shown = Shown {
            id: 41,
            summary: "Follow up with Zoë \"Z\" Ødegård".into(),
            body: "Ask about the patent\nand the trip".into(),
            person: Some(7),
            follow_up: Some(12),
        };
        shown_list().push(shown.clone());
        let passed = pass_on().expect("one on screen");
        shown_list().clear();
        receive(&passed);
        let handed = std::mem::take(&mut *HANDED.lock().unwrap());
        assert_eq!(handed, vec![shown]);
        assert_eq!(handed[0].actions(), Action::FOLLOW_UP);
        // Anything unreadable is dropped, never half-read.
        receive("[{\"id\": \"not a number\"}]");
        assert!(HANDED.lock().unwrap().is_empty());
    }
}
