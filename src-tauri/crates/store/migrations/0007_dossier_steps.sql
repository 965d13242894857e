-- Version 7: the dossier workflow and the producer's self-assessment (Form 02 part III).
-- Forward-only. Both tables can leave the laptop: UUIDv7 id, updated_at, device_id, a deleted_at
-- tombstone, and a change_log row written with every change.

-- One row per recorded step of a dossier (26/2026 Art. 7): submitted to the commune, commune
-- review (Form 03), provincial intake, returned for completion, advisory review, on a council
-- agenda, result. `details` is a JSON object (field visit, photo attachment ids, lab tests).
-- `status` is the dossier's status after the step, `status_before` the one it replaced (restored
-- when the latest step is withdrawn as a mistake, which leaves a tombstone).
CREATE TABLE dossier_steps (
    id         TEXT PRIMARY KEY NOT NULL,
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    step       TEXT NOT NULL CHECK (step IN ('submitted', 'commune_review', 'province_intake',
                   'returned', 'advisory_review', 'on_agenda', 'result')),
    date       TEXT NOT NULL,
    person     TEXT NOT NULL,
    role       TEXT,
    note       TEXT,
    details    TEXT NOT NULL DEFAULT 'null',
    status        TEXT NOT NULL,
    status_before TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    deleted_at    TEXT
);
CREATE INDEX dossier_steps_dossier ON dossier_steps (dossier_id, date, created_at);

-- The producer's own expected score per criterion, one sheet per dossier. `basis` and `set_no`
-- are the sheet the choices were made on (frozen at the first save); `choices` is a JSON object
-- criterion code → 1-based option position (0 = none met).
CREATE TABLE self_assessments (
    id         TEXT PRIMARY KEY NOT NULL,
    dossier_id TEXT NOT NULL UNIQUE REFERENCES dossiers (id),
    basis      TEXT NOT NULL,
    set_no     INTEGER NOT NULL,
    case_no    INTEGER,
    choices    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT
);
