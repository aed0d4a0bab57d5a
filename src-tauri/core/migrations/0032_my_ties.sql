-- What a person is to you, the user (src/domain/link.rs, `MyTie`): you are
-- a person of your own in Kith's graph ("my sister", "my manager"). One
-- row per person and tie; `uid` carries it through the sync journal.
CREATE TABLE my_tie (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    what        TEXT    NOT NULL CHECK (what IN ('partner', 'parent', 'child', 'sibling', 'family',
                    'friend', 'colleague', 'manager', 'report', 'mentor', 'mentee')),
    note        TEXT,
    since       TEXT,
    created_at  INTEGER NOT NULL,
    uid         TEXT,
    UNIQUE (person_id, what)
);
CREATE UNIQUE INDEX my_tie_by_uid ON my_tie (uid) WHERE uid IS NOT NULL;
