-- A contact card's NOTE is one of the person's notes, marked so (at most
-- one a person): sync reads it from the card and writes it there, and it
-- stays out of the journal, which carries the other notes.
ALTER TABLE note ADD COLUMN on_card INTEGER NOT NULL DEFAULT 0 CHECK (on_card IN (0, 1));
CREATE UNIQUE INDEX note_on_card ON note (person_id) WHERE on_card = 1;

-- Cards synced before notes crossed are read again once: the address book
-- is listed whole at the next sync, and each card whose copy holds a NOTE
-- is fetched again.
UPDATE sync_collection SET token = NULL WHERE name = 'people';
UPDATE sync_item SET etag = NULL
 WHERE collection = 'people' AND instr(upper(remote), char(10) || 'NOTE') > 0;
