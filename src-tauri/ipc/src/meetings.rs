//! Touches from calendars: what reading a calendar file did.

use chrono::{DateTime, Utc};
use kith_core::store::{MeetingPreview, MeetingsRecorded};
use kith_exchange::meetings::{CalendarRead, MeetingSkip};
use serde::Serialize;
use ts_rs::TS;

/// Past occurrences of one kind that are not touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSkippedDto {
    /// `all-day`, `cancelled`, `declined`, `no-one-else`, `too-many` or
    /// `unreadable`.
    pub reason: String,
    pub label: String,
    pub occurrences: u64,
}

/// What reading a calendar file did, or for a dry run (`committed` false)
/// would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarReportDto {
    pub file: String,
    /// Events in the file (a series once).
    pub events: u64,
    /// Past occurrences that are touches.
    pub meetings: u64,
    /// Occurrences of the next two days with other people: not touches
    /// yet; Today's plan prepares for them.
    pub ahead: u64,
    pub touches_made: u64,
    pub touches_changed: u64,
    /// Touches of occurrences cancelled, declined or changed since.
    pub touches_removed: u64,
    /// People in Kith the meetings touch (a dry run's count).
    pub people: u64,
    pub skipped: Vec<MeetingSkippedDto>,
    /// Series whose repeat rule could not be read (their first occurrence
    /// counted).
    pub unread_rules: u64,
    pub committed: bool,
}

fn reason(skip: MeetingSkip) -> &'static str {
    match skip {
        MeetingSkip::AllDay => "all-day",
        MeetingSkip::Cancelled => "cancelled",
        MeetingSkip::Declined => "declined",
        MeetingSkip::NoOneElse => "no-one-else",
        MeetingSkip::TooMany => "too-many",
        MeetingSkip::Unreadable => "unreadable",
    }
}

impl CalendarReportDto {
    fn of(file: String, read: &CalendarRead, now: DateTime<Utc>) -> Self {
        let counted = || read.meetings.iter().filter(|m| m.counts);
        Self {
            file,
            events: read.events as u64,
            meetings: counted().filter(|m| m.at <= now).count() as u64,
            ahead: counted().filter(|m| m.at > now).count() as u64,
            touches_made: 0,
            touches_changed: 0,
            touches_removed: 0,
            people: 0,
            skipped: read
                .skipped
                .iter()
                .map(|(skip, n)| MeetingSkippedDto {
                    reason: reason(*skip).to_owned(),
                    label: skip.label().to_owned(),
                    occurrences: *n,
                })
                .collect(),
            unread_rules: read.unread_rules,
            committed: false,
        }
    }

    /// The report of a calendar recorded.
    pub fn recorded(
        file: String,
        read: &CalendarRead,
        recorded: MeetingsRecorded,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            touches_made: recorded.touches_made as u64,
            touches_changed: recorded.touches_changed as u64,
            touches_removed: recorded.touches_removed as u64,
            committed: true,
            ..Self::of(file, read, now)
        }
    }

    /// The report of a dry run.
    pub fn previewed(
        file: String,
        read: &CalendarRead,
        preview: &MeetingPreview,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            people: preview.people.len() as u64,
            ..Self::of(file, read, now)
        }
    }
}
