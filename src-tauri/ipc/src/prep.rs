//! Preparing for meetings across the boundary: the meeting a prep item is
//! about, and the sheet to read before it.

use kith_core::store::{PlannedMeeting, Prep, PrepPerson};
use serde::Serialize;
use ts_rs::TS;

use crate::{instant, FollowUpDto, NeedDto, PersonDto, PersonRefDto, TopicDto, TouchDto};

/// A meeting today or ahead with people in Kith.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDto {
    /// The occurrence's key (`kith prep KEY` finds it).
    pub key: String,
    /// RFC 3339 UTC.
    pub at: String,
    /// When it ends (its start for an event without an end), RFC 3339 UTC.
    pub ends: String,
    pub title: Option<String>,
    /// The touch kind it gives (`video` or `meeting`).
    pub kind: String,
    /// `video`, `in-person` or `other`.
    pub channel: String,
    /// The people in Kith on it, by name.
    pub people: Vec<PersonRefDto>,
}

impl From<PlannedMeeting> for MeetingDto {
    fn from(m: PlannedMeeting) -> Self {
        Self {
            key: m.key,
            at: instant(m.at),
            ends: instant(m.ends),
            title: m.title,
            kind: m.kind.as_str().to_owned(),
            channel: m.channel.as_str().to_owned(),
            people: m
                .people
                .into_iter()
                .map(|(id, display_name)| PersonRefDto {
                    id: id.0,
                    display_name,
                })
                .collect(),
        }
    }
}

/// What to know of one person before meeting them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrepPersonDto {
    pub person: PersonDto,
    /// Their last touches, newest first.
    pub touches: Vec<TouchDto>,
    /// Open follow-ups, soonest first.
    pub follow_ups: Vec<FollowUpDto>,
    /// What matters to them now.
    pub topics: Vec<TopicDto>,
    pub asks: Vec<NeedDto>,
    pub offers: Vec<NeedDto>,
}

impl From<PrepPerson> for PrepPersonDto {
    fn from(p: PrepPerson) -> Self {
        Self {
            person: p.person.into(),
            touches: p.touches.into_iter().map(Into::into).collect(),
            follow_ups: p.follow_ups.into_iter().map(Into::into).collect(),
            topics: p.topics.into_iter().map(Into::into).collect(),
            asks: p.asks.into_iter().map(Into::into).collect(),
            offers: p.offers.into_iter().map(Into::into).collect(),
        }
    }
}

/// The sheet to read before a meeting (or before meeting one person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrepDto {
    pub meeting: Option<MeetingDto>,
    pub people: Vec<PrepPersonDto>,
}

impl From<Prep> for PrepDto {
    fn from(p: Prep) -> Self {
        Self {
            meeting: p.meeting.map(Into::into),
            people: p.people.into_iter().map(Into::into).collect(),
        }
    }
}
