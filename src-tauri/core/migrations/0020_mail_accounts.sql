-- An IMAP account whose mail headers become touches (store/mail_accounts.rs).
-- The password is in the OS keychain, never here. One account; its mail is
-- recorded under the source 'imap:USER@HOST'.
CREATE TABLE mail_account (
    id            INTEGER PRIMARY KEY,
    host          TEXT    NOT NULL,
    port          INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security      TEXT    NOT NULL CHECK (security IN ('tls', 'starttls', 'plain')),
    user          TEXT    NOT NULL,
    -- 'sent', 'all', or 'folder:NAME'.
    scope         TEXT    NOT NULL,
    -- Mail from this date on (YYYY-MM-DD); NULL for all of it.
    since         TEXT,
    keep_subject  INTEGER NOT NULL DEFAULT 1 CHECK (keep_subject IN (0, 1)),
    created_at    INTEGER NOT NULL,
    -- The last read that completed, the last attempt, and why it failed.
    synced_at     INTEGER,
    tried_at      INTEGER,
    error         TEXT
);

-- How far each folder has been read: its UIDVALIDITY and the highest UID
-- recorded (a new UIDVALIDITY starts again from nothing; the messages'
-- keys keep them from counting twice).
CREATE TABLE mail_folder (
    account_id   INTEGER NOT NULL REFERENCES mail_account(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    uidvalidity  INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL,
    -- Messages read, and on the server at the last look (progress).
    read         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, name)
) WITHOUT ROWID;

-- From addresses seen in the account's Sent mail that are not yet the
-- user's: offered as aliases.
CREATE TABLE mail_offered (
    address     TEXT    PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES mail_account(id) ON DELETE CASCADE,
    messages    INTEGER NOT NULL
) WITHOUT ROWID;
