//! Touches from chat exports: what reading one did.

use kith_core::store::ChatsRecorded;
use kith_exchange::chats::ChatRead;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An author of a chat who is no one (or more than one person) in Kith.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatAuthorDto {
    pub author: String,
    /// Days they gave a touch on.
    pub days: u64,
}

/// What reading a chat export did, or for a dry run (`committed` false)
/// would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatReportDto {
    pub file: String,
    /// `whatsapp` or `telegram`.
    pub source: String,
    pub chat: String,
    pub messages: u64,
    /// Days with someone (a touch each, when they are in Kith).
    pub days: u64,
    pub touches_made: u64,
    pub touches_changed: u64,
    /// People in Kith the chat touches.
    pub people: u64,
    pub not_in_kith: Vec<ChatAuthorDto>,
    /// More than 8 others wrote: a large group gives no touches.
    pub too_large: bool,
    /// Day and month order could not be told from the file and was guessed.
    pub order_guessed: bool,
    /// For times without a zone: the zone they were read in and its offset
    /// ("Europe/Berlin, UTC+01:00"), kept with the chat for the next read.
    pub read_in: Option<String>,
    pub committed: bool,
}

impl ChatReportDto {
    /// With the zone its times were read in (`read_in`: the zone and its
    /// offset).
    pub fn read_in(self, read_in: Option<&(String, String)>) -> Self {
        Self {
            read_in: read_in.map(|(zone, offset)| format!("{zone}, UTC{offset}")),
            ..self
        }
    }

    pub fn new(file: String, read: &ChatRead, recorded: &ChatsRecorded, committed: bool) -> Self {
        Self {
            file,
            source: read.source.clone(),
            chat: read.chat.clone(),
            messages: read.messages,
            days: read.touches.len() as u64,
            touches_made: recorded.touches_made as u64,
            touches_changed: recorded.touches_changed as u64,
            people: recorded.people.len() as u64,
            not_in_kith: recorded
                .unmatched
                .iter()
                .map(|(author, days)| ChatAuthorDto {
                    author: author.clone(),
                    days: *days as u64,
                })
                .collect(),
            too_large: read.too_large,
            order_guessed: read.order_guessed,
            read_in: None,
            committed,
        }
    }
}

/// A calendar, chat or Telegram export to read, from the window.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityInput {
    pub path: String,
    /// The user: e-mail addresses for a calendar, the name a chat writes
    /// for them (the first).
    #[serde(default)]
    pub me: Vec<String>,
    #[serde(default)]
    pub dry_run: bool,
    /// Keep each chat day's first line as its touch's summary.
    #[serde(default)]
    pub keep_first_line: bool,
}

/// What reading a calendar, chat or Telegram export did, would do, or
/// needs to know first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityReportDto {
    /// `calendar`, `chats`, `who-are-you` (say which author is you),
    /// `need-address` (say which e-mail addresses are yours), or `none`
    /// (not such a file: a contacts import reads it).
    pub outcome: String,
    pub calendar: Option<crate::CalendarReportDto>,
    pub chats: Vec<ChatReportDto>,
    /// For `who-are-you`: the chat's authors, and the one most likely you.
    pub authors: Vec<String>,
    pub guess: Option<String>,
}

impl ActivityReportDto {
    /// What a file gave, or what is needed first (`outcome`).
    pub fn outcome(outcome: &str) -> Self {
        Self {
            outcome: outcome.to_owned(),
            calendar: None,
            chats: Vec::new(),
            authors: Vec::new(),
            guess: None,
        }
    }
}
