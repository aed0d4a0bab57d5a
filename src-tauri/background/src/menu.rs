//! The tray menu, whichever tray draws it (Tauri's in the desktop app, the
//! resident's over D-Bus): how many follow-ups are due, the first few of
//! them, and Open, Quick log, Pause reminders and Quit; and what a choice
//! does to the store.

use chrono::Duration;
use kith_core::agenda::Agenda;
use kith_core::{Clock, Store};

use crate::state::AppState;

/// How many due follow-ups the menu lists by name.
const LISTED: usize = 5;

/// The tray menu's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayItem {
    Open,
    /// "Today's plan: 5 people", opening Today.
    Plan,
    QuickLog,
    PauseHour,
    PauseUntilMorning,
    Resume,
    Quit,
    OpenPerson {
        person: i64,
    },
    Done {
        follow_up: i64,
    },
    Snooze {
        follow_up: i64,
    },
}

impl TrayItem {
    pub fn id(self) -> String {
        match self {
            TrayItem::Open => "open".into(),
            TrayItem::Plan => "plan".into(),
            TrayItem::QuickLog => "quick-log".into(),
            TrayItem::PauseHour => "pause-hour".into(),
            TrayItem::PauseUntilMorning => "pause-morning".into(),
            TrayItem::Resume => "resume".into(),
            TrayItem::Quit => "quit".into(),
            TrayItem::OpenPerson { person } => format!("person:{person}"),
            TrayItem::Done { follow_up } => format!("done:{follow_up}"),
            TrayItem::Snooze { follow_up } => format!("snooze:{follow_up}"),
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        let number = |prefix: &str| id.strip_prefix(prefix)?.parse::<i64>().ok();
        Some(match id {
            "open" => TrayItem::Open,
            "plan" => TrayItem::Plan,
            "quick-log" => TrayItem::QuickLog,
            "pause-hour" => TrayItem::PauseHour,
            "pause-morning" => TrayItem::PauseUntilMorning,
            "resume" => TrayItem::Resume,
            "quit" => TrayItem::Quit,
            _ => {
                if let Some(person) = number("person:") {
                    TrayItem::OpenPerson { person }
                } else if let Some(follow_up) = number("done:") {
                    TrayItem::Done { follow_up }
                } else {
                    TrayItem::Snooze {
                        follow_up: number("snooze:")?,
                    }
                }
            }
        })
    }
}

/// What the menu shows, read from the store (off the UI thread).
pub struct Snapshot {
    agenda: Agenda,
    /// The local time a pause ends, `HH:MM`.
    paused_until: Option<String>,
    /// Today's plan once picked: (people, done).
    plan: Option<(u32, u32)>,
}

impl Snapshot {
    pub fn read(store: &Store, clock: &impl Clock) -> Self {
        let now = clock.now();
        let zone = clock.zone();
        let (agenda, paused_until) = match (store.agenda(now, zone), store.settings()) {
            (Ok(agenda), Ok(settings)) => (
                agenda,
                settings
                    .paused_until
                    .filter(|until| *until > now)
                    .map(|until| until.with_timezone(&zone).format("%H:%M").to_string()),
            ),
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "could not read what is due for the tray");
                (Agenda::default(), None)
            }
        };
        // The menu only reads the plan, once the window or the morning
        // notification has picked it.
        let plan = store.plan_summary(now, zone).unwrap_or_else(|error| {
            tracing::warn!(%error, "could not read today's plan for the tray");
            None
        });
        Self {
            agenda,
            paused_until,
            plan,
        }
    }
}

/// One line of the tray menu, whichever tray draws it (Tauri's, or the
/// resident process's on Linux).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Text that cannot be chosen (the headline).
    Label(String),
    Item(TrayItem, String),
    Submenu(String, Vec<(TrayItem, String)>),
    Separator,
}

/// The menu's lines: today's plan, what is due (the first few by name, each
/// with Open, Done and Snooze), then Open, Quick log, the pause and Quit.
pub fn entries(snapshot: &Snapshot) -> Vec<Entry> {
    let due: Vec<&kith_core::FollowUp> = snapshot.agenda.due().collect();
    let keep_in_touch = &snapshot.agenda.keep_in_touch;
    let mut menu = Vec::new();
    if let Some((planned, done)) = snapshot.plan {
        let people = if planned == 1 { "person" } else { "people" };
        let label = if done == 0 {
            format!("Today's plan: {planned} {people}")
        } else {
            format!("Today's plan: {done} of {planned} {people} done")
        };
        menu.push(Entry::Item(TrayItem::Plan, label));
    }
    let headline = match (due.len(), keep_in_touch.len()) {
        (0, 0) => "Nothing due today".to_owned(),
        (1, 0) => "1 follow-up due".to_owned(),
        (n, 0) => format!("{n} follow-ups due"),
        (0, k) => format!("{k} to keep in touch with"),
        (n, k) => format!("{n} follow-ups due, {k} to keep in touch with"),
    };
    menu.push(Entry::Label(headline));
    for follow_up in due.iter().take(LISTED) {
        let id = follow_up.id.0;
        menu.push(Entry::Submenu(
            shorten(
                &format!("{} — {}", follow_up.person_name, follow_up.what),
                60,
            ),
            vec![
                (
                    TrayItem::OpenPerson {
                        person: follow_up.person.0,
                    },
                    format!("Open {}", shorten(&follow_up.person_name, 40)),
                ),
                (TrayItem::Done { follow_up: id }, "Done".to_owned()),
                (
                    TrayItem::Snooze { follow_up: id },
                    "Snooze 1 day".to_owned(),
                ),
            ],
        ));
    }
    for keep in keep_in_touch.iter().take(LISTED.saturating_sub(due.len())) {
        menu.push(Entry::Item(
            TrayItem::OpenPerson {
                person: keep.person.0,
            },
            shorten(&format!("Keep in touch with {}", keep.person_name), 60),
        ));
    }
    menu.push(Entry::Separator);
    menu.push(Entry::Item(TrayItem::Open, "Open Kith".to_owned()));
    menu.push(Entry::Item(TrayItem::QuickLog, "Quick log…".to_owned()));
    match snapshot.paused_until.as_deref() {
        Some(local) => menu.push(Entry::Item(
            TrayItem::Resume,
            format!("Resume reminders (paused until {local})"),
        )),
        None => {
            menu.push(Entry::Item(
                TrayItem::PauseHour,
                "Pause reminders for 1 hour".to_owned(),
            ));
            menu.push(Entry::Item(
                TrayItem::PauseUntilMorning,
                "Pause reminders until tomorrow".to_owned(),
            ));
        }
    }
    menu.push(Entry::Separator);
    menu.push(Entry::Item(TrayItem::Quit, "Quit Kith".to_owned()));
    menu
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

/// What a tray item does to the store: pause or resume reminders, or mark
/// a follow-up done or snoozed; the scheduler is woken. Items that open
/// the window or quit are the caller's.
pub fn act(state: &AppState, item: TrayItem) {
    let now = state.clock.now();
    let zone = state.clock.zone();
    let result = match item {
        TrayItem::PauseHour | TrayItem::PauseUntilMorning | TrayItem::Resume => state
            .store
            .update_settings(|s| {
                s.paused_until = match item {
                    TrayItem::PauseHour => Some(now + Duration::hours(1)),
                    TrayItem::PauseUntilMorning => Some(s.next_morning(now, zone)),
                    _ => None,
                };
                Ok(())
            })
            .map(|_| state.scheduler.reschedule()),
        TrayItem::Done { follow_up } => {
            crate::actions::complete(state, kith_core::FollowUpId(follow_up)).map(drop)
        }
        TrayItem::Snooze { follow_up } => {
            crate::actions::snooze(state, kith_core::FollowUpId(follow_up), Duration::days(1))
                .map(drop)
        }
        TrayItem::Open
        | TrayItem::Plan
        | TrayItem::QuickLog
        | TrayItem::OpenPerson { .. }
        | TrayItem::Quit => return,
    };
    if let Err(error) = result {
        tracing::warn!(%error, ?item, "could not act on the tray's choice");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tray_item_ids_round_trip() {
        for item in [
            TrayItem::Open,
            TrayItem::Plan,
            TrayItem::QuickLog,
            TrayItem::PauseHour,
            TrayItem::PauseUntilMorning,
            TrayItem::Resume,
            TrayItem::Quit,
            TrayItem::OpenPerson { person: 42 },
            TrayItem::Done { follow_up: 7 },
            TrayItem::Snooze { follow_up: 7 },
        ] {
            assert_eq!(TrayItem::parse(&item.id()), Some(item));
        }
        assert_eq!(TrayItem::parse("headline"), None);
        assert_eq!(TrayItem::parse("person:x"), None);
        assert_eq!(TrayItem::parse("done:"), None);
    }

    #[test]
    fn the_menu_ends_with_open_quick_log_the_pause_and_quit() {
        let idle = Snapshot {
            agenda: Agenda::default(),
            paused_until: None,
            plan: Some((5, 2)),
        };
        let item = |which, text: &str| Entry::Item(which, text.to_owned());
        assert_eq!(
            entries(&idle),
            vec![
                item(TrayItem::Plan, "Today's plan: 2 of 5 people done"),
                Entry::Label("Nothing due today".into()),
                Entry::Separator,
                item(TrayItem::Open, "Open Kith"),
                item(TrayItem::QuickLog, "Quick log…"),
                item(TrayItem::PauseHour, "Pause reminders for 1 hour"),
                item(
                    TrayItem::PauseUntilMorning,
                    "Pause reminders until tomorrow"
                ),
                Entry::Separator,
                item(TrayItem::Quit, "Quit Kith"),
            ]
        );
        let paused = Snapshot {
            paused_until: Some("14:30".into()),
            plan: None,
            ..idle
        };
        let menu = entries(&paused);
        assert!(menu.contains(&item(
            TrayItem::Resume,
            "Resume reminders (paused until 14:30)"
        )));
        assert!(!menu
            .iter()
            .any(|e| matches!(e, Entry::Item(TrayItem::PauseHour, _))));
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("a very long label", 8), "a very …");
    }
}
