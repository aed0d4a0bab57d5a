-- What a person's photo was made from, as sync tells photos apart
-- (core/src/photo.rs): `sha256:` and half the hash of the image a card
-- carried (the server's bytes, when sync brought it; Kith's own JPEG when
-- set here or imported), or `link:` and the address. A photo kept before
-- has none: its JPEG's key stands in.
ALTER TABLE person_photo ADD COLUMN source TEXT;
