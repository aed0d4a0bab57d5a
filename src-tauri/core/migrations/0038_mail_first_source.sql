-- Where a message was first read ('mbox', or an account's source name) is
-- kept on the message itself, and `mail_seen` keeps only the other sources
-- that showed it too: most mail is read from one source, and the row and
-- index entry each message had there were two of the seven that recording
-- it wrote. Filled from `mail_seen` by store/mail_rows.rs
-- (`keep_first_sources`), which a restored export of an older schema goes
-- through as well.
ALTER TABLE mail_message ADD COLUMN source TEXT NOT NULL DEFAULT '';
