-- Repeating follow-ups fire and move on to their next occurrence at once;
-- the earliest fired occurrence not yet marked done is kept here, so Today
-- still shows it as due.
ALTER TABLE follow_up ADD COLUMN pending_since INTEGER;

-- An occurrence claimed after the grace period (Kith was closed or the
-- machine asleep for long) is recorded as missed and not shown as a pop-up;
-- Today lists it as missed instead.
ALTER TABLE reminder ADD COLUMN missed INTEGER NOT NULL DEFAULT 0 CHECK (missed IN (0, 1));

CREATE INDEX follow_up_pending ON follow_up (pending_since) WHERE pending_since IS NOT NULL;
