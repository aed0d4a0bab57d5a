//! Touches from e-mail: an mbox file's report, the people the user writes
//! with who are not in Kith.

use kith_core::store::MailSuggestion;
use kith_mail::{MboxReport, Skip};
use serde::Serialize;
use ts_rs::TS;

use crate::instant;

/// Someone the user writes with who is not in Kith.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailSuggestionDto {
    pub address: String,
    pub name: Option<String>,
    /// Messages the user sent them, and they sent the user.
    pub sent: u32,
    pub received: u32,
    pub last: String,
}

impl From<MailSuggestion> for MailSuggestionDto {
    fn from(s: MailSuggestion) -> Self {
        Self {
            address: s.address,
            name: s.name,
            sent: s.sent,
            received: s.received,
            last: instant(s.last),
        }
    }
}

/// Messages left out for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailSkippedDto {
    /// `bulk`, `not-sent`, `deleted`, `no-date`, `not-to-you`,
    /// `too-many-people` or `filtered`.
    pub reason: String,
    pub label: String,
    pub messages: u64,
}

/// What reading an mbox file did, or for a dry run (`committed` false)
/// would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MboxReportDto {
    pub file: String,
    pub messages: u64,
    /// Messages that are touches, not recorded before.
    pub new: u64,
    /// Messages that are touches, recorded before (here or from elsewhere).
    pub known: u64,
    pub touches_made: u64,
    pub touches_changed: u64,
    /// People in Kith the new mail touches (a dry run's count).
    pub people: u64,
    pub skipped: Vec<MailSkippedDto>,
    /// The lines of messages whose header could not be read.
    pub unreadable_lines: Vec<u64>,
    pub committed: bool,
}

impl MboxReportDto {
    pub fn new(file: String, report: MboxReport) -> Self {
        Self {
            file,
            messages: report.messages,
            new: report.recorded.new as u64,
            known: report.recorded.known as u64,
            touches_made: report.recorded.touches_made as u64,
            touches_changed: report.recorded.touches_changed as u64,
            people: report.people as u64,
            skipped: Skip::ALL
                .iter()
                .filter_map(|skip| {
                    report.skipped.get(skip).map(|n| MailSkippedDto {
                        reason: skip.id().to_owned(),
                        label: skip.label().to_owned(),
                        messages: *n,
                    })
                })
                .collect(),
            unreadable_lines: report.unreadable,
            committed: !report.dry_run,
        }
    }
}
