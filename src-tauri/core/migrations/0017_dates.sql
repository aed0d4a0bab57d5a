-- Dates that matter. A person's anniversary is kept like their birthday
-- ('YYYY-MM-DD', or '--MM-DD' without a year); a person who has died is
-- marked so nothing reminds of them or suggests them again; any number of
-- named dates ("started at Northwind") on a day, once or every year.
ALTER TABLE person ADD COLUMN anniversary TEXT;
ALTER TABLE person ADD COLUMN deceased INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1));

CREATE TABLE person_date (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    what       TEXT    NOT NULL CHECK (length(what) BETWEEN 1 AND 200),
    on_date    TEXT    NOT NULL,
    yearly     INTEGER NOT NULL DEFAULT 0 CHECK (yearly IN (0, 1))
);
CREATE INDEX person_date_by_person ON person_date (person_id);

-- A date's reminder is claimed like any other, once per occurrence:
-- subject 'birthday' or 'anniversary' with the person's id, 'date' with
-- the named date's id; due_at is the occurrence's day (its midnight, UTC),
-- so changing how many days before it reminds never reminds twice.
CREATE TABLE reminder_new (
    id           INTEGER PRIMARY KEY,
    subject      TEXT    NOT NULL CHECK (subject IN ('follow_up', 'cadence', 'plan',
                                                     'birthday', 'anniversary', 'date')),
    subject_id   INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    claimed_at   INTEGER NOT NULL,
    shown_at     INTEGER,
    missed       INTEGER NOT NULL DEFAULT 0 CHECK (missed IN (0, 1)),
    UNIQUE (subject, subject_id, due_at)
);
INSERT INTO reminder_new (id, subject, subject_id, due_at, claimed_at, shown_at, missed)
    SELECT id, subject, subject_id, due_at, claimed_at, shown_at, missed FROM reminder;
DROP TABLE reminder;
ALTER TABLE reminder_new RENAME TO reminder;
