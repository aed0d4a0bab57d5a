-- Ties a card named to someone not in Kith yet (src/store/links.rs): kept
-- as text, with what the other is to this person, and made a link when a
-- person of that name arrives.
CREATE TABLE link_pending (
    person_id       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('partner', 'parent', 'sibling', 'family',
                        'friend', 'colleague', 'manager', 'mentor', 'introduced', 'met-through')),
    other_is_first  INTEGER NOT NULL CHECK (other_is_first IN (0, 1)),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    PRIMARY KEY (person_id, kind, name)
) WITHOUT ROWID;
CREATE INDEX link_pending_by_name ON link_pending (name COLLATE NOCASE);
