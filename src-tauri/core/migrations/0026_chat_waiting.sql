-- A chat's days with an author who is no one in Kith (or more than one
-- person): kept, so the author can be suggested and, once added (or once
-- anyone is given their name or number), gets those days as touches. `uid`
-- is the touch's uid to be, so the same export read again keeps one row a
-- day. Dismissed authors are not suggested again.
CREATE TABLE chat_waiting (
    uid        TEXT    PRIMARY KEY,
    author     TEXT    NOT NULL,
    summary    TEXT    NOT NULL,
    direction  TEXT    NOT NULL,
    at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX chat_waiting_by_author ON chat_waiting (author);

CREATE TABLE chat_dismissed (
    author  TEXT    PRIMARY KEY,
    at      INTEGER NOT NULL
) WITHOUT ROWID;

-- The zone a WhatsApp chat's times (which carry none) were first read in,
-- and its offset from UTC then: the same chat read again later, on a
-- computer in another zone, gives the same days.
CREATE TABLE chat_zone (
    source      TEXT    NOT NULL,
    chat        TEXT    NOT NULL,
    zone        TEXT    NOT NULL,
    utc_offset  TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (source, chat)
) WITHOUT ROWID;
