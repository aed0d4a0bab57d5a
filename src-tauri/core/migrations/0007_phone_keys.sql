-- Phone keys: international numbers are keyed in E.164 (libphonenumber's
-- rules), and a number with letters or fewer than seven digits is kept as
-- text, marked '~', and never used to match people. The keys are derived in
-- Rust (domain::phone_key); this migration's Rust step re-derives every
-- stored phone's key in the same transaction (store/mod.rs, `rekey_phones`).
SELECT 1;
