-- Meetings read from calendars: each past occurrence of an event that is a
-- touch, by its key (the event's UID and, for an occurrence of a series,
-- the start it was scheduled for), with the people on it other than the
-- user. Each person in Kith among them has one touch for it, mapped in
-- meeting_touch so an event edited, cancelled or declined later changes or
-- takes away exactly the touches it gave.
CREATE TABLE meeting (
    key      TEXT    PRIMARY KEY,
    at       INTEGER NOT NULL,
    kind     TEXT    NOT NULL,
    channel  TEXT    NOT NULL,
    title    TEXT
) WITHOUT ROWID;

CREATE TABLE meeting_party (
    meeting  TEXT NOT NULL REFERENCES meeting(key) ON DELETE CASCADE,
    address  TEXT NOT NULL,
    name     TEXT,
    PRIMARY KEY (meeting, address)
) WITHOUT ROWID;
CREATE INDEX meeting_party_by_address ON meeting_party (address);

CREATE TABLE meeting_touch (
    uid      TEXT NOT NULL PRIMARY KEY,
    meeting  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX meeting_touch_by_meeting ON meeting_touch (meeting);
