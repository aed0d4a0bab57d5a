-- A person's photo, as Kith keeps it (core/src/photo.rs): a JPEG of at most
-- 512 px, turned upright, and a thumbnail of 96 px for lists; or only a
-- link, when a card gave its photo as a web address (never fetched unless
-- the user asks). One per person.
CREATE TABLE person_photo (
    person_id  INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    image      BLOB,
    thumb      BLOB,
    link       TEXT,
    updated_at INTEGER NOT NULL,
    CHECK ((image IS NOT NULL AND thumb IS NOT NULL) OR link IS NOT NULL)
);
