-- Kith's own data synced as journal entries (VJOURNAL) in a CalDAV
-- collection: each touch, note, topic, ask or offer, introduction and
-- dismissed prompt gets a `uid`, its entry's UID on the server, given when
-- it is first synced and kept for good.
ALTER TABLE touch ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX touch_by_uid ON touch (uid) WHERE uid IS NOT NULL;
ALTER TABLE note ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX note_by_uid ON note (uid) WHERE uid IS NOT NULL;
ALTER TABLE topic ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX topic_by_uid ON topic (uid) WHERE uid IS NOT NULL;
ALTER TABLE ask_offer ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX ask_offer_by_uid ON ask_offer (uid) WHERE uid IS NOT NULL;
ALTER TABLE introduction ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX introduction_by_uid ON introduction (uid) WHERE uid IS NOT NULL;
ALTER TABLE prompt_dismissal ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX prompt_dismissal_by_uid ON prompt_dismissal (uid) WHERE uid IS NOT NULL;
