//! Conversations from chat exports as the touch log sees them: one chat,
//! one author other than the user, one day, and which way it went. The
//! messages themselves are never kept.

use chrono::{DateTime, NaiveDate, Utc};

use super::mail::bounded;
use super::Direction;

/// Longest group name kept in a chat touch's summary.
const MAX_GROUP_NAME_CHARS: usize = 80;
/// Longest first line kept in a chat touch's summary.
const MAX_FIRST_LINE_CHARS: usize = 160;

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
    /// The conversation's first line that day, kept only when the import
    /// was asked to (otherwise no message text is kept).
    pub first_line: Option<String>,
}

impl ChatTouch {
    /// The touch's summary: where the conversation was ("WhatsApp chat",
    /// or "WhatsApp group “Climbing club”"), and what was said only when
    /// the import kept first lines ("WhatsApp chat: See you Tuesday").
    pub fn summary(&self) -> String {
        let app = match self.source.as_str() {
            "whatsapp" => "WhatsApp",
            "telegram" => "Telegram",
            other => other,
        };
        let chat = bounded(&self.chat, MAX_GROUP_NAME_CHARS);
        let place = if chat.is_empty() || chat.eq_ignore_ascii_case(self.author.trim()) {
            format!("{app} chat")
        } else {
            format!("{app} group “{chat}”")
        };
        match self
            .first_line
            .as_deref()
            .map(|l| bounded(l, MAX_FIRST_LINE_CHARS))
        {
            Some(line) if !line.is_empty() => format!("{place}: {line}"),
            _ => place,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(source: &str, chat: &str, author: &str) -> ChatTouch {
        ChatTouch {
            source: source.to_owned(),
            chat: chat.to_owned(),
            author: author.to_owned(),
            day: NaiveDate::from_ymd_opt(2026, 1, 3).unwrap(),
            at: DateTime::UNIX_EPOCH,
            direction: Direction::Mutual,
            first_line: None,
        }
    }

    #[test]
    fn a_chat_touch_says_where_the_conversation_was_and_nothing_said() {
        assert_eq!(
            touch("whatsapp", "Maya Lund", "Maya Lund").summary(),
            "WhatsApp chat"
        );
        assert_eq!(touch("telegram", "", "Maya").summary(), "Telegram chat");
        assert_eq!(
            touch("whatsapp", "Climbing\u{7} club\n", "Maya Lund").summary(),
            "WhatsApp group “Climbing club”"
        );
        let kept = ChatTouch {
            first_line: Some("See you Tuesday\u{7}".into()),
            ..touch("whatsapp", "Maya Lund", "Maya Lund")
        };
        assert_eq!(kept.summary(), "WhatsApp chat: See you Tuesday");
    }
}
