-- Follow-ups synced as tasks (VTODO) in a CalDAV task list. A follow-up's
-- `uid` is its task's UID on the server, given when it is first synced and
-- kept for good. `updated_at` is when anything a task carries last changed
-- here (the newer side wins a conflict); the trigger keeps it, so every
-- way of changing a follow-up counts.
ALTER TABLE follow_up ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX follow_up_by_uid ON follow_up (uid) WHERE uid IS NOT NULL;
ALTER TABLE follow_up ADD COLUMN updated_at INTEGER;
UPDATE follow_up SET updated_at = coalesce(done_at, created_at);

CREATE TRIGGER follow_up_updated
AFTER UPDATE OF what, due_local, due_zone, anchor_local, repeat_every, repeat_unit, status, done_at
ON follow_up
WHEN OLD.what IS NOT NEW.what OR OLD.due_local IS NOT NEW.due_local
    OR OLD.due_zone IS NOT NEW.due_zone OR OLD.anchor_local IS NOT NEW.anchor_local
    OR OLD.repeat_every IS NOT NEW.repeat_every OR OLD.repeat_unit IS NOT NEW.repeat_unit
    OR OLD.status IS NOT NEW.status OR OLD.done_at IS NOT NEW.done_at
BEGIN
    UPDATE follow_up SET updated_at = max(unixepoch(), NEW.created_at) WHERE id = NEW.id;
END;
