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
