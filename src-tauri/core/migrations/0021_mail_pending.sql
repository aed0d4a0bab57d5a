-- People whose e-mail touches changed while a read of mail is under way.
-- Their search row and stage are brought up to date once, when the read
-- ends (or when the next begins, after a read that was stopped), instead
-- of after every batch of it.
CREATE TABLE mail_pending (
    person_id  INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE
);
