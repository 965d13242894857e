-- Councils (Hội đồng đánh giá, phân hạng), their members, sessions (phiên họp), attendance,
-- agenda items, conflict-of-interest declarations, member score sheets per round, and the
-- recorded events of a product's result (reveal, re-score, lock, unlock).
-- Every table has a UUIDv7 id, updated_at, device_id and (where a row can be removed) deleted_at,
-- and every write goes to change_log in the same transaction, like the tables of 0001.
-- A sheet is unique per (agenda item, member, round), so sheets typed on several laptops can
-- later merge without conflict.

CREATE TABLE councils (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('province', 'central', 'district')),
    unit_code       TEXT,
    decision_number TEXT NOT NULL,
    decision_date   TEXT NOT NULL,
    rules           TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    deleted_at      TEXT
);

CREATE TABLE council_members (
    id         TEXT PRIMARY KEY NOT NULL,
    council_id TEXT NOT NULL REFERENCES councils (id),
    name       TEXT NOT NULL,
    agency     TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member', 'secretary', 'expert')),
    scores     INTEGER NOT NULL CHECK (scores IN (0, 1)),
    ordinal    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX council_members_council ON council_members (council_id, ordinal);

CREATE TABLE council_sessions (
    id         TEXT PRIMARY KEY NOT NULL,
    council_id TEXT NOT NULL REFERENCES councils (id),
    title      TEXT NOT NULL,
    date       TEXT NOT NULL,
    time       TEXT,
    place      TEXT NOT NULL,
    mode       TEXT NOT NULL CHECK (mode IN ('in_person', 'written')),
    rules      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX council_sessions_council ON council_sessions (council_id, date);

CREATE TABLE session_attendance (
    id         TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES council_sessions (id),
    member_id  TEXT NOT NULL REFERENCES council_members (id),
    present    INTEGER NOT NULL CHECK (present IN (0, 1)),
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    UNIQUE (session_id, member_id)
);

CREATE TABLE agenda_items (
    id             TEXT PRIMARY KEY NOT NULL,
    session_id     TEXT NOT NULL REFERENCES council_sessions (id),
    dossier_id     TEXT NOT NULL REFERENCES dossiers (id),
    ordinal        INTEGER NOT NULL,
    basis          TEXT NOT NULL,
    product_set    INTEGER NOT NULL,
    disqualified   TEXT NOT NULL DEFAULT '[]',
    round          INTEGER NOT NULL DEFAULT 1,
    revealed_round INTEGER NOT NULL DEFAULT 0,
    locked         INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    result         TEXT,
    result_hash    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE UNIQUE INDEX agenda_items_dossier ON agenda_items (session_id, dossier_id)
    WHERE deleted_at IS NULL;
CREATE INDEX agenda_items_session ON agenda_items (session_id, ordinal);

CREATE TABLE agenda_conflicts (
    id             TEXT PRIMARY KEY NOT NULL,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    member_id      TEXT NOT NULL REFERENCES council_members (id),
    reason         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    deleted_at     TEXT,
    UNIQUE (agenda_item_id, member_id)
);

CREATE TABLE score_sheets (
    id             TEXT PRIMARY KEY NOT NULL,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    member_id      TEXT NOT NULL REFERENCES council_members (id),
    round          INTEGER NOT NULL,
    choices        TEXT NOT NULL,
    case_no        INTEGER,
    comments       TEXT NOT NULL DEFAULT '',
    entered_by     TEXT NOT NULL CHECK (entered_by IN ('self', 'secretary')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    UNIQUE (agenda_item_id, member_id, round)
);

CREATE TABLE result_events (
    id             TEXT PRIMARY KEY NOT NULL,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    kind           TEXT NOT NULL CHECK (kind IN ('reveal', 'rescore', 'lock', 'unlock', 'disqualify', 'requalify')),
    round          INTEGER NOT NULL,
    by_member_id   TEXT REFERENCES council_members (id),
    by_name        TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    payload        TEXT,
    at             TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    device_id      TEXT NOT NULL
);
CREATE INDEX result_events_item ON result_events (agenda_item_id, at);
