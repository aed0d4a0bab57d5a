-- Search that costs the page, not the matches.
--
-- The full-text index gains prefix indexes for one to three characters:
-- without one, FTS5 answers a prefix by merging the whole list of every
-- word that starts with it, so "a" or the "com" ending an e-mail address
-- (a word every person has) cost tens of milliseconds at 100,000 people.
-- An FTS5 table's options cannot change in place: it is dropped and
-- filled again from the people.
DROP TABLE person_search;
CREATE VIRTUAL TABLE person_search USING fts5 (
    name, work, handles, tags, notes, touches,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO person_search (rowid, name, work, handles, tags, notes, touches)
SELECT p.id, p.display_name,
       concat_ws(' ', p.company, p.role, p.how_met, p.where_met),
       (SELECT group_concat(value, ' ') FROM identity WHERE person_id = p.id),
       (SELECT group_concat(t.name, ' ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
           WHERE pt.person_id = p.id),
       (SELECT group_concat(body, ' ') FROM note WHERE person_id = p.id),
       (SELECT group_concat(summary, ' ') FROM touch WHERE person_id = p.id)
FROM person p;

-- The words of each person's name (folded: lower case, accents and
-- punctuation removed), with the name beside them, so the people whose
-- name has a word starting with a prefix are read in (word, name) order
-- straight from an index. Filled by the store (its Rust step here, then
-- whenever a person's search row is rebuilt).
CREATE TABLE person_word (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    word      TEXT NOT NULL,
    name      TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (person_id, word)
) WITHOUT ROWID;
CREATE INDEX person_word_by_word ON person_word (word, name, person_id);
