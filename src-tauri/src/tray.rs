//! The tray icon and its menu: how many follow-ups are due, the first few
//! of them, and Open, Quick log, Pause reminders and Quit.

use chrono::Duration;
use kith_core::agenda::Agenda;
use kith_core::Clock;
use kith_ipc::TrayStatus;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::state::AppState;
use crate::window::{self, Route};

const TRAY_ID: &str = "kith";
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
    fn id(self) -> String {
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

    fn parse(id: &str) -> Option<Self> {
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

/// Whether this system can show a tray icon. On Linux the tray needs
/// libayatana-appindicator (or the older libappindicator) at run time; without
/// it creating the tray would panic inside the event loop, so we check first.
pub fn available() -> bool {
    #[cfg(target_os = "linux")]
    {
        ["libayatana-appindicator3.so.1", "libappindicator3.so.1"]
            .iter()
            .any(|name| {
                // SAFETY: loading a system library runs its initialisers;
                // these are the libraries the tray would load anyway.
                unsafe { libloading::Library::new(name) }.is_ok()
            })
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

/// Creates the tray icon, or says why there is none.
pub fn create(app: &AppHandle) -> TrayStatus {
    if !available() {
        tracing::warn!(
            "no system tray: libayatana-appindicator3 is not installed; Kith quits when its window closes"
        );
        return TrayStatus::Unavailable;
    }
    let snapshot = Snapshot::read(&app.state::<AppState>());
    let menu = match menu(app, &snapshot) {
        Ok(menu) => menu,
        Err(error) => {
            tracing::warn!(%error, "could not build the tray menu");
            return TrayStatus::Unavailable;
        }
    };
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Kith")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    match builder.build(app) {
        Ok(_) => TrayStatus::Available,
        Err(error) => {
            tracing::warn!(%error, "could not create the tray icon");
            TrayStatus::Unavailable
        }
    }
}

/// Rebuilds the menu from what is due now: the store is read on the
/// blocking pool, never on the thread that asked (often the UI thread).
pub fn refresh(app: &AppHandle) {
    if app.tray_by_id(TRAY_ID).is_none() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let snapshot = Snapshot::read(&app.state::<AppState>());
        let Some(tray) = app.tray_by_id(TRAY_ID) else {
            return;
        };
        match menu(&app, &snapshot) {
            Ok(menu) => {
                if let Err(error) = tray.set_menu(Some(menu)) {
                    tracing::warn!(%error, "could not update the tray menu");
                }
            }
            Err(error) => tracing::warn!(%error, "could not build the tray menu"),
        }
    });
}

/// What the menu shows, read from the store (off the UI thread).
struct Snapshot {
    agenda: Agenda,
    /// The local time a pause ends, `HH:MM`.
    paused_until: Option<String>,
    /// Today's plan once picked: (people, done).
    plan: Option<(u32, u32)>,
}

impl Snapshot {
    fn read(state: &AppState) -> Self {
        let now = state.clock.now();
        let zone = state.clock.zone();
        let (agenda, paused_until) = match (state.store.agenda(now, zone), state.store.settings()) {
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
        let plan = state.store.plan_summary(now, zone).unwrap_or_else(|error| {
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

fn menu(app: &AppHandle, snapshot: &Snapshot) -> tauri::Result<Menu<Wry>> {
    let due: Vec<&kith_core::FollowUp> = snapshot.agenda.due().collect();
    let keep_in_touch = &snapshot.agenda.keep_in_touch;
    let paused = snapshot.paused_until.as_deref();
    let menu = Menu::new(app)?;
    // Today's plan first.
    if let Some((planned, done)) = snapshot.plan {
        let people = if planned == 1 { "person" } else { "people" };
        let label = if done == 0 {
            format!("Today's plan: {planned} {people}")
        } else {
            format!("Today's plan: {done} of {planned} {people} done")
        };
        menu.append(&MenuItem::with_id(
            app,
            TrayItem::Plan.id(),
            label,
            true,
            None::<&str>,
        )?)?;
    }
    let headline = match (due.len(), keep_in_touch.len()) {
        (0, 0) => "Nothing due today".to_owned(),
        (1, 0) => "1 follow-up due".to_owned(),
        (n, 0) => format!("{n} follow-ups due"),
        (0, k) => format!("{k} to keep in touch with"),
        (n, k) => format!("{n} follow-ups due, {k} to keep in touch with"),
    };
    menu.append(&MenuItem::with_id(
        app,
        "headline",
        headline,
        false,
        None::<&str>,
    )?)?;
    for follow_up in due.iter().take(LISTED) {
        let label = shorten(
            &format!("{} — {}", follow_up.person_name, follow_up.what),
            60,
        );
        let action = |item: TrayItem, label: &str| {
            MenuItem::with_id(app, item.id(), label, true, None::<&str>)
        };
        let id = follow_up.id.0;
        let open = action(
            TrayItem::OpenPerson {
                person: follow_up.person.0,
            },
            &format!("Open {}", shorten(&follow_up.person_name, 40)),
        )?;
        let done = action(TrayItem::Done { follow_up: id }, "Done")?;
        let snooze = action(TrayItem::Snooze { follow_up: id }, "Snooze 1 day")?;
        menu.append(&Submenu::with_items(
            app,
            label,
            true,
            &[&open, &done, &snooze],
        )?)?;
    }
    for keep in keep_in_touch.iter().take(LISTED.saturating_sub(due.len())) {
        let label = shorten(&format!("Keep in touch with {}", keep.person_name), 60);
        let open = TrayItem::OpenPerson {
            person: keep.person.0,
        };
        menu.append(&MenuItem::with_id(
            app,
            open.id(),
            label,
            true,
            None::<&str>,
        )?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    let item = |which: TrayItem, label: &str| {
        MenuItem::with_id(app, which.id(), label, true, None::<&str>)
    };
    menu.append(&item(TrayItem::Open, "Open Kith")?)?;
    menu.append(&item(TrayItem::QuickLog, "Quick log…")?)?;
    match paused {
        Some(local) => {
            menu.append(&item(
                TrayItem::Resume,
                &format!("Resume reminders (paused until {local})"),
            )?)?;
        }
        None => {
            menu.append(&item(TrayItem::PauseHour, "Pause reminders for 1 hour")?)?;
            menu.append(&item(
                TrayItem::PauseUntilMorning,
                "Pause reminders until tomorrow",
            )?)?;
        }
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&item(TrayItem::Quit, "Quit Kith")?)?;
    Ok(menu)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

fn on_menu(app: &AppHandle, id: &str) {
    let Some(item) = TrayItem::parse(id) else {
        return;
    };
    match item {
        TrayItem::Open => window::open(app, None),
        TrayItem::Plan => window::open(app, Some(Route::Today)),
        TrayItem::QuickLog => window::open(app, Some(Route::QuickLog)),
        TrayItem::OpenPerson { person } => window::open(app, Some(Route::Person(person))),
        TrayItem::PauseHour | TrayItem::PauseUntilMorning | TrayItem::Resume => {
            let state = app.state::<AppState>().inner().clone();
            let app = app.clone();
            // Database work leaves the UI thread.
            tauri::async_runtime::spawn_blocking(move || {
                let now = state.clock.now();
                let zone = state.clock.zone();
                let result = state.store.update_settings(|s| {
                    s.paused_until = match item {
                        TrayItem::PauseHour => Some(now + Duration::hours(1)),
                        TrayItem::PauseUntilMorning => Some(s.next_morning(now, zone)),
                        _ => None,
                    };
                    Ok(())
                });
                if let Err(error) = result {
                    tracing::warn!(%error, "could not change the reminder pause");
                }
                crate::reactions::follow_ups_changed(&app);
            });
        }
        TrayItem::Done { follow_up } | TrayItem::Snooze { follow_up } => {
            let state = app.state::<AppState>().inner().clone();
            let app = app.clone();
            // Database work leaves the UI thread.
            tauri::async_runtime::spawn_blocking(move || {
                let id = kith_core::FollowUpId(follow_up);
                let result = match item {
                    TrayItem::Done { .. } => crate::reactions::complete(&state, id),
                    _ => crate::reactions::snooze(&state, id, Duration::days(1)),
                };
                if let Err(error) = result {
                    tracing::warn!(%error, "could not act on the follow-up from the tray");
                }
                crate::reactions::reminders_changed(&app);
            });
        }
        TrayItem::Quit => app.exit(0),
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
    fn long_labels_are_shortened() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("a very long label", 8), "a very …");
    }
}
