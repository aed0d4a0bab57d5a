//! The mail account's workflow: set it up (the login checked, the password
//! kept in the OS keychain), read it (each folder from where the last read
//! stopped, in batches that each commit with the folder's progress), tell
//! where it stands, and remove it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use tokio::sync::mpsc;

use kith_core::domain::{InputError, MailDraft, MailFilters, MailParty, PartyRole};
use kith_core::keychain::{self, KeychainError};
use kith_core::store::{MailAccount, MailAccountDraft, MailFolderState};
use kith_core::{Store, StoreError};

use crate::header::Headers;
use crate::imap::{folders_for, Imap, ImapError, Security};
use crate::rules::{classify, Me, Skip};

/// Messages fetched and recorded together.
pub const IMAP_BATCH: usize = 5_000;

/// The first batch of a folder: small, so recording starts while the next,
/// each four times larger up to [`IMAP_BATCH`], is fetched.
const FIRST_IMAP_BATCH: usize = 500;

/// `uids` in the batches they are fetched in.
fn batches(uids: &[u32]) -> impl Iterator<Item = &[u32]> {
    let mut rest = uids;
    let mut size = FIRST_IMAP_BATCH;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (batch, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        size = (size * 4).min(IMAP_BATCH);
        Some(batch)
    })
}

const SERVICE: &str = "Kith mail";

/// A provider Kith knows: where its IMAP server is and where it makes app
/// passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    pub name: &'static str,
    pub host: &'static str,
    pub port: u16,
    /// The page where the provider makes app passwords (IMAP refuses the
    /// account's own password when two-step sign-in is on).
    pub app_passwords: Option<&'static str>,
    /// Signs in only through OAuth, which Kith does not speak.
    pub oauth_only: bool,
    domains: &'static [&'static str],
}

/// Common providers.
pub const PROVIDERS: [Provider; 6] = [
    Provider {
        name: "Gmail",
        host: "imap.gmail.com",
        port: 993,
        app_passwords: Some("https://myaccount.google.com/apppasswords"),
        oauth_only: false,
        domains: &["gmail.com", "googlemail.com"],
    },
    Provider {
        name: "iCloud Mail",
        host: "imap.mail.me.com",
        port: 993,
        app_passwords: Some(
            "https://account.apple.com (Sign-In and Security → App-Specific Passwords)",
        ),
        oauth_only: false,
        domains: &["icloud.com", "me.com", "mac.com"],
    },
    Provider {
        name: "Yahoo Mail",
        host: "imap.mail.yahoo.com",
        port: 993,
        app_passwords: Some("https://login.yahoo.com/account/security"),
        oauth_only: false,
        domains: &["yahoo.com", "ymail.com"],
    },
    Provider {
        name: "Fastmail",
        host: "imap.fastmail.com",
        port: 993,
        app_passwords: Some("https://app.fastmail.com/settings/security/apps"),
        oauth_only: false,
        domains: &["fastmail.com", "fastmail.fm"],
    },
    Provider {
        name: "Outlook.com",
        host: "outlook.office365.com",
        port: 993,
        app_passwords: None,
        oauth_only: true,
        domains: &["outlook.com", "hotmail.com", "live.com", "msn.com"],
    },
    Provider {
        name: "Microsoft 365",
        host: "imap-mail.outlook.com",
        port: 993,
        app_passwords: None,
        oauth_only: true,
        domains: &[],
    },
];

impl Provider {
    /// The address domains it serves.
    pub fn domains(&self) -> &'static [&'static str] {
        self.domains
    }
}

/// The provider of a host (or, without one, of the user's address).
pub fn provider_for(host: Option<&str>, user: &str) -> Option<&'static Provider> {
    let host = host.map(|h| h.trim().to_ascii_lowercase());
    let domain = user.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
    PROVIDERS.iter().find(|p| match &host {
        Some(host) => host == p.host,
        None => domain.as_deref().is_some_and(|d| p.domains.contains(&d)),
    })
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no mail account is set up (kith mail add --host HOST --user USER)")]
    NotSetUp,
    #[error("{0} accepts only OAuth sign-in, which Kith does not speak; export your mail as mbox and `kith import FILE.mbox --me ADDR` instead")]
    OauthOnly(&'static str),
    #[error("the OS keychain holds no password for {0}; give it with --password-stdin")]
    NoPassword(String),
    #[error("the OS keychain: {0}")]
    Keychain(String),
    #[error("{0}")]
    Input(String),
}

fn keychain_error(error: KeychainError) -> AccountError {
    AccountError::Keychain(error.to_string())
}

fn secret_name(host: &str, user: &str) -> String {
    format!("{user} @ {host}")
}

/// What setting an account up takes.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: String,
    pub password: String,
    pub scope: String,
    /// The user's addresses besides the account's own.
    pub me: Vec<String>,
    pub since: Option<NaiveDate>,
    pub keep_subject: bool,
}

/// An account just set up.
#[derive(Debug, Clone)]
pub struct Added {
    pub account: MailAccount,
    /// The folders its scope reads.
    pub folders: Vec<String>,
    /// Whether the OS keychain keeps the password (else it is asked for
    /// each time).
    pub password_kept: bool,
}

/// Checks a scope: `sent`, `all` or `folder:NAME`.
pub fn check_scope(scope: &str) -> Result<(), AccountError> {
    let ok = matches!(scope, "sent" | "all")
        || scope
            .strip_prefix("folder:")
            .is_some_and(|name| !name.trim().is_empty());
    if ok {
        Ok(())
    } else {
        Err(AccountError::Input(format!(
            "'{scope}' is not a scope (use sent, all or folder:NAME)"
        )))
    }
}

/// Sets the account up: the login and the scope's folders are checked on
/// the server first; then the password goes to the keychain and the
/// account, with the user's addresses, to the store.
pub async fn add(
    store: &Store,
    new: &NewAccount,
    now: DateTime<Utc>,
) -> Result<Added, AccountError> {
    check_scope(&new.scope)?;
    let provider = provider_for(new.host.as_deref(), &new.user);
    if let Some(p) = provider.filter(|p| p.oauth_only) {
        return Err(AccountError::OauthOnly(p.name));
    }
    let host = match (&new.host, provider) {
        (Some(host), _) => host.trim().to_owned(),
        (None, Some(p)) => p.host.to_owned(),
        (None, None) => {
            return Err(AccountError::Input(
                "give the IMAP server with --host (Kith knows Gmail, iCloud, Yahoo and Fastmail by the address)".into(),
            ))
        }
    };
    let port = new.port.or(provider.map(|p| p.port)).unwrap_or(993);
    // 143 is STARTTLS; any other port is TLS from the first byte (RFC 8314),
    // except on this computer, where a test or local server speaks plain.
    let security = match port {
        143 => Security::StartTls,
        993 => Security::Tls,
        _ if crate::imap::is_loopback(&host) => Security::Plain,
        _ => Security::Tls,
    };
    let mut me = new.me.clone();
    if new.user.contains('@') {
        me.push(new.user.clone());
    }
    let hint = login_hint(provider);
    let mut imap = Imap::connect(&host, port, security, &new.user, &new.password, &hint).await?;
    let folders = folders_for(&new.scope, &imap.folders().await?)?;
    imap.logout().await;
    if let Some(existing) = store.mail_account()? {
        return Err(StoreError::Input(InputError::MailAccountExists(existing.user)).into());
    }
    let password_kept = keychain::keep(SERVICE, &secret_name(&host, &new.user), &new.password)
        .inspect_err(|error| tracing::warn!(%error, "the mail password could not be kept"))
        .is_ok();
    store.add_my_addresses(&me)?;
    let account = store.add_mail_account(
        &MailAccountDraft {
            host,
            port,
            security: security.id().to_owned(),
            user: new.user.clone(),
            scope: new.scope.clone(),
            since: new.since,
            keep_subject: new.keep_subject,
        },
        now,
    )?;
    Ok(Added {
        account,
        folders,
        password_kept,
    })
}

fn login_hint(provider: Option<&Provider>) -> String {
    match provider.and_then(|p| p.app_passwords.map(|page| (p.name, page))) {
        Some((name, page)) => format!(
            "; {name} wants an app password for IMAP when two-step sign-in is on: make one at {page}"
        ),
        None => String::new(),
    }
}

/// The password kept for the account, if any.
pub fn kept_password(account: &MailAccount) -> Result<Option<String>, AccountError> {
    keychain::load(SERVICE, &secret_name(&account.host, &account.user)).map_err(keychain_error)
}

/// Removes the account, its kept password and (with `forget`) the mail
/// only it gave and the touches that made. Returns the account and the
/// touches removed.
pub fn remove(
    store: &Store,
    forget: bool,
    now: DateTime<Utc>,
) -> Result<(MailAccount, usize), AccountError> {
    let (account, removed) = store
        .remove_mail_account(forget, now)?
        .ok_or(AccountError::NotSetUp)?;
    if let Err(error) = keychain::forget(SERVICE, &secret_name(&account.host, &account.user)) {
        tracing::warn!(%error, "the mail password could not be removed from the keychain");
    }
    Ok((account, removed))
}

/// Where a read is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub folder: String,
    pub read: u64,
    pub total: u64,
}

/// What one read did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadReport {
    /// Each folder read: its name, messages fetched now.
    pub folders: Vec<(String, u64)>,
    pub new: u64,
    pub known: u64,
    pub touches_made: u64,
    pub touches_changed: u64,
    pub skipped: BTreeMap<Skip, u64>,
    /// Header blocks that could not be read at all.
    pub unreadable: u64,
}

/// Reads the account's new mail: every folder of its scope from after the
/// last UID recorded (from the start after a UIDVALIDITY change), in
/// batches of [`IMAP_BATCH`] that each commit with the folder's progress.
/// The outcome is recorded on the account (`kith mail status`).
pub async fn read(
    store: &Store,
    password: &str,
    zone: Tz,
    now: DateTime<Utc>,
    mut progress: impl FnMut(&Progress),
) -> Result<ReadReport, AccountError> {
    let account = store.mail_account()?.ok_or(AccountError::NotSetUp)?;
    // People a stopped read left waiting are settled first.
    store.settle_mail(now)?;
    let outcome = {
        let _batches = store.hold_checkpoints()?;
        read_account(store, &account, password, zone, now, &mut progress).await
    };
    // However the read ended, what it kept is settled.
    store.settle_mail(now)?;
    let error = outcome.as_ref().err().map(ToString::to_string);
    store.mail_attempt(account.id, error.as_deref(), now)?;
    outcome
}

async fn read_account(
    store: &Store,
    account: &MailAccount,
    password: &str,
    zone: Tz,
    now: DateTime<Utc>,
    progress: &mut impl FnMut(&Progress),
) -> Result<ReadReport, AccountError> {
    let job = Fetch {
        host: account.host.clone(),
        port: account.port,
        security: Security::parse(&account.security).unwrap_or(Security::Tls),
        user: account.user.clone(),
        password: password.to_owned(),
        hint: login_hint(provider_for(Some(&account.host), &account.user)),
        scope: account.scope.clone(),
        since: account.since,
        keep_subject: account.keep_subject,
        states: store.mail_folders(account.id)?,
        me: Me::new(store.my_addresses()?),
        filters: store.mail_filters()?,
        zone,
    };
    let source = account.source();
    let mut report = ReadReport::default();
    // The server is read and its headers sorted on a thread of their own,
    // a batch ahead of the recording here: the two take about as long.
    let mut parts = fetch_in_background(job);
    loop {
        let part = parts.recv().await.unwrap_or_else(|| {
            Err(AccountError::Input(
                "reading the mail server stopped unexpectedly".into(),
            ))
        })?;
        match part {
            Part::Batch {
                drafts,
                step,
                skipped,
                unreadable,
            } => {
                report.unreadable += unreadable;
                for (skip, n) in skipped {
                    *report.skipped.entry(skip).or_default() += n;
                }
                let recorded =
                    store.record_mail_step(&source, &drafts, &step.step(account.id), now)?;
                report.new += recorded.new as u64;
                report.known += recorded.known as u64;
                report.touches_made += recorded.touches_made as u64;
                report.touches_changed += recorded.touches_changed as u64;
                progress(&Progress {
                    folder: step.name.clone(),
                    read: step.read,
                    total: step.total,
                });
            }
            Part::Kept { step } => {
                store.record_mail_step(&source, &[], &step.step(account.id), now)?;
            }
            Part::Folder { name, fetched } => report.folders.push((name, fetched)),
            Part::Done { offered } => {
                let offered: Vec<(String, u64)> = offered
                    .into_iter()
                    .filter(|(a, _)| MailParty::new(a, None, PartyRole::From).is_some())
                    .collect();
                store.offer_addresses(account.id, &offered)?;
                return Ok(report);
            }
        }
    }
}

/// What reading the server takes, owned by the thread that reads it.
struct Fetch {
    host: String,
    port: u16,
    security: Security,
    user: String,
    password: String,
    hint: String,
    scope: String,
    since: Option<NaiveDate>,
    keep_subject: bool,
    /// Where each folder's last read stopped.
    states: Vec<MailFolderState>,
    me: Me,
    filters: MailFilters,
    zone: Tz,
}

/// What the reading thread hands on, in order.
enum Part {
    /// A batch of a folder's mail, sorted, with the folder's progress once
    /// it is recorded.
    Batch {
        drafts: Vec<MailDraft>,
        step: MailFolderState,
        skipped: BTreeMap<Skip, u64>,
        unreadable: u64,
    },
    /// A folder with nothing to fetch: its UIDVALIDITY is kept, so the
    /// next read starts there.
    Kept { step: MailFolderState },
    /// A folder done, with the messages fetched from it.
    Folder { name: String, fetched: u64 },
    /// Every folder done: the From addresses of Sent mail that are not the
    /// user's, with how often each was seen.
    Done { offered: BTreeMap<String, u64> },
}

/// Starts reading the server on a thread with its own runtime; its parts
/// (or the error that stopped it) arrive on the receiver, at most one
/// batch ahead of the one being recorded. Dropping the receiver stops it.
fn fetch_in_background(job: Fetch) -> mpsc::Receiver<Result<Part, AccountError>> {
    let (tx, rx) = mpsc::channel(1);
    let spawned = std::thread::Builder::new()
        .name("kith-mail-fetch".into())
        .spawn({
            let tx = tx.clone();
            move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                match runtime {
                    Ok(runtime) => runtime.block_on(async {
                        if let Err(error) = fetch(job, &tx).await {
                            let _ = tx.send(Err(error)).await;
                        }
                    }),
                    Err(error) => {
                        let _ = tx.blocking_send(Err(AccountError::Input(format!(
                            "could not start reading mail: {error}"
                        ))));
                    }
                }
            }
        });
    if let Err(error) = spawned {
        let _ = tx.try_send(Err(AccountError::Input(format!(
            "could not start reading mail: {error}"
        ))));
    }
    rx
}

/// Reads every folder of the scope from where its last read stopped (from
/// the start after a UIDVALIDITY change), in [`batches`], and hands each
/// on sorted into drafts. Stops when the receiver is gone.
async fn fetch(
    job: Fetch,
    tx: &mpsc::Sender<Result<Part, AccountError>>,
) -> Result<(), AccountError> {
    // Whether the recorder still listens.
    let hand_on = |part: Part| async move { tx.send(Ok(part)).await.is_ok() };
    let mut imap = Imap::connect(
        &job.host,
        job.port,
        job.security,
        &job.user,
        &job.password,
        &job.hint,
    )
    .await?;
    let listed = imap.folders().await?;
    let folders = folders_for(&job.scope, &listed)?;
    let sent = folders_for("sent", &listed)
        .ok()
        .and_then(|f| f.into_iter().next());
    let mut offered: BTreeMap<String, u64> = BTreeMap::new();
    for folder in &folders {
        let opened = imap.examine(folder).await?;
        let state = job
            .states
            .iter()
            .find(|s| &s.name == folder && s.uidvalidity == opened.uidvalidity);
        let after = state.map_or(0, |s| s.last_uid);
        let mut read = state.map_or(0, |s| s.read);
        let nothing_new = state.is_some() && opened.uid_next.is_some_and(|n| n <= after + 1);
        if nothing_new {
            if !hand_on(Part::Folder {
                name: folder.clone(),
                fetched: 0,
            })
            .await
            {
                break;
            }
            continue;
        }
        let uids = imap.uids_after(after, job.since, opened.uid_next).await?;
        let total = read + uids.len() as u64;
        let mut fetched_here = 0;
        if uids.is_empty() {
            let step = MailFolderState {
                name: folder.clone(),
                uidvalidity: opened.uidvalidity,
                last_uid: after,
                read,
                total,
            };
            if !hand_on(Part::Kept { step }).await {
                break;
            }
        }
        for chunk in batches(&uids) {
            let fetched = imap.headers(chunk).await?;
            let mut drafts = Vec::with_capacity(fetched.len());
            let mut skipped: BTreeMap<Skip, u64> = BTreeMap::new();
            let mut unreadable = 0;
            for message in &fetched {
                let Some(headers) = Headers::parse(&message.header) else {
                    unreadable += 1;
                    continue;
                };
                if Some(folder) == sent.as_ref() {
                    if let Some(from) = headers.from.first() {
                        if !job.me.contains(&from.address) {
                            *offered.entry(from.address.to_lowercase()).or_default() += 1;
                        }
                    }
                }
                match classify(&headers, &job.me, &job.filters, message.arrived, job.zone) {
                    Ok(mut draft) => {
                        if !job.keep_subject {
                            draft.subject = None;
                        }
                        drafts.push(draft);
                    }
                    Err(skip) => *skipped.entry(skip).or_default() += 1,
                }
            }
            read += chunk.len() as u64;
            fetched_here += chunk.len() as u64;
            let step = MailFolderState {
                name: folder.clone(),
                uidvalidity: opened.uidvalidity,
                last_uid: *chunk.last().expect("chunks are not empty"),
                read,
                total,
            };
            let batch = Part::Batch {
                drafts,
                step,
                skipped,
                unreadable,
            };
            if !hand_on(batch).await {
                imap.logout().await;
                return Ok(());
            }
        }
        if !hand_on(Part::Folder {
            name: folder.clone(),
            fetched: fetched_here,
        })
        .await
        {
            break;
        }
    }
    imap.logout().await;
    hand_on(Part::Done { offered }).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_fetched_in_growing_batches_of_every_uid_once_in_order() {
        let uids: Vec<u32> = (1..=20_000).collect();
        let sizes: Vec<usize> = batches(&uids).map(<[u32]>::len).collect();
        assert_eq!(sizes, [500, 2_000, 5_000, 5_000, 5_000, 2_500]);
        assert_eq!(batches(&uids).flatten().copied().collect::<Vec<_>>(), uids);
        assert_eq!(batches(&uids[..300]).count(), 1);
        assert_eq!(batches(&[]).count(), 0);
    }
}
