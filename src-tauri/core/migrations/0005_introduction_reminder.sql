-- The reminder an introduction's latest step set, so taking the next step
-- retires it instead of leaving a stale question in Today.
ALTER TABLE introduction ADD COLUMN follow_up_id INTEGER REFERENCES follow_up(id) ON DELETE SET NULL;
