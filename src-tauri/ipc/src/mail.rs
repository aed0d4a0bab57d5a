//! Touches from e-mail: an mbox file's report, the people the user writes
//! with who are not in Kith.

use std::collections::BTreeMap;

use kith_core::store::{MailAccount, MailFolderState, MailSuggestion, MailTally};
use kith_mail::account::ReadReport;
use kith_mail::{MboxReport, Skip};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::instant;

/// A chat author who is no one in Kith, with the days they chatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatSuggestionDto {
    /// As the export writes them: a name, or a phone number.
    pub author: String,
    pub days: u32,
    pub last: String,
}

impl From<kith_core::store::ChatSuggestion> for ChatSuggestionDto {
    fn from(s: kith_core::store::ChatSuggestion) -> Self {
        Self {
            author: s.author,
            days: s.days,
            last: instant(s.last),
        }
    }
}

/// Someone the user writes with who is not in Kith.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailSuggestionDto {
    pub address: String,
    pub name: Option<String>,
    /// Messages the user sent them, and they sent the user.
    pub sent: u32,
    pub received: u32,
    /// Meetings with them.
    pub meetings: u32,
    pub last: String,
}

impl From<MailSuggestion> for MailSuggestionDto {
    fn from(s: MailSuggestion) -> Self {
        Self {
            address: s.address,
            name: s.name,
            sent: s.sent,
            received: s.received,
            meetings: s.meetings,
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
            skipped: skipped(&report.skipped),
            unreadable_lines: report.unreadable,
            committed: !report.dry_run,
        }
    }
}

/// One folder of the mail account and how far it has been read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailFolderDto {
    pub name: String,
    pub read: u64,
    pub total: u64,
}

/// An address seen sending the account's Sent mail that is not yet the
/// user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OfferedAddressDto {
    pub address: String,
    pub messages: u64,
}

/// Where the mail account stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailStatusDto {
    /// Whether an account is set up (the rest is empty when not).
    pub configured: bool,
    pub host: Option<String>,
    pub port: Option<u16>,
    /// `tls`, `starttls` or `plain`.
    pub security: Option<String>,
    pub user: Option<String>,
    /// `sent`, `all` or `folder:NAME`.
    pub scope: Option<String>,
    pub since: Option<String>,
    pub keep_subject: bool,
    /// The last read that completed, the last attempt, and why it failed.
    pub synced_at: Option<String>,
    pub tried_at: Option<String>,
    pub error: Option<String>,
    pub folders: Vec<MailFolderDto>,
    /// Messages recorded from the account, and e-mail touches they gave.
    pub messages: u64,
    pub touches: u64,
    /// The user's addresses.
    pub me: Vec<String>,
    pub offered: Vec<OfferedAddressDto>,
    pub password_kept: bool,
    /// A read is under way (in the running app).
    pub running: bool,
    /// Where it is: "Sent: 1,000 of 6,000 messages".
    pub progress: Option<String>,
    /// The read waits for a password (no keychain keeps one).
    pub needs_password: bool,
}

impl MailStatusDto {
    /// Where the account stands, read from the store (and whether the
    /// keychain keeps its password).
    pub fn read(store: &kith_core::Store) -> Result<Self, kith_core::StoreError> {
        let account = store.mail_account()?;
        let (folders, tally, kept) = match &account {
            Some(a) => (
                store.mail_folders(a.id)?,
                store.mail_tally(&a.source())?,
                kith_mail::account::kept_password(a)
                    .ok()
                    .flatten()
                    .is_some(),
            ),
            None => (Vec::new(), MailTally::default(), false),
        };
        Ok(Self::new(
            account.as_ref(),
            folders,
            tally,
            store.my_addresses()?,
            store.offered_addresses()?,
            kept,
        ))
    }

    pub fn new(
        account: Option<&MailAccount>,
        folders: Vec<MailFolderState>,
        tally: MailTally,
        me: Vec<String>,
        offered: Vec<(String, u64)>,
        password_kept: bool,
    ) -> Self {
        Self {
            configured: account.is_some(),
            host: account.map(|a| a.host.clone()),
            port: account.map(|a| a.port),
            security: account.map(|a| a.security.clone()),
            user: account.map(|a| a.user.clone()),
            scope: account.map(|a| a.scope.clone()),
            since: account.and_then(|a| a.since).map(|d| d.to_string()),
            keep_subject: account.is_none_or(|a| a.keep_subject),
            synced_at: account.and_then(|a| a.synced_at).map(instant),
            tried_at: account.and_then(|a| a.tried_at).map(instant),
            error: account.and_then(|a| a.error.clone()),
            folders: folders
                .into_iter()
                .map(|f| MailFolderDto {
                    name: f.name,
                    read: f.read,
                    total: f.total,
                })
                .collect(),
            messages: tally.messages,
            touches: tally.touches,
            me,
            offered: offered
                .into_iter()
                .map(|(address, messages)| OfferedAddressDto { address, messages })
                .collect(),
            password_kept,
            running: false,
            progress: None,
            needs_password: false,
        }
    }
}

/// A folder read now, and how many messages were fetched from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailFolderReadDto {
    pub name: String,
    pub fetched: u64,
}

/// What reading the mail account did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailReadDto {
    pub folders: Vec<MailFolderReadDto>,
    pub new: u64,
    pub known: u64,
    pub touches_made: u64,
    pub touches_changed: u64,
    pub skipped: Vec<MailSkippedDto>,
    pub unreadable: u64,
}

fn skipped(counts: &BTreeMap<Skip, u64>) -> Vec<MailSkippedDto> {
    Skip::ALL
        .iter()
        .filter_map(|skip| {
            counts.get(skip).map(|n| MailSkippedDto {
                reason: skip.id().to_owned(),
                label: skip.label().to_owned(),
                messages: *n,
            })
        })
        .collect()
}

impl From<ReadReport> for MailReadDto {
    fn from(r: ReadReport) -> Self {
        Self {
            folders: r
                .folders
                .into_iter()
                .map(|(name, fetched)| MailFolderReadDto { name, fetched })
                .collect(),
            new: r.new,
            known: r.known,
            touches_made: r.touches_made,
            touches_changed: r.touches_changed,
            skipped: skipped(&r.skipped),
            unreadable: r.unreadable,
        }
    }
}

/// A mail account as the window sets it up.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailAccountInput {
    pub host: String,
    pub port: Option<u16>,
    pub user: String,
    pub password: String,
    /// `sent`, `all` or `folder:NAME`.
    pub scope: String,
    /// The user's other addresses.
    pub me: Vec<String>,
    /// `YYYY-MM-DD`: read mail from this date on.
    pub since: Option<String>,
    pub keep_subject: bool,
}

/// A provider Kith knows, for the set-up form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailProviderDto {
    pub name: String,
    pub host: String,
    pub port: u16,
    /// Where the provider makes app passwords.
    pub app_passwords: Option<String>,
    /// Signs in only through OAuth, which Kith does not speak.
    pub oauth_only: bool,
    /// The address domains it serves (to suggest it from an address).
    pub domains: Vec<String>,
}

impl From<&kith_mail::account::Provider> for MailProviderDto {
    fn from(p: &kith_mail::account::Provider) -> Self {
        Self {
            name: p.name.to_owned(),
            host: p.host.to_owned(),
            port: p.port,
            app_passwords: p.app_passwords.map(str::to_owned),
            oauth_only: p.oauth_only,
            domains: p.domains().iter().map(|d| (*d).to_owned()).collect(),
        }
    }
}

/// Whose mail is never a touch: role addresses by their local part, and
/// blocked addresses and domains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailFiltersDto {
    pub roles: Vec<String>,
    pub blocked: Vec<String>,
}

impl From<kith_core::domain::MailFilters> for MailFiltersDto {
    fn from(f: kith_core::domain::MailFilters) -> Self {
        Self {
            roles: f.roles,
            blocked: f.blocked,
        }
    }
}
