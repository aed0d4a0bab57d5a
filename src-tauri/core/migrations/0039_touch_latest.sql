-- What today's plan and the "quiet for" rules need of each person's
-- touches, kept up to date by the triggers below so they read one row a
-- person instead of everyone's touches (store/candidates.rs): the latest
-- touch of any kind; the latest that is not a connection (its time, kind,
-- channel and direction; of two at the same second, the one recorded
-- last); and the latest met in person (a meeting, or the in-person
-- channel: `PromptFact::in_person` in core/src/prompts.rs, which a test
-- holds to this). A person without touches has no row.
CREATE TABLE touch_latest (
    person_id       INTEGER PRIMARY KEY,
    last_at         INTEGER NOT NULL,
    said_at         INTEGER,
    said_kind       TEXT,
    said_channel    TEXT,
    said_direction  TEXT,
    met_at          INTEGER
);

INSERT INTO touch_latest (person_id, last_at, said_at, said_kind, said_channel, said_direction, met_at)
SELECT p.person_id, p.last_at, s.happened_at, s.kind, s.channel, s.direction,
       (SELECT max(m.happened_at) FROM touch m
         WHERE m.person_id = p.person_id AND (m.kind = 'meeting' OR m.channel = 'in-person'))
FROM (SELECT person_id, max(happened_at) AS last_at FROM touch GROUP BY person_id) p
LEFT JOIN (SELECT person_id, happened_at, kind, channel, direction,
                  row_number() OVER (PARTITION BY person_id ORDER BY happened_at DESC, id DESC) AS n
             FROM touch WHERE kind <> 'connected') s
       ON s.person_id = p.person_id AND s.n = 1;

-- A new touch can only move a person's latest forward: one statement, one
-- look-up of the person's row (an import or a read of mail adds thousands).
CREATE TRIGGER touch_latest_on_insert AFTER INSERT ON touch
BEGIN
    INSERT INTO touch_latest (person_id, last_at, said_at, said_kind, said_channel, said_direction, met_at)
    VALUES (NEW.person_id, NEW.happened_at,
            CASE WHEN NEW.kind <> 'connected' THEN NEW.happened_at END,
            CASE WHEN NEW.kind <> 'connected' THEN NEW.kind END,
            CASE WHEN NEW.kind <> 'connected' THEN NEW.channel END,
            CASE WHEN NEW.kind <> 'connected' THEN NEW.direction END,
            CASE WHEN NEW.kind = 'meeting' OR NEW.channel = 'in-person' THEN NEW.happened_at END)
    ON CONFLICT (person_id) DO UPDATE SET
        last_at = max(last_at, excluded.last_at),
        said_at = CASE WHEN excluded.said_at >= coalesce(said_at, excluded.said_at)
                       THEN excluded.said_at ELSE said_at END,
        said_kind = CASE WHEN excluded.said_at >= coalesce(said_at, excluded.said_at)
                         THEN excluded.said_kind ELSE said_kind END,
        said_channel = CASE WHEN excluded.said_at >= coalesce(said_at, excluded.said_at)
                            THEN excluded.said_channel ELSE said_channel END,
        said_direction = CASE WHEN excluded.said_at >= coalesce(said_at, excluded.said_at)
                              THEN excluded.said_direction ELSE said_direction END,
        met_at = max(coalesce(met_at, excluded.met_at), coalesce(excluded.met_at, met_at));
END;

-- A touch gone or changed: the person's row is read again from their
-- touches (through `touch_by_person`).
CREATE TRIGGER touch_latest_on_delete AFTER DELETE ON touch
BEGIN
    DELETE FROM touch_latest WHERE person_id = OLD.person_id;
    INSERT INTO touch_latest (person_id, last_at, said_at, said_kind, said_channel, said_direction, met_at)
    SELECT w.id, (SELECT max(happened_at) FROM touch WHERE person_id = w.id),
           (SELECT happened_at FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT kind FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT channel FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT direction FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT max(happened_at) FROM touch WHERE person_id = w.id
               AND (kind = 'meeting' OR channel = 'in-person'))
    FROM (SELECT OLD.person_id AS id) w
    WHERE EXISTS (SELECT 1 FROM touch WHERE person_id = w.id);
END;

CREATE TRIGGER touch_latest_on_update
AFTER UPDATE OF person_id, kind, channel, direction, happened_at ON touch
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.kind IS NOT NEW.kind
    OR OLD.channel IS NOT NEW.channel OR OLD.direction IS NOT NEW.direction
    OR OLD.happened_at IS NOT NEW.happened_at
BEGIN
    DELETE FROM touch_latest WHERE person_id IN (OLD.person_id, NEW.person_id);
    INSERT INTO touch_latest (person_id, last_at, said_at, said_kind, said_channel, said_direction, met_at)
    SELECT w.id, (SELECT max(happened_at) FROM touch WHERE person_id = w.id),
           (SELECT happened_at FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT kind FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT channel FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT direction FROM touch WHERE person_id = w.id AND kind <> 'connected'
             ORDER BY happened_at DESC, id DESC LIMIT 1),
           (SELECT max(happened_at) FROM touch WHERE person_id = w.id
               AND (kind = 'meeting' OR channel = 'in-person'))
    FROM (SELECT OLD.person_id AS id UNION SELECT NEW.person_id) w
    WHERE EXISTS (SELECT 1 FROM touch WHERE person_id = w.id);
END;

-- The welcome queue's connections (store/queue.rs): read by time without
-- walking every other touch of the same days.
CREATE INDEX touch_connected ON touch (happened_at, person_id) WHERE kind = 'connected';
