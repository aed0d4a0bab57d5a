-- Kith's first schema: the whole product's tables, from PRODUCT.md's glossary.
-- Instants are INTEGER Unix seconds (UTC). Local intents are TEXT
-- 'YYYY-MM-DDTHH:MM:SS' with an IANA zone name, or NULL for floating.

CREATE TABLE person (
    id             INTEGER PRIMARY KEY,
    display_name   TEXT    NOT NULL CHECK (length(display_name) > 0),
    company        TEXT,
    role           TEXT,
    how_met        TEXT,
    where_met      TEXT,
    introduced_by  INTEGER REFERENCES person(id) ON DELETE SET NULL,
    cadence_days   INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    is_sample      INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX person_by_name ON person (display_name COLLATE NOCASE);
CREATE INDEX person_sample ON person (is_sample) WHERE is_sample = 1;

-- How a person can be reached or recognised. `normalized` is the matching
-- key (lower-cased e-mail, digits of a phone, LinkedIn slug, ...).
CREATE TABLE identity (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('email', 'phone', 'linkedin', 'x', 'facebook',
                                                 'instagram', 'website', 'other')),
    value       TEXT    NOT NULL,
    normalized  TEXT    NOT NULL,
    UNIQUE (person_id, kind, normalized)
);
CREATE INDEX identity_by_key ON identity (kind, normalized);

-- Tags double as circles: a tag may carry a keep-in-touch cadence.
CREATE TABLE tag (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    cadence_days  INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0)
);

CREATE TABLE person_tag (
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX person_tag_by_tag ON person_tag (tag_id);

CREATE TABLE note (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX note_by_person ON note (person_id, created_at);

-- What matters to a person ("new job", "moving to Berlin").
CREATE TABLE topic (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    text        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
CREATE INDEX topic_by_person ON topic (person_id);

CREATE TABLE touch (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('connected', 'note', 'comment', 'share', 'reaction',
                                                 'message', 'email', 'call', 'video', 'meeting',
                                                 'intro', 'help', 'other')),
    channel     TEXT    NOT NULL CHECK (channel IN ('linkedin', 'x', 'facebook', 'instagram', 'email',
                                                    'phone', 'sms', 'chat', 'in-person', 'video',
                                                    'other')),
    direction   TEXT    NOT NULL CHECK (direction IN ('out', 'in', 'mutual')),
    happened_at INTEGER NOT NULL,
    summary     TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX touch_by_person ON touch (person_id, happened_at);

-- A dated intention. `due_local` + `due_zone` is what the user meant;
-- `due_at` is the instant derived from it. `anchor_local` is the first
-- occurrence of a repeating series.
CREATE TABLE follow_up (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    topic_id      INTEGER REFERENCES topic(id) ON DELETE SET NULL,
    what          TEXT    NOT NULL CHECK (length(what) > 0),
    due_local     TEXT    NOT NULL,
    due_zone      TEXT,
    due_at        INTEGER NOT NULL,
    anchor_local  TEXT    NOT NULL,
    repeat_every  INTEGER CHECK (repeat_every IS NULL OR repeat_every > 0),
    repeat_unit   TEXT    CHECK (repeat_unit IS NULL OR repeat_unit IN ('hour', 'day', 'week', 'month')),
    status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at    INTEGER NOT NULL,
    done_at       INTEGER,
    CHECK ((repeat_every IS NULL) = (repeat_unit IS NULL))
);
CREATE INDEX follow_up_open_by_due ON follow_up (due_at) WHERE status = 'open';
CREATE INDEX follow_up_by_person ON follow_up (person_id);

-- One row per reminder occurrence that was claimed for showing. The unique
-- key is what makes a reminder fire exactly once: an occurrence is claimed
-- by inserting its row before anything is shown.
CREATE TABLE reminder (
    id           INTEGER PRIMARY KEY,
    subject      TEXT    NOT NULL CHECK (subject IN ('follow_up', 'cadence')),
    subject_id   INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    claimed_at   INTEGER NOT NULL,
    shown_at     INTEGER,
    UNIQUE (subject, subject_id, due_at)
);

-- Personal-reply templates for the welcome queue.
CREATE TABLE template (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    body        TEXT    NOT NULL,
    is_builtin  INTEGER NOT NULL DEFAULT 0 CHECK (is_builtin IN (0, 1)),
    created_at  INTEGER NOT NULL
);

-- What a person needs (ask) and can help with (offer).
CREATE TABLE ask_offer (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    side        TEXT    NOT NULL CHECK (side IN ('ask', 'offer')),
    text        TEXT    NOT NULL,
    tags        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
CREATE INDEX ask_offer_by_person ON ask_offer (person_id);

-- The double opt-in introduction workflow.
CREATE TABLE introduction (
    id             INTEGER PRIMARY KEY,
    person_a       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    person_b       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    why            TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'proposed'
                   CHECK (status IN ('proposed', 'asked_a', 'asked_b', 'introduced', 'closed')),
    outcome        TEXT    CHECK (outcome IS NULL OR outcome IN ('helped', 'no_fit', 'unknown')),
    proposed_at    INTEGER NOT NULL,
    asked_a_at     INTEGER,
    asked_b_at     INTEGER,
    introduced_at  INTEGER,
    outcome_at     INTEGER,
    CHECK (person_a <> person_b)
);

-- A step-it-up prompt the user dismissed for a person and rule.
CREATE TABLE prompt_dismissal (
    person_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    rule          TEXT    NOT NULL,
    dismissed_at  INTEGER NOT NULL,
    PRIMARY KEY (person_id, rule)
) WITHOUT ROWID;

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search over people: one row per person (rowid = person id),
-- rebuilt by the store whenever the person, their notes or touches change.
CREATE VIRTUAL TABLE person_search USING fts5 (
    name, work, handles, tags, notes, touches,
    tokenize = 'unicode61 remove_diacritics 2'
);
