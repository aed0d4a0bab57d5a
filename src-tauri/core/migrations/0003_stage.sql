-- Each person's stage, derived from their touches by the rules in
-- src/stage.rs and kept here so lists can filter, sort and count by it.
-- Never set by hand: the store recomputes it whenever a person's touches
-- change, and for everyone at start-up and daily (the relationship window
-- moves with time).
ALTER TABLE person ADD COLUMN stage INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 6);
CREATE INDEX person_by_stage ON person (stage);
