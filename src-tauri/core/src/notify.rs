//! How reminders leave the core. The scheduler hands each claimed reminder
//! to a [`Notifier`]; the desktop shell's shows a native notification, tests
//! use `RecordingNotifier` (the `testing` feature).

#[cfg(any(test, feature = "testing"))]
use std::sync::Mutex;

use crate::dates::DateKind;
use crate::store::{ClaimedReminder, Subject};

/// What the user is reminded of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// One follow-up or keep-in-touch date is due.
    Single(ClaimedReminder),
    /// Several fell due at once (after sleep or with Kith closed); one
    /// notification says how many instead of a burst.
    Summary(Vec<ClaimedReminder>),
    /// The morning notification of today's plan: who is in it.
    Plan {
        reminder_id: crate::domain::ReminderId,
        names: Vec<String>,
    },
}

/// "Ada, Grace, Linus and 2 more".
fn name_list(names: &[&str]) -> String {
    let shown = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    match names.len().saturating_sub(3) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

impl Reminder {
    /// The notification's title.
    pub fn title(&self) -> String {
        match self {
            Reminder::Single(r) => match r.subject {
                Subject::FollowUp(_) => format!("Follow up with {}", r.person_name),
                Subject::KeepInTouch { .. } => format!("Keep in touch with {}", r.person_name),
                Subject::Date { kind, .. } => match kind {
                    DateKind::Birthday => format!("{}'s birthday", r.person_name),
                    DateKind::Anniversary => format!("{}'s anniversary", r.person_name),
                    DateKind::Named => format!("A date of {}'s", r.person_name),
                },
            },
            Reminder::Summary(all) if all.iter().all(|r| r.subject.is_follow_up()) => {
                format!("{} follow-ups are due", all.len())
            }
            Reminder::Summary(all) => format!("{} reminders are due", all.len()),
            Reminder::Plan { names, .. } if names.len() == 1 => "Today's plan: 1 person".to_owned(),
            Reminder::Plan { names, .. } => format!("Today's plan: {} people", names.len()),
        }
    }

    /// The notification's body: what to follow up on, or who.
    pub fn body(&self) -> String {
        match self {
            Reminder::Single(r) => r.what.clone(),
            Reminder::Summary(all) => {
                let mut names: Vec<&str> = Vec::new();
                for r in all {
                    if !names.contains(&r.person_name.as_str()) {
                        names.push(&r.person_name);
                    }
                }
                name_list(&names)
            }
            Reminder::Plan { names, .. } => {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                name_list(&names)
            }
        }
    }

    /// The reminder rows this notification settles once shown.
    pub fn reminder_ids(&self) -> Vec<crate::domain::ReminderId> {
        match self {
            Reminder::Plan { reminder_id, .. } => vec![*reminder_id],
            _ => self.occurrences().iter().map(|r| r.reminder_id).collect(),
        }
    }

    /// The claimed occurrences this reminder covers.
    pub fn occurrences(&self) -> &[ClaimedReminder] {
        match self {
            Reminder::Single(r) => std::slice::from_ref(r),
            Reminder::Summary(all) => all,
            Reminder::Plan { .. } => &[],
        }
    }
}

/// Why a notification could not be shown.
#[derive(Debug, thiserror::Error)]
#[error("could not show the notification: {0}")]
pub struct NotifyError(pub String);

/// Shows reminders to the user. Called off the async workers (it may block
/// on the platform's notification service).
pub trait Notifier: Send + Sync {
    fn show(&self, reminder: &Reminder) -> Result<(), NotifyError>;

    /// The database file was found damaged (`what`: SQLite's words); the
    /// store has stopped writing. Said once per damage.
    fn damaged(&self, what: &str);
}

/// Keeps every reminder it is given; for tests (the `testing` feature,
/// which the core's own tests turn on).
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Default)]
pub struct RecordingNotifier {
    shown: Mutex<Vec<Reminder>>,
    damage: Mutex<Vec<String>>,
}

#[cfg(any(test, feature = "testing"))]
impl RecordingNotifier {
    /// Everything shown so far.
    pub fn shown(&self) -> Vec<Reminder> {
        self.shown.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every damage report so far.
    pub fn damage(&self) -> Vec<String> {
        self.damage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

#[cfg(any(test, feature = "testing"))]
impl Notifier for RecordingNotifier {
    fn show(&self, reminder: &Reminder) -> Result<(), NotifyError> {
        self.shown
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(reminder.clone());
        Ok(())
    }

    fn damaged(&self, what: &str) {
        self.damage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(what.to_owned());
    }
}
