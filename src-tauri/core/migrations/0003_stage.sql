-- Each person's stage, derived from their touches by the rules in
-- src/stage.rs and kept here so lists can filter, sort and count by it.
-- Never set by hand: the store recomputes it whenever a person's touches
-- change, and for everyone once a day (the relationship window moves with
-- time). No index: with six values it does not help a query, and it made
-- bulk inserts six times slower (cargo bench -p kith-core).
ALTER TABLE person ADD COLUMN stage INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 6);
