-- The morning notification of today's plan is claimed like any reminder,
-- once a day: subject 'plan', subject_id the local day's number. SQLite
-- cannot change a CHECK constraint in place, so the table is rebuilt with
-- its rows, ids and constraints as they were, plus the new subject.
CREATE TABLE reminder_new (
    id           INTEGER PRIMARY KEY,
    subject      TEXT    NOT NULL CHECK (subject IN ('follow_up', 'cadence', 'plan')),
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
