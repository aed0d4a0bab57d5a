-- Kith's own data synced as journal entries (VJOURNAL) in a CalDAV
-- collection: each touch, note, topic, ask or offer, introduction and
-- dismissed prompt gets a `uid`, its entry's UID on the server, given when
-- it is first synced and kept for good.
ALTER TABLE touch ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX touch_by_uid ON touch (uid) WHERE uid IS NOT NULL;
ALTER TABLE note ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX note_by_uid ON note (uid) WHERE uid IS NOT NULL;
ALTER TABLE topic ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX topic_by_uid ON topic (uid) WHERE uid IS NOT NULL;
ALTER TABLE ask_offer ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX ask_offer_by_uid ON ask_offer (uid) WHERE uid IS NOT NULL;
ALTER TABLE introduction ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX introduction_by_uid ON introduction (uid) WHERE uid IS NOT NULL;
ALTER TABLE prompt_dismissal ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX prompt_dismissal_by_uid ON prompt_dismissal (uid) WHERE uid IS NOT NULL;

-- Follow-ups may also be mirrored as events in a calendar of their own
-- (for calendar apps without tasks): a fourth collection. SQLite cannot
-- change a CHECK constraint in place, so the collections and their items
-- are rebuilt with their rows as they were; the new items point at the new
-- collections (renaming those renames the reference), so dropping the old
-- ones cascades to nothing.
CREATE TABLE sync_collection_new (
    name   TEXT PRIMARY KEY CHECK (name IN ('people', 'follow_ups', 'journal', 'events')),
    href   TEXT NOT NULL,
    token  TEXT
) WITHOUT ROWID;
INSERT INTO sync_collection_new (name, href, token) SELECT name, href, token FROM sync_collection;
CREATE TABLE sync_item_new (
    collection  TEXT NOT NULL REFERENCES sync_collection_new(name) ON DELETE CASCADE,
    uid         TEXT NOT NULL,
    href        TEXT NOT NULL,
    etag        TEXT,
    base        TEXT NOT NULL,
    remote      TEXT NOT NULL,
    PRIMARY KEY (collection, uid)
) WITHOUT ROWID;
INSERT INTO sync_item_new (collection, uid, href, etag, base, remote)
    SELECT collection, uid, href, etag, base, remote FROM sync_item;
DROP TABLE sync_item;
DROP TABLE sync_collection;
ALTER TABLE sync_collection_new RENAME TO sync_collection;
ALTER TABLE sync_item_new RENAME TO sync_item;
CREATE UNIQUE INDEX sync_item_by_href ON sync_item (collection, href);
