//! Settings and facts about the running app.

use kith_core::domain::{Channel, Direction, IdentityKind, TouchKind};
use kith_core::store::Settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::instant;

/// The settings page's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    pub reminders_enabled: bool,
    pub paused_until: Option<String>,
    pub onboarded: bool,
    pub start_at_login: bool,
}

impl SettingsDto {
    pub fn new(settings: &Settings, start_at_login: bool) -> Self {
        Self {
            reminders_enabled: settings.reminders_enabled,
            paused_until: settings.paused_until.map(instant),
            onboarded: settings.onboarded,
            start_at_login,
        }
    }
}

/// What the settings page saves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    pub reminders_enabled: bool,
    pub start_at_login: bool,
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
