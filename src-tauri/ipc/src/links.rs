//! Who knows whom across the boundary: a person's links.

use kith_core::domain::Link;
use serde::Serialize;
use ts_rs::TS;

use crate::PersonRefDto;

/// One of a person's links, as seen from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkDto {
    pub id: i64,
    /// The kind as stored: `partner`, `parent`, `sibling`, `family`,
    /// `friend`, `colleague`, `manager`, `mentor`, `introduced`,
    /// `met-through`.
    pub kind: String,
    /// What the other person is to this one: "manager", "report", "friend".
    pub name: String,
    /// Whether this person is the link's first side (the parent, the
    /// manager, the mentor…).
    pub outgoing: bool,
    pub other: PersonRefDto,
    pub note: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub since: Option<String>,
}

impl From<Link> for LinkDto {
    fn from(l: Link) -> Self {
        Self {
            id: l.id,
            kind: l.kind.as_str().to_owned(),
            name: l.name().to_owned(),
            outgoing: l.outgoing,
            other: PersonRefDto {
                id: l.other.0,
                display_name: l.other_name,
            },
            note: l.note,
            since: l.since,
        }
    }
}

/// A link to make: `from` is the kind of `to` (the parent, the manager…).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkInput {
    pub from: i64,
    pub to: i64,
    pub kind: String,
    #[serde(default)]
    pub note: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub since: Option<String>,
}
