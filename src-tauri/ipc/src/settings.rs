//! Settings and facts about the running app.

use kith_core::domain::{Channel, Direction, IdentityKind, InputError, TouchKind};
use kith_core::store::{QuietHours, Settings, SettingsChange};
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
}

impl SettingsDto {
    pub fn new(settings: &Settings, start_at_login: bool) -> Self {
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
        }
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
        let dto = SettingsDto::new(&settings, false);
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
}
