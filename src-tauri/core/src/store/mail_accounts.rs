//! The IMAP account whose mail becomes touches: its settings, how far each
//! folder has been read, each attempt's outcome, and the From addresses its
//! Sent mail offers as the user's. The password is in the OS keychain.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::mail_rows::{forget_source, record, MailRecorded, Settle};
use super::{from_secs, to_secs, Result, StoreError};
use crate::domain::{InputError, MailDraft};

/// An account as set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAccount {
    pub id: i64,
    pub host: String,
    pub port: u16,
    /// `tls`, `starttls` or `plain` (plain only to this computer).
    pub security: String,
    pub user: String,
    /// `sent`, `all` or `folder:NAME`.
    pub scope: String,
    pub since: Option<NaiveDate>,
    pub keep_subject: bool,
    pub created_at: DateTime<Utc>,
    pub synced_at: Option<DateTime<Utc>>,
    pub tried_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
}

impl MailAccount {
    /// The source its mail is recorded under.
    pub fn source(&self) -> String {
        format!("imap:{}@{}", self.user, self.host)
    }
}

/// What setting an account up takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAccountDraft {
    pub host: String,
    pub port: u16,
    pub security: String,
    pub user: String,
    pub scope: String,
    pub since: Option<NaiveDate>,
    pub keep_subject: bool,
}

/// How far one folder has been read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFolderState {
    pub name: String,
    pub uidvalidity: u32,
    pub last_uid: u32,
    pub read: u64,
    pub total: u64,
}

impl MailFolderState {
    /// The step that brings `account`'s folder to this state.
    pub fn step(&self, account: i64) -> FolderStep<'_> {
        FolderStep {
            account,
            folder: &self.name,
            uidvalidity: self.uidvalidity,
            last_uid: self.last_uid,
            read: self.read,
            total: self.total,
        }
    }
}

/// The progress a batch makes in its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderStep<'a> {
    pub account: i64,
    pub folder: &'a str,
    pub uidvalidity: u32,
    /// The highest UID in the batch (all below it are read too).
    pub last_uid: u32,
    pub read: u64,
    pub total: u64,
}

/// What the account's mail has given so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MailTally {
    pub messages: u64,
    pub touches: u64,
}

const COLUMNS: &str = "id, host, port, security, user, scope, since, keep_subject, created_at,
                       synced_at, tried_at, error";

fn account_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<MailAccount> {
    let since: Option<String> = r.get(6)?;
    Ok(MailAccount {
        id: r.get(0)?,
        host: r.get(1)?,
        port: r.get(2)?,
        security: r.get(3)?,
        user: r.get(4)?,
        scope: r.get(5)?,
        since: since.and_then(|s| s.parse().ok()),
        keep_subject: r.get(7)?,
        created_at: from_secs(r.get(8)?),
        synced_at: r.get::<_, Option<i64>>(9)?.map(from_secs),
        tried_at: r.get::<_, Option<i64>>(10)?.map(from_secs),
        error: r.get(11)?,
    })
}

fn account(conn: &Connection) -> Result<Option<MailAccount>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM mail_account ORDER BY id LIMIT 1"
        ))?
        .query_row([], account_of)
        .optional()?)
}

impl super::Store {
    /// The mail account, if one is set up.
    pub fn mail_account(&self) -> Result<Option<MailAccount>> {
        self.read(account)
    }

    /// Sets the account up; there is one at a time.
    pub fn add_mail_account(
        &self,
        draft: &MailAccountDraft,
        now: DateTime<Utc>,
    ) -> Result<MailAccount> {
        self.write(|tx| {
            if let Some(existing) = account(tx)? {
                return Err(InputError::MailAccountExists(existing.user).into());
            }
            tx.execute(
                "INSERT INTO mail_account (host, port, security, user, scope, since, keep_subject,
                                           created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    draft.host,
                    draft.port,
                    draft.security,
                    draft.user,
                    draft.scope,
                    draft.since.map(|d| d.to_string()),
                    draft.keep_subject,
                    to_secs(now)
                ],
            )?;
            let id = tx.last_insert_rowid();
            account(tx)?.ok_or(StoreError::NotFound {
                what: "mail account",
                id,
            })
        })
    }

    /// Removes the account (and how far it was read); with `forget`, also
    /// the mail only it gave and the touches that mail made, in the same
    /// transaction. Returns the account and the touches removed.
    pub fn remove_mail_account(
        &self,
        forget: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<(MailAccount, usize)>> {
        self.write(|tx| {
            let Some(existing) = account(tx)? else {
                return Ok(None);
            };
            let removed = if forget {
                forget_source(tx, &existing.source(), now)?
            } else {
                0
            };
            tx.execute("DELETE FROM mail_account WHERE id = ?1", [existing.id])?;
            Ok(Some((existing, removed)))
        })
    }

    /// How far each of the account's folders has been read.
    pub fn mail_folders(&self, account: i64) -> Result<Vec<MailFolderState>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT name, uidvalidity, last_uid, read, total FROM mail_folder
                  WHERE account_id = ?1 ORDER BY name",
            )?;
            let rows = stmt.query_map([account], |r| {
                Ok(MailFolderState {
                    name: r.get(0)?,
                    uidvalidity: r.get(1)?,
                    last_uid: r.get(2)?,
                    read: r.get::<_, i64>(3)? as u64,
                    total: r.get::<_, i64>(4)? as u64,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Records a batch of the account's mail and the folder's progress in
    /// one transaction, so a read stopped at any moment continues after the
    /// last batch it kept. The people it gave touches wait for
    /// [`Store::settle_mail`].
    pub fn record_mail_step(
        &self,
        source: &str,
        mail: &[MailDraft],
        step: &FolderStep<'_>,
        now: DateTime<Utc>,
    ) -> Result<MailRecorded> {
        // A batch lost to a power cut is read again: the folder's progress
        // goes with it.
        self.write_unflushed(|tx| {
            let recorded = record(tx, source, mail, now, Settle::AtEnd)?;
            tx.prepare_cached(
                "INSERT INTO mail_folder (account_id, name, uidvalidity, last_uid, read, total)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (account_id, name) DO UPDATE SET
                     uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid,
                     read = excluded.read, total = excluded.total",
            )?
            .execute(params![
                step.account,
                step.folder,
                step.uidvalidity,
                step.last_uid,
                step.read as i64,
                step.total as i64
            ])?;
            Ok(recorded)
        })
    }

    /// Forgets how far the account's folders were read, so the next read
    /// reads them whole again (after the user named another address of
    /// theirs: mail it sent becomes touches). What was recorded stays, and
    /// is recognised by its key.
    pub fn read_mail_again(&self) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM mail_folder", [])?;
            Ok(())
        })
    }

    /// Records an attempt: `error` is `None` when the read completed.
    pub fn mail_attempt(
        &self,
        account: i64,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE mail_account SET tried_at = ?2, error = ?3,
                        synced_at = CASE WHEN ?3 IS NULL THEN ?2 ELSE synced_at END
                  WHERE id = ?1",
                params![account, to_secs(now), error],
            )?;
            Ok(())
        })
    }

    /// Keeps the From addresses of the account's Sent mail that are not the
    /// user's, with how many messages each sent.
    pub fn offer_addresses(&self, account: i64, offered: &[(String, u64)]) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO mail_offered (address, account_id, messages) VALUES (?1, ?2, ?3)
                 ON CONFLICT (address) DO UPDATE SET messages = messages + excluded.messages",
            )?;
            for (address, messages) in offered {
                stmt.execute(params![address, account, *messages as i64])?;
            }
            tx.execute(
                "DELETE FROM mail_offered WHERE address IN (SELECT address FROM mail_me)",
                [],
            )?;
            Ok(())
        })
    }

    /// The addresses offered as the user's, the most used first.
    pub fn offered_addresses(&self) -> Result<Vec<(String, u64)>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT address, messages FROM mail_offered
                  WHERE address NOT IN (SELECT address FROM mail_me)
                  ORDER BY messages DESC, address",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Messages recorded from `source` and the e-mail touches their
    /// conversations gave.
    pub fn mail_tally(&self, source: &str) -> Result<MailTally> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "WITH shown (key) AS (
                         SELECT key FROM mail_message WHERE source = ?1
                         UNION ALL SELECT message FROM mail_seen WHERE source = ?1)
                     SELECT (SELECT COUNT(*) FROM shown),
                            (SELECT COUNT(*) FROM mail_touch t JOIN touch ON touch.uid = t.uid
                              WHERE t.thread IN (SELECT m.thread FROM shown s
                                                  JOIN mail_message m ON m.key = s.key))",
                )?
                .query_row([source], |r| {
                    Ok(MailTally {
                        messages: r.get::<_, i64>(0)? as u64,
                        touches: r.get::<_, i64>(1)? as u64,
                    })
                })?)
        })
    }
}
