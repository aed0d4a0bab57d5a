-- Who knows whom (src/domain/link.rs): a typed link between two people,
-- stored one way (`from_id` is the kind of `to_id`: a parent, a manager…);
-- a symmetric kind (partner, sibling, family, friend, colleague) is kept
-- with the lower id first, so a pair holds one row per kind. `uid` carries
-- the link through sync.
CREATE TABLE link (
    id          INTEGER PRIMARY KEY,
    from_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    to_id       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('partner', 'parent', 'sibling', 'family',
                    'friend', 'colleague', 'manager', 'mentor', 'introduced', 'met-through')),
    note        TEXT,
    since       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    uid         TEXT,
    CHECK (from_id <> to_id),
    UNIQUE (from_id, to_id, kind)
);
CREATE INDEX link_by_to ON link (to_id);
