-- Touches from e-mail (store/mail.rs): what was read of each message's
-- header, never a body. A message is kept once, under its key (its
-- Message-ID, or a hash of its header when it has none), however many
-- folders, accounts or files showed it.
CREATE TABLE mail_message (
    key          TEXT    PRIMARY KEY,
    -- The conversation: the first message its References name (else its
    -- In-Reply-To, else itself), or the thread of a message with the same
    -- subject and people within 14 days.
    thread       TEXT    NOT NULL,
    -- A hash of the subject without Re:/Fwd: and the like, for threading
    -- mail that names no earlier message.
    subject_key  TEXT,
    at           INTEGER NOT NULL,
    -- The local date it was sent on, as read when it was recorded: one
    -- touch per person per day of a conversation.
    day          TEXT    NOT NULL,
    direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    -- NULL when the source keeps no subjects.
    subject      TEXT
) WITHOUT ROWID;
CREATE INDEX mail_message_by_thread ON mail_message (thread, at);
CREATE INDEX mail_message_by_subject ON mail_message (subject_key, at) WHERE subject_key IS NOT NULL;

-- Where each message was read ('mbox', or an account's source name): what
-- removing a source with --forget takes away.
CREATE TABLE mail_seen (
    message  TEXT NOT NULL REFERENCES mail_message(key) ON DELETE CASCADE,
    source   TEXT NOT NULL,
    PRIMARY KEY (message, source)
) WITHOUT ROWID;
CREATE INDEX mail_seen_by_source ON mail_seen (source);

-- The other people on a message (never the user's own addresses): the
-- sender of incoming mail, the recipients of outgoing mail, and for
-- incoming mail its other recipients (evidence of who knows whom).
CREATE TABLE mail_party (
    message  TEXT NOT NULL REFERENCES mail_message(key) ON DELETE CASCADE,
    address  TEXT NOT NULL,
    name     TEXT,
    role     TEXT NOT NULL CHECK (role IN ('from', 'to', 'cc', 'bcc')),
    PRIMARY KEY (message, address, role)
) WITHOUT ROWID;
CREATE INDEX mail_party_by_address ON mail_party (address);

-- The touch each (conversation, person, day) gave: the touch's uid is a
-- hash of the three (the person by the first of their addresses on it), so
-- two computers reading the same mail make the same touch, which the
-- journal sync carries under that uid.
CREATE TABLE mail_touch (
    uid      TEXT NOT NULL PRIMARY KEY,
    thread   TEXT NOT NULL,
    address  TEXT NOT NULL,
    day      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX mail_touch_by_thread ON mail_touch (thread);

-- The user's own addresses (an account's, aliases, and those given to an
-- mbox import).
CREATE TABLE mail_me (
    address  TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Correspondents the user does not want suggested.
CREATE TABLE mail_dismissed (
    address  TEXT    PRIMARY KEY,
    at       INTEGER NOT NULL
) WITHOUT ROWID;

-- Whose mail is never a touch: 'role' holds local parts (noreply,
-- notifications, ...; also with a suffix: noreply-42, notifications+x),
-- 'blocked' addresses and domains (a domain blocks its subdomains).
CREATE TABLE mail_filter (
    kind   TEXT NOT NULL CHECK (kind IN ('role', 'blocked')),
    value  TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;
INSERT INTO mail_filter (kind, value) VALUES
    ('role', 'noreply'), ('role', 'no-reply'), ('role', 'no_reply'),
    ('role', 'donotreply'), ('role', 'do-not-reply'), ('role', 'do_not_reply'),
    ('role', 'notifications'), ('role', 'notification'), ('role', 'notify'),
    ('role', 'mailer-daemon'), ('role', 'postmaster'), ('role', 'bounce'), ('role', 'bounces'),
    ('role', 'newsletter'), ('role', 'news'), ('role', 'updates'), ('role', 'alerts'),
    ('role', 'automated'), ('role', 'unsubscribe'), ('role', 'calendar-notification');
