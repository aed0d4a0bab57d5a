//! Touches from chat exports: what reading one did.

use kith_core::store::ChatsRecorded;
use kith_exchange::chats::ChatRead;
use serde::Serialize;
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
    pub committed: bool,
}

impl ChatReportDto {
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
            committed,
        }
    }
}
