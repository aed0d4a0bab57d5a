-- Ties suggested and dismissed for good (src/store/link_suggestions.rs):
-- the pair, lower id first. The suggestions themselves are counted from
-- the touch log's own tables when asked for.
CREATE TABLE link_dismissed (
    a   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    b   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    at  INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX link_dismissed_by_b ON link_dismissed (b);
