//! Conversations from chat exports as the touch log sees them: one chat,
//! one author other than the user, one day, and which way it went. The
//! messages themselves are never kept.

use chrono::{DateTime, NaiveDate, Utc};

use super::Direction;

/// Most people other than the user in a group chat that still gives
/// touches (a larger group is an audience, not a conversation).
pub const MAX_CHAT_MEMBERS: usize = 8;

/// One day of a chat with one author, ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatTouch {
    /// Where it came from: `whatsapp`, `telegram`.
    pub source: String,
    /// The chat's name (a 1:1 chat is named after the other person).
    pub chat: String,
    /// The author as the export names them (a name, or a phone number
    /// for someone not in the user's phone book).
    pub author: String,
    pub day: NaiveDate,
    /// The day's last message of the two.
    pub at: DateTime<Utc>,
    pub direction: Direction,
}
