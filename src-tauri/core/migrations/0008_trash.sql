-- The trash: a deleted person with everything of theirs, kept 30 days and
-- restorable. Their rows leave the live tables (so no list, search,
-- reminder or figure has to know about the trash) and are kept here in
-- Kith's compact row encoding (store/dump.rs), like a merge's saved rows.
CREATE TABLE trash (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL,
    display_name  TEXT    NOT NULL,
    deleted_at    INTEGER NOT NULL
);
CREATE INDEX trash_by_time ON trash (deleted_at);

CREATE TABLE trash_row (
    trash_id  INTEGER NOT NULL REFERENCES trash(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    tbl       TEXT    NOT NULL,
    cols      TEXT    NOT NULL,
    vals      TEXT    NOT NULL,
    PRIMARY KEY (trash_id, seq)
) WITHOUT ROWID;
