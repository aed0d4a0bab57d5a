//! Where a person stands: the stages from connected to trusted, and how
//! warm the relationship is. The rules that derive them are `crate::stage`.

/// The stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Connected = 1,
    Acknowledged = 2,
    Engaged = 3,
    InConversation = 4,
    Relationship = 5,
    Trusted = 6,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Connected,
        Stage::Acknowledged,
        Stage::Engaged,
        Stage::InConversation,
        Stage::Relationship,
        Stage::Trusted,
    ];

    /// The identifier used in storage, IPC, the CLI and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Connected => "connected",
            Stage::Acknowledged => "acknowledged",
            Stage::Engaged => "engaged",
            Stage::InConversation => "in-conversation",
            Stage::Relationship => "relationship",
            Stage::Trusted => "trusted",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Connected => "Connected",
            Stage::Acknowledged => "Acknowledged",
            Stage::Engaged => "Engaged",
            Stage::InConversation => "In conversation",
            Stage::Relationship => "Relationship",
            Stage::Trusted => "Trusted",
        }
    }

    pub fn from_number(n: i64) -> Stage {
        Stage::ALL
            .into_iter()
            .find(|s| *s as i64 == n)
            .unwrap_or(Stage::Connected)
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }
}

/// Warmth of a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    Warm,
    Cooling,
    Cold,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Warm => "warm",
            Health::Cooling => "cooling",
            Health::Cold => "cold",
        }
    }

    pub fn parse(text: &str) -> Option<Health> {
        [Health::Warm, Health::Cooling, Health::Cold]
            .into_iter()
            .find(|h| h.as_str() == text.trim())
    }
}
