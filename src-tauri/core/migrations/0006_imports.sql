-- Imports: a birthday per person (as the source gave it: 'YYYY-MM-DD', or
-- '--MM-DD' without a year), and the key a source row had, so importing
-- the same export again finds the same person even when the row has no
-- e-mail, phone or profile to match on.
ALTER TABLE person ADD COLUMN birthday TEXT;

CREATE TABLE import_key (
    source     TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;
CREATE INDEX import_key_by_person ON import_key (person_id);

-- Imports look for someone with the same name and company (a merge
-- suggestion); the name index carries the company so that is one lookup.
DROP INDEX person_by_name;
CREATE INDEX person_by_name ON person (display_name COLLATE NOCASE, company COLLATE NOCASE);

-- Duplicates: pairs the user said are two different people, and merges
-- with what is needed to undo them (every row the merge changed, as it was).
CREATE TABLE not_duplicate (
    a  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    b  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;

CREATE TABLE merge_log (
    id            INTEGER PRIMARY KEY,
    kept          INTEGER NOT NULL,
    removed       INTEGER NOT NULL,
    removed_name  TEXT    NOT NULL,
    merged_at     INTEGER NOT NULL,
    undone_at     INTEGER
);

-- A row as it was before a merge (`tbl`), or a row the merge added
-- (`tbl` prefixed with '+'); `vals` is the row in Kith's compact encoding
-- (store/dump.rs).
CREATE TABLE merge_row (
    merge_id  INTEGER NOT NULL REFERENCES merge_log(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    tbl       TEXT    NOT NULL,
    cols      TEXT    NOT NULL,
    vals      TEXT    NOT NULL,
    PRIMARY KEY (merge_id, seq)
) WITHOUT ROWID;
