-- Meetings ahead: the reader also gives the occurrences of the next two
-- days. One still ahead (`ahead = 1`) gives no touch yet; Today's plan
-- prepares the user for it, and once it has begun the store derives its
-- touches and clears the mark. `ends` is when it ends (its start for an
-- event without an end): after it, the plan asks for a note or a
-- follow-up.
ALTER TABLE meeting ADD COLUMN ends INTEGER;
ALTER TABLE meeting ADD COLUMN ahead INTEGER NOT NULL DEFAULT 0;
CREATE INDEX meeting_ahead ON meeting (at) WHERE ahead = 1;
-- Meetings by when they happen (today's, for the plan).
CREATE INDEX meeting_by_time ON meeting (at);

-- A prep item in Today's plan is about one meeting.
ALTER TABLE plan_item ADD COLUMN meeting TEXT;
