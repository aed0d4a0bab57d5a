-- Today's plan (src/plan.rs): the day's picks, kept so the plan is stable
-- for the day; `day` is the user's local date. A person skipped today stays
-- listed as skipped (so the backfill does not pick them again); "not for a
-- month" is a set-aside until a date.
CREATE TABLE plan_item (
    day           TEXT    NOT NULL,
    person_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    why           TEXT    NOT NULL,
    next          TEXT    NOT NULL,
    follow_up_id  INTEGER REFERENCES follow_up(id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    -- The end of its local day: a touch logged by then ticks it done.
    ends_at       INTEGER NOT NULL,
    done_at       INTEGER,
    skipped_at    INTEGER,
    PRIMARY KEY (day, person_id)
) WITHOUT ROWID;

CREATE TABLE plan_set_aside (
    person_id  INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    until      INTEGER NOT NULL
);

-- The plan reads recent touches (replies owed, meetings not followed up)
-- from this index alone, without scanning everyone's history or the table.
CREATE INDEX touch_by_time ON touch (happened_at, person_id, kind, channel, direction);
