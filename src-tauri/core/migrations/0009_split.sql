-- Splits: part of a person (identities, notes, touches, follow-ups) moved to
-- a new person, for records that were folded together before Kith kept
-- people with different names apart, or by hand. Undoing a split merges the
-- new person back (`merge_id`, so the merge's own log says what it moved).
CREATE TABLE split_log (
    id            INTEGER PRIMARY KEY,
    source        INTEGER NOT NULL,
    created       INTEGER NOT NULL,
    created_name  TEXT    NOT NULL,
    split_at      INTEGER NOT NULL,
    undone_at     INTEGER,
    merge_id      INTEGER
);
