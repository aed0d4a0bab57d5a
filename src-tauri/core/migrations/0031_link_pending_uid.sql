-- A tie a synced card names by another card's UID that has not come yet
-- (src/store/sync.rs): kept in `link_pending` with the UID as its `name`,
-- so the card keeps its line, and made a link when that card arrives.
ALTER TABLE link_pending ADD COLUMN by_uid INTEGER NOT NULL DEFAULT 0 CHECK (by_uid IN (0, 1));
