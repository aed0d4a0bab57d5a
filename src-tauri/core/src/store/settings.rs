//! User settings that the core acts on, stored in the database so the
//! scheduler, the window and the command line see the same values.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{from_secs, to_secs, Result, Store};

/// The settings the core reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Whether due follow-ups raise notifications at all.
    pub reminders_enabled: bool,
    /// Reminders are held back until this instant ("Pause for 1 hour").
    pub paused_until: Option<DateTime<Utc>>,
    /// Whether the first-run welcome was completed or dismissed.
    pub onboarded: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            reminders_enabled: true,
            paused_until: None,
            onboarded: false,
        }
    }
}

impl Settings {
    /// Whether reminders may be shown at `now`.
    pub fn reminders_active(&self, now: DateTime<Utc>) -> bool {
        self.reminders_enabled && self.paused_until.is_none_or(|until| until <= now)
    }
}

const REMINDERS_ENABLED: &str = "reminders_enabled";
const PAUSED_UNTIL: &str = "reminders_paused_until";
const ONBOARDED: &str = "onboarded";

impl Store {
    /// The current settings (defaults for anything never set).
    pub fn settings(&self) -> Result<Settings> {
        self.read(|conn| {
            let get = |key: &str| -> Result<Option<String>> {
                Ok(conn
                    .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                        r.get(0)
                    })
                    .optional()?)
            };
            let defaults = Settings::default();
            Ok(Settings {
                reminders_enabled: get(REMINDERS_ENABLED)?
                    .map_or(defaults.reminders_enabled, |v| v == "1"),
                paused_until: get(PAUSED_UNTIL)?
                    .and_then(|v| v.parse::<i64>().ok())
                    .map(from_secs),
                onboarded: get(ONBOARDED)?.map_or(defaults.onboarded, |v| v == "1"),
            })
        })
    }

    /// Saves all settings at once.
    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.write(|tx| {
            let mut put = tx.prepare_cached(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?;
            let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
            put.execute(params![REMINDERS_ENABLED, flag(settings.reminders_enabled)])?;
            put.execute(params![ONBOARDED, flag(settings.onboarded)])?;
            match settings.paused_until {
                Some(until) => {
                    put.execute(params![PAUSED_UNTIL, to_secs(until).to_string()])?;
                }
                None => {
                    tx.execute("DELETE FROM setting WHERE key = ?1", [PAUSED_UNTIL])?;
                }
            }
            Ok(())
        })
    }

    /// Holds reminders back until `until` (`None` resumes them now).
    pub fn pause_reminders(&self, until: Option<DateTime<Utc>>) -> Result<Settings> {
        let settings = Settings {
            paused_until: until,
            ..self.settings()?
        };
        self.save_settings(&settings)?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;

    #[test]
    fn settings_default_then_round_trip() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        let changed = Settings {
            reminders_enabled: false,
            paused_until: Some(t0()),
            onboarded: true,
        };
        store.save_settings(&changed).unwrap();
        assert_eq!(store.settings().unwrap(), changed);
        let resumed = store.pause_reminders(None).unwrap();
        assert_eq!(resumed.paused_until, None);
        assert_eq!(store.settings().unwrap().paused_until, None);
    }

    #[test]
    fn a_pause_holds_reminders_until_it_ends() {
        let settings = Settings {
            paused_until: Some(t0()),
            ..Settings::default()
        };
        assert!(!settings.reminders_active(t0() - chrono::Duration::seconds(1)));
        assert!(settings.reminders_active(t0()));
    }
}
