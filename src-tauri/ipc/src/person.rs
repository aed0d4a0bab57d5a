//! People, identities, notes and touches across the boundary.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kith_core::domain::{
    Birthday, Channel, Direction, Identity, IdentityKind, InputError, Note, Person, PersonDraft,
    PersonId, PersonSummary, Touch, TouchDraft, TouchKind,
};
use kith_core::store::{PeoplePage, PersonRef};
use kith_core::when::parse_instant;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::instant;

/// A person's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonRefDto {
    pub id: i64,
    pub display_name: String,
}

impl From<PersonRef> for PersonRefDto {
    fn from(p: PersonRef) -> Self {
        Self {
            id: p.id.0,
            display_name: p.display_name,
        }
    }
}

/// One handle of a person (`kind` is an identity kind identifier).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IdentityDto {
    pub kind: String,
    pub value: String,
    /// The stored identity's id (absent in input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub id: Option<i64>,
}

impl From<Identity> for IdentityDto {
    fn from(i: Identity) -> Self {
        Self {
            kind: i.kind.as_str().to_owned(),
            value: i.value,
            id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteDto {
    pub id: i64,
    pub body: String,
    pub created_at: String,
    /// Whether it is the contact card's note (synced as the card's NOTE).
    pub on_card: bool,
}

impl From<Note> for NoteDto {
    fn from(n: Note) -> Self {
        Self {
            id: n.id.0,
            body: n.body,
            created_at: instant(n.created_at),
            on_card: n.on_card,
        }
    }
}

/// One row of the people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonSummaryDto {
    pub id: i64,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub tags: Vec<String>,
    pub last_touch_at: Option<String>,
    pub last_touch_kind: Option<String>,
    pub is_sample: bool,
    /// The derived stage identifier (`connected` … `trusted`).
    pub stage: String,
    /// `warm`, `cooling` or `cold`.
    pub health: String,
}

impl PersonSummaryDto {
    pub fn new(p: PersonSummary, now: DateTime<Utc>) -> Self {
        let health = p.health(now).as_str().to_owned();
        Self {
            stage: p.stage.as_str().to_owned(),
            health,
            id: p.id.0,
            display_name: p.display_name,
            company: p.company,
            role: p.role,
            tags: p.tags,
            last_touch_at: p.last_touch.map(|(at, _)| instant(at)),
            last_touch_kind: p.last_touch.map(|(_, kind)| kind.as_str().to_owned()),
            is_sample: p.is_sample,
        }
    }
}

/// A page of the people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeoplePageDto {
    /// How many match, or at least how many when `total_is_exact` is false.
    pub total: u64,
    pub total_is_exact: bool,
    pub offset: u64,
    pub people: Vec<PersonSummaryDto>,
}

impl PeoplePageDto {
    /// The page, with health as of `now`.
    pub fn new(page: PeoplePage, now: DateTime<Utc>) -> Self {
        Self {
            total: page.total,
            total_is_exact: page.total_is_exact,
            offset: page.offset,
            people: page
                .people
                .into_iter()
                .map(|p| PersonSummaryDto::new(p, now))
                .collect(),
        }
    }
}

/// Everything the person page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonDto {
    pub id: i64,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub how_met: Option<String>,
    pub where_met: Option<String>,
    pub introduced_by: Option<PersonRefDto>,
    pub cadence_days: Option<u32>,
    pub tags: Vec<String>,
    pub identities: Vec<IdentityDto>,
    pub notes: Vec<NoteDto>,
    pub is_sample: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The derived stage identifier.
    pub stage: String,
    /// `YYYY-MM-DD`, or `--MM-DD` without a year.
    pub birthday: Option<String>,
    /// Like `birthday`.
    pub anniversary: Option<String>,
    /// Marked as having died: no reminders, never suggested.
    pub deceased: bool,
    /// Named dates, in the order of the year.
    pub dates: Vec<NamedDateDto>,
}

/// A named date ("started at Northwind").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NamedDateDto {
    pub id: i64,
    pub what: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    /// Every year from `on`, or only then.
    pub yearly: bool,
}

impl From<kith_core::dates::NamedDate> for NamedDateDto {
    fn from(d: kith_core::dates::NamedDate) -> Self {
        Self {
            id: d.id,
            what: d.what,
            on: d.on.format("%Y-%m-%d").to_string(),
            yearly: d.yearly,
        }
    }
}

impl From<Person> for PersonDto {
    fn from(p: Person) -> Self {
        Self {
            id: p.id.0,
            display_name: p.display_name,
            company: p.company,
            role: p.role,
            how_met: p.how_met,
            where_met: p.where_met,
            introduced_by: p.introduced_by.map(|(id, display_name)| PersonRefDto {
                id: id.0,
                display_name,
            }),
            cadence_days: p.cadence_days,
            tags: p.tags,
            identities: p
                .identities
                .into_iter()
                .zip(p.identity_ids)
                .map(|(identity, id)| IdentityDto {
                    id: Some(id),
                    ..identity.into()
                })
                .collect(),
            notes: p.notes.into_iter().map(Into::into).collect(),
            is_sample: p.is_sample,
            created_at: instant(p.created_at),
            updated_at: instant(p.updated_at),
            stage: p.stage.as_str().to_owned(),
            birthday: p.birthday.map(Birthday::to_text),
            anniversary: p.anniversary.map(Birthday::to_text),
            deceased: p.deceased,
            dates: p.dates.into_iter().map(Into::into).collect(),
        }
    }
}

/// A person as the add/edit form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub display_name: String,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub how_met: Option<String>,
    #[serde(default)]
    pub where_met: Option<String>,
    #[serde(default)]
    pub introduced_by: Option<i64>,
    #[serde(default)]
    pub cadence_days: Option<u32>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub identities: Vec<IdentityDto>,
}

impl TryFrom<PersonInput> for PersonDraft {
    type Error = InputError;

    fn try_from(input: PersonInput) -> Result<Self, InputError> {
        let mut draft = PersonDraft::named(&input.display_name)?
            .with_company(input.company.as_deref())?
            .with_role(input.role.as_deref())?
            .with_how_met(input.how_met.as_deref())?
            .with_where_met(input.where_met.as_deref())?
            .with_cadence(input.cadence_days)?
            .with_tags(&input.tags)?;
        draft.introduced_by = input.introduced_by.map(PersonId);
        for identity in input.identities {
            if identity.value.trim().is_empty() {
                continue;
            }
            let kind: IdentityKind = identity.kind.parse()?;
            draft = draft.with_identity(Identity::new(kind, &identity.value)?);
        }
        Ok(draft)
    }
}

/// A logged touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TouchDto {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub channel: String,
    pub direction: String,
    pub at: String,
    pub summary: Option<String>,
    /// For a touch mail gave: how many messages its conversation holds.
    pub thread_size: Option<u32>,
}

impl From<Touch> for TouchDto {
    fn from(t: Touch) -> Self {
        Self {
            id: t.id.0,
            person_id: t.person.0,
            kind: t.kind.as_str().to_owned(),
            channel: t.channel.as_str().to_owned(),
            direction: t.direction.as_str().to_owned(),
            at: instant(t.at),
            summary: t.summary,
            thread_size: t.thread_size,
        }
    }
}

/// A touch as the quick-log box sends it. `at` is RFC 3339 or a local
/// `YYYY-MM-DD HH:MM`; absent means now.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TouchInput {
    pub person_id: i64,
    pub kind: String,
    pub channel: String,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

impl TouchInput {
    /// Validates the input; `now` and `zone` fill in a missing or local time.
    pub fn into_draft(self, now: DateTime<Utc>, zone: Tz) -> Result<TouchDraft, InputError> {
        let kind: TouchKind = self.kind.parse()?;
        let channel: Channel = self.channel.parse()?;
        let direction: Direction = match self.direction.as_deref() {
            Some(d) if !d.trim().is_empty() => d.parse()?,
            _ => Direction::Out,
        };
        let at = match self.at.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => parse_instant(text, zone)?,
            _ => now,
        };
        TouchDraft::new(
            PersonId(self.person_id),
            kind,
            channel,
            direction,
            at,
            self.summary.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_input_is_validated_into_a_draft() {
        let input: PersonInput = serde_json::from_str(
            r#"{"displayName":" Ada ","tags":["Close"],
                "identities":[{"kind":"email","value":"ADA@example.org"},{"kind":"phone","value":" "}]}"#,
        )
        .unwrap();
        let draft = PersonDraft::try_from(input).unwrap();
        assert_eq!(draft.display_name, "Ada");
        assert_eq!(draft.identities.len(), 1);
        assert_eq!(draft.identities[0].normalized, "ada@example.org");
    }

    #[test]
    fn an_unknown_identity_kind_is_refused() {
        let input: PersonInput = serde_json::from_str(
            r#"{"displayName":"Ada","identities":[{"kind":"myspace","value":"ada"}]}"#,
        )
        .unwrap();
        assert!(matches!(
            PersonDraft::try_from(input),
            Err(InputError::UnknownIdentityKind(_))
        ));
    }

    #[test]
    fn touch_input_defaults_to_now_and_outbound() {
        let now = Utc::now();
        let input: TouchInput =
            serde_json::from_str(r#"{"personId":1,"kind":"call","channel":"phone"}"#).unwrap();
        let draft = input.into_draft(now, Tz::UTC).unwrap();
        assert_eq!(draft.spec.at, now);
        assert_eq!(draft.spec.direction, Direction::Out);
        let bad: TouchInput =
            serde_json::from_str(r#"{"personId":1,"kind":"tweet","channel":"phone"}"#).unwrap();
        assert!(bad.into_draft(now, Tz::UTC).is_err());
    }
}

/// Counts per stage and health (`kith funnel`, the dashboard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FunnelDto {
    pub by_stage: Vec<CountDto>,
    pub by_health: Vec<CountDto>,
}

/// One bar of the funnel: an identifier and how many people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CountDto {
    pub key: String,
    pub count: u64,
}

impl From<kith_core::store::Funnel> for FunnelDto {
    fn from(f: kith_core::store::Funnel) -> Self {
        Self {
            by_stage: f
                .by_stage
                .into_iter()
                .map(|(s, count)| CountDto {
                    key: s.as_str().to_owned(),
                    count,
                })
                .collect(),
            by_health: f
                .by_health
                .into_iter()
                .map(|(h, count)| CountDto {
                    key: h.as_str().to_owned(),
                    count,
                })
                .collect(),
        }
    }
}

/// A person's stage and the touches that justify it (`kith stage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StageDto {
    pub stage: String,
    pub because: Vec<TouchDto>,
}

/// A person's photo for the window: the JPEG as a `data:` URL, or only a
/// link a card gave (shown, never fetched by itself).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonPhotoDto {
    pub data_url: Option<String>,
    pub link: Option<String>,
}

impl From<kith_core::store::StoredPhoto> for PersonPhotoDto {
    fn from(photo: kith_core::store::StoredPhoto) -> Self {
        use base64::Engine;
        Self {
            data_url: photo.image.map(|jpeg| {
                format!(
                    "data:image/jpeg;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(jpeg)
                )
            }),
            link: photo.link,
        }
    }
}

/// A person's thumbnail (96 px JPEG) for a list, as a `data:` URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoThumbDto {
    pub id: i64,
    pub data_url: String,
}

impl PhotoThumbDto {
    pub fn new(id: kith_core::domain::PersonId, jpeg: &[u8]) -> Self {
        use base64::Engine;
        Self {
            id: id.0,
            data_url: format!(
                "data:image/jpeg;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(jpeg)
            ),
        }
    }
}
