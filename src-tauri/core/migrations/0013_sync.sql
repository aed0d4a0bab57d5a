-- Sync through a CardDAV/CalDAV server (store/sync.rs). A person's `uid`
-- is their vCard's UID on the server, given when they are first synced
-- and kept for good (a trashed person keeps it, so a restore finds their
-- card again).
ALTER TABLE person ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX person_by_uid ON person (uid) WHERE uid IS NOT NULL;
ALTER TABLE trash ADD COLUMN person_uid TEXT;
CREATE INDEX trash_by_uid ON trash (person_uid) WHERE person_uid IS NOT NULL;

-- The one server synced with. Its password is in the OS keychain, never
-- here.
CREATE TABLE sync_account (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    url          TEXT    NOT NULL,
    user         TEXT    NOT NULL,
    added_at     INTEGER NOT NULL,
    tried_at     INTEGER,
    synced_at    INTEGER,
    error        TEXT
);

-- Each collection synced: where it is on the server, and the sync token
-- of its last complete sync (NULL: list everything next time).
CREATE TABLE sync_collection (
    name   TEXT PRIMARY KEY CHECK (name IN ('people', 'follow_ups', 'journal')),
    href   TEXT NOT NULL,
    token  TEXT
) WITHOUT ROWID;

-- Each item synced: where it is on the server and the version there
-- (ETag), the fields both sides last agreed on (the base of the three-way
-- merge, JSON) and the server's copy Kith's changes are patched onto, so
-- what other clients wrote survives.
CREATE TABLE sync_item (
    collection  TEXT NOT NULL REFERENCES sync_collection(name) ON DELETE CASCADE,
    uid         TEXT NOT NULL,
    href        TEXT NOT NULL,
    etag        TEXT,
    base        TEXT NOT NULL,
    remote      TEXT NOT NULL,
    PRIMARY KEY (collection, uid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX sync_item_by_href ON sync_item (collection, href);

-- A field changed on both sides to different values: the value kept and
-- the one set aside, which the user can bring back.
CREATE TABLE sync_conflict (
    id           INTEGER PRIMARY KEY,
    collection   TEXT    NOT NULL,
    uid          TEXT    NOT NULL,
    label        TEXT    NOT NULL,
    field        TEXT    NOT NULL,
    kept         TEXT    NOT NULL,
    other        TEXT    NOT NULL,
    kept_from    TEXT    NOT NULL CHECK (kept_from IN ('here', 'server')),
    found_at     INTEGER NOT NULL,
    resolved_at  INTEGER
);
CREATE INDEX sync_conflict_open ON sync_conflict (found_at) WHERE resolved_at IS NULL;
