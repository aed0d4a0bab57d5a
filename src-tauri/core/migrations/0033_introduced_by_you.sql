-- A link for two people you introduced to each other (src/domain/link.rs,
-- `introduced-by-you`, symmetric): written when an introduction Kith
-- brokered is made. SQLite cannot change a CHECK in place, so the table is
-- made again with the new kind and its rows copied as they are.
CREATE TABLE link_new (
    id          INTEGER PRIMARY KEY,
    from_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    to_id       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('partner', 'parent', 'sibling', 'family',
                    'friend', 'colleague', 'manager', 'mentor', 'introduced', 'met-through',
                    'introduced-by-you')),
    note        TEXT,
    since       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    uid         TEXT,
    CHECK (from_id <> to_id),
    UNIQUE (from_id, to_id, kind)
);
INSERT INTO link_new (id, from_id, to_id, kind, note, since, created_at, updated_at, uid)
    SELECT id, from_id, to_id, kind, note, since, created_at, updated_at, uid FROM link;
DROP TABLE link;
ALTER TABLE link_new RENAME TO link;
CREATE INDEX link_by_to ON link (to_id);
