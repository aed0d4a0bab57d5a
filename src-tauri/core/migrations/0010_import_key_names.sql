-- The name each imported row carried, beside its key, so Kith can tell a
-- record that took rows of plainly different names (folded together before
-- imports kept them apart) and offer to split it. Older keys that begin
-- with the name ('name|…', and Facebook's bare names) give it back.
ALTER TABLE import_key ADD COLUMN name TEXT;
UPDATE import_key SET name = substr(key, 1, instr(key, '|') - 1) WHERE instr(key, '|') > 1;
UPDATE import_key SET name = key WHERE source = 'facebook' AND name IS NULL;
