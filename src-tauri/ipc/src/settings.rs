//! Settings and facts about the running app.

use kith_core::domain::Country;
use kith_core::domain::{Channel, Direction, IdentityKind, InputError, TouchKind};
use kith_core::store::{NationalNumbers, QuietHours, Settings, SettingsChange};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::instant;

/// The settings page's state. Quiet hours are local `HH:MM` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    pub reminders_enabled: bool,
    pub paused_until: Option<String>,
    pub quiet_hours_enabled: bool,
    pub quiet_start: String,
    pub quiet_end: String,
    pub missed_after_hours: u32,
    pub onboarded: bool,
    pub start_at_login: bool,
    /// People in today's plan.
    pub plan_size: u32,
    /// The morning notification's local time (`HH:MM`), or null for none.
    pub plan_time: Option<String>,
    /// Days a new connection waits in the welcome queue.
    pub welcome_days: u32,
    /// Days before a birthday, an anniversary and a named date their
    /// reminders come (0: on the day, at the morning time).
    pub birthday_days_before: u32,
    pub anniversary_days_before: u32,
    pub date_days_before: u32,
    /// The country national phone numbers are read as (`DE`), or null.
    pub home_country: Option<String>,
    /// Stored phone numbers written without their country code, and how
    /// many of them the home country placed.
    pub national_numbers: u64,
    pub national_placed: u64,
}

impl SettingsDto {
    pub fn new(settings: &Settings, start_at_login: bool, numbers: NationalNumbers) -> Self {
        let quiet = settings
            .quiet_hours
            .unwrap_or_else(QuietHours::default_window);
        Self {
            reminders_enabled: settings.reminders_enabled,
            paused_until: settings.paused_until.map(instant),
            quiet_hours_enabled: settings.quiet_hours.is_some(),
            quiet_start: quiet.start.format("%H:%M").to_string(),
            quiet_end: quiet.end.format("%H:%M").to_string(),
            missed_after_hours: settings.missed_after_hours,
            onboarded: settings.onboarded,
            start_at_login,
            plan_size: settings.plan_size,
            plan_time: settings.plan_time.map(|t| t.format("%H:%M").to_string()),
            welcome_days: settings.welcome_days,
            birthday_days_before: settings.days_before.birthday,
            anniversary_days_before: settings.days_before.anniversary,
            date_days_before: settings.days_before.named,
            home_country: settings.home_country.map(|c| c.code().to_owned()),
            national_numbers: numbers.total,
            national_placed: numbers.placed,
        }
    }
}

/// A country national phone numbers can be read as; the window names it
/// in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountryDto {
    /// ISO 3166 code, `DE`.
    pub code: String,
    /// Dialled before its numbers from abroad: 49.
    pub calling_code: u16,
}

impl CountryDto {
    /// Every country with a numbering plan, by code.
    pub fn all() -> Vec<Self> {
        Country::all()
            .into_iter()
            .map(|c| Self {
                code: c.code().to_owned(),
                calling_code: c.calling_code(),
            })
            .collect()
    }
}

/// What the settings page saves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    pub reminders_enabled: bool,
    pub start_at_login: bool,
    pub quiet_hours_enabled: bool,
    pub quiet_start: String,
    pub quiet_end: String,
    /// People in today's plan (1–10); unchanged when absent.
    #[serde(default)]
    #[ts(optional)]
    pub plan_size: Option<u32>,
    /// The plan notification's time, `HH:MM`, or `off`; unchanged when absent.
    #[serde(default)]
    #[ts(optional)]
    pub plan_time: Option<String>,
    /// Days a new connection waits in the welcome queue (1–365); unchanged
    /// when absent.
    #[serde(default)]
    #[ts(optional)]
    pub welcome_days: Option<u32>,
    /// Days before a birthday its reminder comes (0–60); unchanged when
    /// absent. Likewise an anniversary's and a named date's.
    #[serde(default)]
    #[ts(optional)]
    pub birthday_days_before: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub anniversary_days_before: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub date_days_before: Option<u32>,
    /// The home country's code, or `none`; unchanged when absent. A new
    /// one re-keys every stored phone number.
    #[serde(default)]
    #[ts(optional)]
    pub home_country: Option<String>,
}

impl SettingsInput {
    /// Applies this input to `settings` (pause and grace are kept).
    pub fn apply(&self, settings: &mut Settings) -> Result<(), InputError> {
        let time = |text: &str| {
            QuietHours::parse_time(text).ok_or_else(|| InputError::BadTime(text.to_owned()))
        };
        let window = QuietHours {
            start: time(&self.quiet_start)?,
            end: time(&self.quiet_end)?,
        };
        settings.reminders_enabled = self.reminders_enabled;
        settings.quiet_hours = self.quiet_hours_enabled.then_some(window);
        SettingsChange {
            plan_size: self.plan_size,
            plan_time: self.plan_time.clone(),
            welcome_days: self.welcome_days,
            birthday_days_before: self.birthday_days_before,
            anniversary_days_before: self.anniversary_days_before,
            date_days_before: self.date_days_before,
            home_country: self.home_country.clone(),
            ..SettingsChange::default()
        }
        .apply(settings)?;
        settings.onboarded = true;
        Ok(())
    }
}

/// Whether reminders also live in a system tray icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrayStatus {
    Available,
    /// The platform has no tray support (e.g. libayatana-appindicator is
    /// missing on Linux); closing the window quits.
    Unavailable,
}

/// Facts about the running app for the settings page and first run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfoDto {
    pub version: String,
    pub database_path: String,
    pub log_dir: String,
    pub time_zone: String,
    pub tray: TrayStatus,
    pub people_count: u64,
    pub sample_count: u64,
    /// How many days a deleted person stays in the trash.
    pub trash_days: u32,
}

/// The identifiers the UI offers in its pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VocabularyDto {
    pub kinds: Vec<String>,
    pub channels: Vec<String>,
    pub directions: Vec<String>,
    pub identity_kinds: Vec<String>,
    /// The countries a home country can be.
    pub countries: Vec<CountryDto>,
}

impl VocabularyDto {
    pub fn current() -> Self {
        fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<String> {
            all.iter().map(|v| name(*v).to_owned()).collect()
        }
        Self {
            kinds: names(TouchKind::ALL, TouchKind::as_str),
            channels: names(Channel::ALL, Channel::as_str),
            directions: names(Direction::ALL, Direction::as_str),
            identity_kinds: names(IdentityKind::ALL, IdentityKind::as_str),
            countries: CountryDto::all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_input_sets_quiet_hours_or_turns_them_off() {
        let mut settings = Settings::default();
        let input: SettingsInput = serde_json::from_str(
            r#"{"remindersEnabled":true,"startAtLogin":false,
                "quietHoursEnabled":true,"quietStart":"22:15","quietEnd":"06:45"}"#,
        )
        .unwrap();
        input.apply(&mut settings).unwrap();
        let dto = SettingsDto::new(&settings, false, NationalNumbers::default());
        assert_eq!(
            (dto.quiet_start.as_str(), dto.quiet_end.as_str()),
            ("22:15", "06:45")
        );
        let off = SettingsInput {
            quiet_hours_enabled: false,
            ..input.clone()
        };
        off.apply(&mut settings).unwrap();
        assert_eq!(settings.quiet_hours, None);
        let bad = SettingsInput {
            quiet_start: "25:00".into(),
            ..input
        };
        assert!(bad.apply(&mut settings).is_err());
    }

    #[test]
    fn the_home_country_is_kept_unless_given_and_none_clears_it() {
        let mut settings = Settings::default();
        let base = r#""remindersEnabled":true,"startAtLogin":false,
            "quietHoursEnabled":false,"quietStart":"22:00","quietEnd":"07:00""#;
        let input = |extra: &str| -> SettingsInput {
            serde_json::from_str(&format!("{{{base}{extra}}}")).unwrap()
        };
        input(r#","homeCountry":"fr""#)
            .apply(&mut settings)
            .unwrap();
        assert_eq!(
            settings
                .home_country
                .map(|c| c.code().to_owned())
                .as_deref(),
            Some("FR")
        );
        input("").apply(&mut settings).unwrap();
        let numbers = NationalNumbers {
            total: 4,
            placed: 3,
        };
        let dto = SettingsDto::new(&settings, false, numbers);
        assert_eq!(dto.home_country.as_deref(), Some("FR"));
        assert_eq!((dto.national_numbers, dto.national_placed), (4, 3));
        assert!(input(r#","homeCountry":"France""#)
            .apply(&mut settings)
            .is_err());
        input(r#","homeCountry":"none""#)
            .apply(&mut settings)
            .unwrap();
        assert_eq!(settings.home_country, None);
        let countries = VocabularyDto::current().countries;
        let fr = countries.iter().find(|c| c.code == "FR").unwrap();
        assert_eq!(fr.calling_code, 33);
    }
}
