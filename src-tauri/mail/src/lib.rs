//! Touches from e-mail, read on this computer from message headers only —
//! never a body.
//!
//! - `header.rs` reads one message's header block into what a touch needs.
//! - `rules.rs` decides whether a message is a touch, which way it went and
//!   with whom (`classify`), with the user's addresses and the filter lists.
//! - `mbox.rs` streams an mbox file's header blocks in bounded memory.
//! - `imap.rs` is the IMAP connection (TLS, STARTTLS, plain only to this
//!   computer), the folders a scope reads, and header blocks fetched with
//!   `BODY.PEEK[HEADER.FIELDS (…)]`; `account.rs` sets an account up, reads
//!   it batch by batch from where it stopped, and removes it; `service.rs`
//!   reads it in the background of a running app (IDLE, else every five
//!   minutes, and when poked).
//!
//! The store records what [`rules::classify`] made of each message and
//! derives the touches (`kith_core::store::Store::record_mail`).

pub mod account;
pub mod header;
pub mod imap;
pub mod mbox;
pub mod rules;
pub mod service;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use kith_core::domain::MailDraft;
use kith_core::store::MailRecorded;
use kith_core::{Store, StoreError};

pub use header::Headers;
pub use rules::{classify, Me, Skip};

/// The source name mail read from mbox files is recorded under.
pub const MBOX_SOURCE: &str = "mbox";

/// Messages recorded in one transaction.
pub const BATCH: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("which addresses are yours? Give them with --me ADDR{hint}")]
    NeedMe { hint: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What reading an mbox file did (or, for a dry run, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MboxReport {
    /// Messages in the file.
    pub messages: u64,
    /// Messages that were touches: recorded now, and already recorded.
    pub recorded: MailRecorded,
    /// People in Kith the mail touches (a dry run's count).
    pub people: usize,
    /// Messages that were not touches, by reason.
    pub skipped: BTreeMap<Skip, u64>,
    /// Messages whose header could not be read at all, by line.
    pub unreadable: Vec<u64>,
    pub dry_run: bool,
}

/// How an mbox import runs.
pub struct MboxOptions<'a> {
    /// The user's addresses given for this import (kept as theirs); the
    /// ones Kith knows already are used too.
    pub me: &'a [String],
    pub dry_run: bool,
    pub zone: Tz,
}

/// Reads the mbox file at `path` (or Apple Mail `.mbox` folder) and records
/// the touches its mail gives, [`BATCH`] messages per transaction: a read
/// that stops half-way keeps what it recorded, and reading the file again
/// records each message once. `progress` hears the messages read so far.
pub fn import_mbox(
    store: &Store,
    path: &Path,
    options: &MboxOptions<'_>,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> Result<MboxReport, MailError> {
    let file_error = |e: std::io::Error| MailError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    // Nothing is kept from a file that is not an mbox, the addresses given
    // for it included.
    let head = mbox::head_of(path, 512).map_err(file_error)?;
    if !mbox::looks_like_mbox(&head) {
        return Err(file_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "this is not an mbox file (it does not start with a \"From \" line)",
        )));
    }
    let mut known = store.my_addresses()?;
    if options.me.is_empty() && known.is_empty() {
        return Err(MailError::NeedMe {
            hint: senders_hint(path).map_err(file_error)?,
        });
    }
    if !options.dry_run {
        store.add_my_addresses(options.me)?;
    }
    known.extend(options.me.iter().cloned());
    let me = Me::new(&known);
    let filters = store.mail_filters()?;
    let mut report = MboxReport {
        dry_run: options.dry_run,
        ..MboxReport::default()
    };
    let mut people = std::collections::BTreeSet::new();
    let _batches = store.hold_checkpoints()?;
    let mut batch: Vec<MailDraft> = Vec::with_capacity(BATCH);
    let mut flush =
        |batch: &mut Vec<MailDraft>, report: &mut MboxReport| -> Result<(), MailError> {
            if batch.is_empty() {
                return Ok(());
            }
            if options.dry_run {
                let preview = store.preview_mail(batch)?;
                report.recorded.new += preview.new;
                report.recorded.known += preview.known;
                people.extend(preview.people);
                report.people = people.len();
            } else {
                let recorded = store.record_mail_part(MBOX_SOURCE, batch, now)?;
                report.recorded.new += recorded.new;
                report.recorded.known += recorded.known;
                report.recorded.touches_made += recorded.touches_made;
                report.recorded.touches_changed += recorded.touches_changed;
            }
            batch.clear();
            Ok(())
        };
    let mut read = || -> Result<(), MailError> {
        for message in mbox::open(path).map_err(file_error)? {
            let message = message.map_err(file_error)?;
            report.messages += 1;
            let Some(headers) = Headers::parse(&message.header) else {
                report.unreadable.push(message.line);
                continue;
            };
            match classify(
                &headers,
                &me,
                &filters,
                message.separator_date,
                options.zone,
            ) {
                Ok(draft) => batch.push(draft),
                Err(skip) => *report.skipped.entry(skip).or_default() += 1,
            }
            if batch.len() == BATCH {
                flush(&mut batch, &mut report)?;
                progress(report.messages);
            }
        }
        flush(&mut batch, &mut report)?;
        progress(report.messages);
        Ok(())
    };
    let outcome = read();
    // However the file ended, the batches it kept are settled.
    if !options.dry_run {
        store.settle_mail(now)?;
    }
    outcome.map(|()| report)
}

/// The addresses that sent the most of the file's first messages, as a
/// hint for `--me`.
fn senders_hint(path: &Path) -> std::io::Result<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for message in mbox::open(path)?.take(5_000) {
        let Some(headers) = Headers::parse(&message?.header) else {
            continue;
        };
        if let Some(from) = headers.from.first() {
            *counts.entry(from.address.to_lowercase()).or_default() += 1;
        }
    }
    let mut top: Vec<(String, usize)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let names: Vec<String> = top.into_iter().take(3).map(|(a, _)| a).collect();
    Ok(if names.is_empty() {
        String::new()
    } else {
        format!(" (the file's most frequent senders: {})", names.join(", "))
    })
}
