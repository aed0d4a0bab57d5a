//! User settings that the core acts on, stored in the database so the
//! scheduler, the window and the command line see the same values.

use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::phone_rows::{home_country, set_home_country};
use super::{from_secs, to_secs, Result, Store};

use crate::dates::{DateReminders, DaysBefore, MAX_DAYS_BEFORE};
use crate::domain::{Country, InputError};

/// A daily window, in the user's local time, in which no notification is
/// shown; what falls due inside it waits until it ends. `start` may be after
/// `end` (21:00–08:00 spans midnight). Equal times mean no quiet hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl QuietHours {
    /// 21:00 to 08:00.
    pub fn default_window() -> Self {
        Self {
            start: NaiveTime::from_hms_opt(21, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }

    /// Parses `HH:MM`.
    pub fn parse_time(text: &str) -> Option<NaiveTime> {
        NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
    }
}

/// The settings the core reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Whether due follow-ups raise notifications at all.
    pub reminders_enabled: bool,
    /// Reminders are held back until this instant ("Pause for 1 hour").
    pub paused_until: Option<DateTime<Utc>>,
    /// No notifications in this daily window (`None`: no quiet hours).
    pub quiet_hours: Option<QuietHours>,
    /// A reminder found more than this many hours after it was due (Kith
    /// was closed or asleep) is listed as missed instead of popping up.
    pub missed_after_hours: u32,
    /// Whether the first-run welcome was completed or dismissed.
    pub onboarded: bool,
    /// Touches per week the user aims for (the dashboard's goal line).
    pub weekly_goal: u32,
    /// Connections made within this many days wait in the welcome queue;
    /// older unacknowledged ones are candidates to reconnect with.
    pub welcome_days: u32,
    /// How many people today's plan holds.
    pub plan_size: u32,
    /// The local time of the morning notification of today's plan
    /// (`None`: no notification; the plan is still in Today and the tray).
    pub plan_time: Option<NaiveTime>,
    /// Where backups go (`None`: `backups/` beside the database).
    pub backup_dir: Option<std::path::PathBuf>,
    /// Whether sync also shows open follow-ups as events in a calendar of
    /// their own, for calendar apps that show no tasks.
    pub calendar_mirror: bool,
    /// Whether sync also puts today's plan in a task list of its own
    /// ("Kith — today") to work from a phone's task app.
    pub plan_on_phone: bool,
    /// How many days before a birthday, an anniversary and a named date
    /// their reminders come (0: on the day).
    pub days_before: DaysBefore,
    /// The country national phone numbers (`030 1234567`) are read as, so
    /// they match the same number written with its country code (`None`:
    /// never chosen; they keep their digits).
    pub home_country: Option<Country>,
}

impl Settings {
    /// When dates' reminders come: the days before each kind, at the
    /// morning time of today's plan (09:00 when that is off).
    pub fn date_reminders(&self) -> DateReminders {
        DateReminders {
            days_before: self.days_before,
            morning: self.plan_time.unwrap_or(DateReminders::default().morning),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            reminders_enabled: true,
            paused_until: None,
            quiet_hours: Some(QuietHours::default_window()),
            missed_after_hours: DEFAULT_MISSED_AFTER_HOURS,
            onboarded: false,
            weekly_goal: DEFAULT_WEEKLY_GOAL,
            welcome_days: DEFAULT_WELCOME_DAYS,
            plan_size: crate::plan::DEFAULT_PLAN_SIZE,
            plan_time: NaiveTime::from_hms_opt(9, 0, 0),
            backup_dir: None,
            calendar_mirror: false,
            plan_on_phone: false,
            days_before: DaysBefore::default(),
            home_country: None,
        }
    }
}

/// Stored phone numbers written without their country: how many, and how
/// many of them the home country placed (see [`Store::national_numbers`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NationalNumbers {
    pub total: u64,
    pub placed: u64,
}

/// How recent a connection must be to wait in the welcome queue.
pub const DEFAULT_WELCOME_DAYS: u32 = 30;
/// The longest welcome window accepted.
pub const MAX_WELCOME_DAYS: u32 = 365;

/// Touches per week aimed for until the user sets their own goal.
pub const DEFAULT_WEEKLY_GOAL: u32 = 10;
/// The largest weekly goal accepted.
pub const MAX_WEEKLY_GOAL: u32 = 1_000;

/// The default grace period before a late reminder counts as missed.
pub const DEFAULT_MISSED_AFTER_HOURS: u32 = 24;

/// A change to the settings as the window and the command line ask for
/// it (absent: unchanged), validated in one place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsChange {
    /// People in today's plan, 1 to [`crate::plan::MAX_PLAN_SIZE`].
    pub plan_size: Option<u32>,
    /// `HH:MM`, or `off` (or blank) for no morning notification.
    pub plan_time: Option<String>,
    /// 1 to [`MAX_WELCOME_DAYS`].
    pub welcome_days: Option<u32>,
    /// `HH:MM-HH:MM`, or `off`.
    pub quiet_hours: Option<String>,
    /// A whole path, or `default` for the folder beside the database.
    pub backup_dir: Option<std::path::PathBuf>,
    /// `on` or `off`.
    pub calendar_mirror: Option<String>,
    /// `on` or `off`.
    pub plan_on_phone: Option<String>,
    /// Days before a birthday its reminder comes, 0 to
    /// [`crate::dates::MAX_DAYS_BEFORE`]; likewise an anniversary's and a
    /// named date's.
    pub birthday_days_before: Option<u32>,
    pub anniversary_days_before: Option<u32>,
    pub date_days_before: Option<u32>,
    /// A country's two-letter code, or `none`.
    pub home_country: Option<String>,
}

impl SettingsChange {
    /// Applies the change to `settings`, or says what to change.
    pub fn apply(&self, settings: &mut Settings) -> std::result::Result<(), InputError> {
        let time = |text: &str| {
            QuietHours::parse_time(text).ok_or_else(|| InputError::BadTime(text.to_owned()))
        };
        if let Some(size) = self.plan_size {
            if !(1..=crate::plan::MAX_PLAN_SIZE).contains(&size) {
                return Err(InputError::BadPlanSize);
            }
            settings.plan_size = size;
        }
        if let Some(text) = self.plan_time.as_deref() {
            settings.plan_time = match text.trim() {
                "off" | "" => None,
                other => Some(time(other)?),
            };
        }
        if let Some(days) = self.welcome_days {
            if !(1..=MAX_WELCOME_DAYS).contains(&days) {
                return Err(InputError::BadWelcomeDays);
            }
            settings.welcome_days = days;
        }
        if let Some(text) = self.quiet_hours.as_deref() {
            settings.quiet_hours = match text.trim() {
                "off" => None,
                other => {
                    let (start, end) = other
                        .split_once('-')
                        .ok_or_else(|| InputError::BadTime(other.to_owned()))?;
                    Some(QuietHours {
                        start: time(start)?,
                        end: time(end)?,
                    })
                }
            };
        }
        if let Some(dir) = &self.backup_dir {
            settings.backup_dir = match dir.to_str() {
                Some("default") => None,
                _ if dir.is_relative() => {
                    return Err(InputError::BadBackupDir(dir.display().to_string()))
                }
                _ => Some(dir.clone()),
            };
        }
        for (change, days) in [
            (
                self.birthday_days_before,
                &mut settings.days_before.birthday,
            ),
            (
                self.anniversary_days_before,
                &mut settings.days_before.anniversary,
            ),
            (self.date_days_before, &mut settings.days_before.named),
        ] {
            if let Some(change) = change {
                if change > MAX_DAYS_BEFORE {
                    return Err(InputError::BadDaysBefore);
                }
                *days = change;
            }
        }
        if let Some(text) = self.calendar_mirror.as_deref() {
            settings.calendar_mirror = switch(text)?;
        }
        if let Some(text) = self.plan_on_phone.as_deref() {
            settings.plan_on_phone = switch(text)?;
        }
        if let Some(code) = self.home_country.as_deref() {
            settings.home_country = match code.trim() {
                "" | "none" => None,
                code => Some(Country::parse(code)?),
            };
        }
        Ok(())
    }
}

const REMINDERS_ENABLED: &str = "reminders_enabled";
const PAUSED_UNTIL: &str = "reminders_paused_until";
const ONBOARDED: &str = "onboarded";
const WEEKLY_GOAL: &str = "weekly_goal";
const QUIET_START: &str = "quiet_hours_start";
const QUIET_END: &str = "quiet_hours_end";
const QUIET_ENABLED: &str = "quiet_hours_enabled";
const MISSED_AFTER_HOURS: &str = "missed_after_hours";
const WELCOME_DAYS: &str = "welcome_days";
const PLAN_SIZE: &str = "plan_size";
const PLAN_TIME: &str = "plan_time";
const CALENDAR_MIRROR: &str = "sync_calendar_mirror";
const PLAN_ON_PHONE: &str = "sync_plan_on_phone";

/// `on` or `off`.
fn switch(text: &str) -> std::result::Result<bool, InputError> {
    match text.trim() {
        "on" => Ok(true),
        "off" => Ok(false),
        other => Err(InputError::BadSwitch(other.to_owned())),
    }
}
const BIRTHDAY_DAYS_BEFORE: &str = "birthday_days_before";
const ANNIVERSARY_DAYS_BEFORE: &str = "anniversary_days_before";
const DATE_DAYS_BEFORE: &str = "date_days_before";

/// Reads the settings (defaults for anything never set).
fn load(conn: &rusqlite::Connection) -> Result<Settings> {
    let get = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    };
    let defaults = Settings::default();
    Ok(Settings {
        reminders_enabled: get(REMINDERS_ENABLED)?.map_or(defaults.reminders_enabled, |v| v == "1"),
        paused_until: get(PAUSED_UNTIL)?
            .and_then(|v| v.parse::<i64>().ok())
            .map(from_secs),
        onboarded: get(ONBOARDED)?.map_or(defaults.onboarded, |v| v == "1"),
        weekly_goal: get(WEEKLY_GOAL)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.weekly_goal),
        missed_after_hours: get(MISSED_AFTER_HOURS)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.missed_after_hours),
        welcome_days: get(WELCOME_DAYS)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.welcome_days),
        plan_size: get(PLAN_SIZE)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.plan_size),
        plan_time: match get(PLAN_TIME)?.as_deref() {
            Some("off") => None,
            Some(text) => QuietHours::parse_time(text).or(defaults.plan_time),
            None => defaults.plan_time,
        },
        calendar_mirror: get(CALENDAR_MIRROR)?.map_or(defaults.calendar_mirror, |v| v == "1"),
        plan_on_phone: get(PLAN_ON_PHONE)?.map_or(defaults.plan_on_phone, |v| v == "1"),
        home_country: home_country(conn)?,
        days_before: {
            let days = |key| -> Result<u32> {
                Ok(get(key)?
                    .and_then(|v| v.parse::<u32>().ok())
                    .map_or(0, |d| d.min(MAX_DAYS_BEFORE)))
            };
            DaysBefore {
                birthday: days(BIRTHDAY_DAYS_BEFORE)?,
                anniversary: days(ANNIVERSARY_DAYS_BEFORE)?,
                named: days(DATE_DAYS_BEFORE)?,
            }
        },
        backup_dir: get(super::files::BACKUP_DIR_SETTING)?
            .filter(|v| !v.trim().is_empty())
            .map(std::path::PathBuf::from),
        quiet_hours: match get(QUIET_ENABLED)?.as_deref() {
            Some("0") => None,
            _ => {
                let window = QuietHours::default_window();
                let time = |key, fallback| -> Result<NaiveTime> {
                    Ok(get(key)?
                        .as_deref()
                        .and_then(QuietHours::parse_time)
                        .unwrap_or(fallback))
                };
                Some(QuietHours {
                    start: time(QUIET_START, window.start)?,
                    end: time(QUIET_END, window.end)?,
                })
            }
        },
    })
}

/// The setting a header's column mapping is kept under: its names (trimmed,
/// lower case) hashed, so any header fits a key.
fn columns_key(header: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for name in header {
        hash.update(name.trim().to_lowercase().as_bytes());
        hash.update([0x1f]);
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("csv-columns:{hex}")
}

/// Writes every setting. A new home country re-keys every stored phone
/// number in the same transaction.
fn save(tx: &rusqlite::Connection, settings: &Settings) -> Result<()> {
    if home_country(tx)? != settings.home_country {
        for person in set_home_country(tx, settings.home_country)? {
            super::search::reindex(tx, person)?;
        }
    }
    let mut put = tx.prepare_cached(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
    put.execute(params![REMINDERS_ENABLED, flag(settings.reminders_enabled)])?;
    put.execute(params![ONBOARDED, flag(settings.onboarded)])?;
    put.execute(params![
        WEEKLY_GOAL,
        settings.weekly_goal.clamp(1, MAX_WEEKLY_GOAL).to_string()
    ])?;
    put.execute(params![QUIET_ENABLED, flag(settings.quiet_hours.is_some())])?;
    put.execute(params![
        WELCOME_DAYS,
        settings.welcome_days.clamp(1, MAX_WELCOME_DAYS).to_string()
    ])?;
    put.execute(params![
        PLAN_SIZE,
        settings
            .plan_size
            .clamp(1, crate::plan::MAX_PLAN_SIZE)
            .to_string()
    ])?;
    let plan_time = settings
        .plan_time
        .map_or_else(|| "off".to_owned(), |t| t.format("%H:%M").to_string());
    put.execute(params![PLAN_TIME, plan_time])?;
    put.execute(params![CALENDAR_MIRROR, flag(settings.calendar_mirror)])?;
    put.execute(params![PLAN_ON_PHONE, flag(settings.plan_on_phone)])?;
    for (key, days) in [
        (BIRTHDAY_DAYS_BEFORE, settings.days_before.birthday),
        (ANNIVERSARY_DAYS_BEFORE, settings.days_before.anniversary),
        (DATE_DAYS_BEFORE, settings.days_before.named),
    ] {
        put.execute(params![key, days.min(MAX_DAYS_BEFORE).to_string()])?;
    }
    put.execute(params![
        MISSED_AFTER_HOURS,
        settings.missed_after_hours.to_string()
    ])?;
    if let Some(quiet) = settings.quiet_hours {
        put.execute(params![
            QUIET_START,
            quiet.start.format("%H:%M").to_string()
        ])?;
        put.execute(params![QUIET_END, quiet.end.format("%H:%M").to_string()])?;
    }
    match &settings.backup_dir {
        Some(dir) => {
            put.execute(params![
                super::files::BACKUP_DIR_SETTING,
                dir.to_string_lossy()
            ])?;
        }
        None => {
            tx.execute(
                "DELETE FROM setting WHERE key = ?1",
                [super::files::BACKUP_DIR_SETTING],
            )?;
        }
    }
    match settings.paused_until {
        Some(until) => {
            put.execute(params![PAUSED_UNTIL, to_secs(until).to_string()])?;
        }
        None => {
            tx.execute("DELETE FROM setting WHERE key = ?1", [PAUSED_UNTIL])?;
        }
    }
    Ok(())
}

impl Store {
    /// The column mapping last used for a CSV with this header (see
    /// [`Store::remember_columns`]).
    pub fn remembered_columns(&self, header: &[String]) -> Result<Option<String>> {
        let key = columns_key(header);
        self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .optional()?)
        })
    }

    /// Keeps the column mapping an import used for a CSV with this header,
    /// for the next file with the same header.
    pub fn remember_columns(&self, header: &[String], mapping: &str) -> Result<()> {
        let key = columns_key(header);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, mapping],
            )?;
            Ok(())
        })
    }

    /// How many stored phone numbers are written without their country,
    /// and how many of those the home country placed.
    pub fn national_numbers(&self) -> Result<NationalNumbers> {
        self.read(|conn| {
            let mut counts = NationalNumbers::default();
            let mut stmt =
                conn.prepare("SELECT value, normalized FROM identity WHERE kind = 'phone'")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let value: String = row.get(0)?;
                if crate::domain::is_national(&value) {
                    counts.total += 1;
                    counts.placed += u64::from(row.get::<_, String>(1)?.starts_with('+'));
                }
            }
            Ok(counts)
        })
    }

    /// The current settings (defaults for anything never set).
    pub fn settings(&self) -> Result<Settings> {
        self.read(load)
    }

    /// Changes settings in one transaction: `change` gets them as they
    /// are and may refuse; the result is saved and returned.
    pub fn update_settings(
        &self,
        change: impl FnOnce(&mut Settings) -> std::result::Result<(), crate::domain::InputError>,
    ) -> Result<Settings> {
        self.write(|tx| {
            let mut settings = load(tx)?;
            change(&mut settings)?;
            save(tx, &settings)?;
            Ok(settings)
        })
    }

    /// Saves all settings at once.
    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.write(|tx| save(tx, settings))
    }

    /// Holds reminders back until `until` (`None` resumes them now).
    pub fn pause_reminders(&self, until: Option<DateTime<Utc>>) -> Result<Settings> {
        self.update_settings(|s| {
            s.paused_until = until;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::t0;

    /// An absolute folder on the platform the tests run on.
    const SYNC_DIR: &str = if cfg!(windows) {
        r"D:\sync"
    } else {
        "/media/sync"
    };

    #[test]
    fn a_change_is_validated_as_a_whole() {
        let mut settings = Settings::default();
        let change = SettingsChange {
            plan_size: Some(3),
            plan_time: Some("off".into()),
            welcome_days: Some(14),
            quiet_hours: Some("22:30-07:00".into()),
            backup_dir: Some(SYNC_DIR.into()),
            calendar_mirror: Some("on".into()),
            plan_on_phone: Some("on".into()),
            birthday_days_before: Some(3),
            anniversary_days_before: Some(0),
            date_days_before: Some(7),
            home_country: Some("se".into()),
        };
        change.apply(&mut settings).unwrap();
        assert_eq!(settings.home_country.unwrap().code(), "SE");
        assert_eq!(settings.days_before.birthday, 3);
        assert_eq!(settings.days_before.named, 7);
        assert!(settings.calendar_mirror);
        assert!(settings.plan_on_phone);
        assert_eq!(settings.plan_size, 3);
        assert_eq!(settings.plan_time, None);
        assert_eq!(settings.welcome_days, 14);
        assert_eq!(settings.quiet_hours.unwrap().start.to_string(), "22:30:00");
        assert_eq!(
            settings.backup_dir.as_deref(),
            Some(std::path::Path::new(SYNC_DIR))
        );
        for bad in [
            SettingsChange {
                plan_size: Some(11),
                ..Default::default()
            },
            SettingsChange {
                welcome_days: Some(0),
                ..Default::default()
            },
            SettingsChange {
                plan_time: Some("7 o'clock".into()),
                ..Default::default()
            },
            SettingsChange {
                quiet_hours: Some("22:00".into()),
                ..Default::default()
            },
            SettingsChange {
                backup_dir: Some("relative".into()),
                ..Default::default()
            },
            SettingsChange {
                calendar_mirror: Some("yes".into()),
                ..Default::default()
            },
            SettingsChange {
                plan_on_phone: Some("1".into()),
                ..Default::default()
            },
        ] {
            assert!(bad.apply(&mut settings.clone()).is_err(), "{bad:?}");
        }
    }

    fn phone_keys(store: &Store, person: crate::domain::PersonId) -> Vec<String> {
        store
            .person(person)
            .unwrap()
            .identities
            .into_iter()
            .map(|i| i.normalized)
            .collect()
    }

    #[test]
    fn a_new_home_country_re_keys_every_stored_number_in_one_go() {
        use crate::domain::{Identity, IdentityKind, PersonDraft};
        let store = Store::open_in_memory().unwrap();
        let phone = |v| Identity::new(IdentityKind::Phone, v).unwrap();
        let ines = store
            .create_person(
                &PersonDraft::named("Ines Berg")
                    .unwrap()
                    .with_identity(phone("030 1234567"))
                    .with_identity(phone("+49 30 1234567"))
                    .with_identity(phone("020 7946 0000")),
                t0(),
            )
            .unwrap();
        assert_eq!(
            phone_keys(&store, ines),
            ["0301234567", "+49301234567", "02079460000"]
        );
        let set = |code: &str| {
            let change = SettingsChange {
                home_country: Some(code.to_owned()),
                ..Default::default()
            };
            store.update_settings(|s| change.apply(s)).unwrap()
        };
        assert_eq!(set("de").home_country, Some(Country::parse("DE").unwrap()));
        // The two ways of writing one number are one now; the London
        // number is no German one and keeps its digits.
        assert_eq!(phone_keys(&store, ines), ["+49301234567", "02079460000"]);
        assert_eq!(
            store.national_numbers().unwrap(),
            NationalNumbers {
                total: 1,
                placed: 0
            }
        );
        set("GB");
        assert_eq!(phone_keys(&store, ines), ["+49301234567", "+442079460000"]);
        assert_eq!(store.national_numbers().unwrap().placed, 1);
        // A number typed in later is keyed in the home country.
        let lee = store
            .create_person(
                &PersonDraft::named("Lee Chan")
                    .unwrap()
                    .with_identity(phone("07400 123456")),
                t0(),
            )
            .unwrap();
        assert_eq!(phone_keys(&store, lee), ["+447400123456"]);
        assert_eq!(set("none").home_country, None);
        assert_eq!(phone_keys(&store, lee), ["07400123456"]);
        assert!(SettingsChange {
            home_country: Some("Germany".into()),
            ..Default::default()
        }
        .apply(&mut Settings::default())
        .is_err());
    }

    #[test]
    fn settings_default_then_round_trip() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        let changed = Settings {
            reminders_enabled: false,
            paused_until: Some(t0()),
            quiet_hours: Some(QuietHours {
                start: NaiveTime::from_hms_opt(22, 30, 0).unwrap(),
                end: NaiveTime::from_hms_opt(7, 15, 0).unwrap(),
            }),
            missed_after_hours: 6,
            onboarded: true,
            weekly_goal: 25,
            welcome_days: 14,
            plan_size: 7,
            plan_time: None,
            backup_dir: Some("/media/sync/kith-backups".into()),
            calendar_mirror: true,
            plan_on_phone: true,
            days_before: crate::dates::DaysBefore {
                birthday: 3,
                anniversary: 1,
                named: 14,
            },
            home_country: Some(Country::parse("NO").unwrap()),
        };
        store.save_settings(&changed).unwrap();
        assert_eq!(store.settings().unwrap(), changed);
        let resumed = store.pause_reminders(None).unwrap();
        assert_eq!(resumed.paused_until, None);
        assert_eq!(store.settings().unwrap().paused_until, None);
    }

    #[test]
    fn quiet_hours_can_be_turned_off_and_stay_off() {
        let store = Store::open_in_memory().unwrap();
        let off = Settings {
            quiet_hours: None,
            ..Settings::default()
        };
        store.save_settings(&off).unwrap();
        assert_eq!(store.settings().unwrap().quiet_hours, None);
    }
}
