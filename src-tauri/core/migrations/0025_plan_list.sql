-- Today's plan may also be a task list of its own on the sync server ("Kith
-- — today", for a phone's task app): a fifth collection. As in 0015, the
-- collections and their items are rebuilt with their rows as they were,
-- since SQLite cannot change a CHECK constraint in place.
CREATE TABLE sync_collection_new (
    name   TEXT PRIMARY KEY CHECK (name IN ('people', 'follow_ups', 'journal', 'events', 'plan')),
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
