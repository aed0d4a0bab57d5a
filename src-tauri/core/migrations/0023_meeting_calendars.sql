-- The sync account's calendars the user chose to read meetings from, each
-- with the server's sync token.
CREATE TABLE meeting_calendar (
    href   TEXT PRIMARY KEY,
    name   TEXT,
    token  TEXT
) WITHOUT ROWID;

-- Each event resource read from them as the server last gave it: its text
-- is read again at every sync, so occurrences that come to pass become
-- meetings; and the occurrence keys it gave last time, one a line, so an
-- occurrence gone from it (or the whole event, deleted) takes its touches
-- away.
CREATE TABLE meeting_item (
    href      TEXT PRIMARY KEY,
    calendar  TEXT NOT NULL REFERENCES meeting_calendar(href) ON DELETE CASCADE,
    etag      TEXT NOT NULL,
    data      TEXT NOT NULL,
    keys      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX meeting_item_by_calendar ON meeting_item (calendar);
