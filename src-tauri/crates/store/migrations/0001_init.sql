-- OCOP Desk schema, version 1. Forward-only: never edit once released; add a new file instead.
--
-- Records that can leave the laptop (producers, products, product_status_history, dossiers,
-- attachments) have a UUIDv7 text id, updated_at, device_id and a deleted_at tombstone, and every
-- write to them appends a change_log row in the same transaction. Device-local tables (meta,
-- drafts, settings, counters, reference data) are not logged.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'undelete', 'archive', 'restore')),
    at         TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    payload    TEXT NOT NULL
);
CREATE INDEX change_log_row ON change_log (table_name, row_id);

CREATE TABLE admin_units (
    code          TEXT NOT NULL,
    period        TEXT NOT NULL,
    name          TEXT NOT NULL,
    unit_type     TEXT NOT NULL,
    level         TEXT NOT NULL,
    province_code TEXT NOT NULL,
    district_code TEXT,
    district_name TEXT,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    search_text   TEXT NOT NULL,
    PRIMARY KEY (code, period)
);

CREATE TABLE unit_succession (
    old_code   TEXT NOT NULL,
    old_period TEXT NOT NULL,
    new_code   TEXT NOT NULL,
    new_period TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('whole', 'part', 'remainder')),
    note       TEXT,
    PRIMARY KEY (old_code, old_period, new_code)
);

CREATE TABLE reference_data_versions (
    dataset   TEXT PRIMARY KEY NOT NULL,
    version   INTEGER NOT NULL,
    loaded_at TEXT NOT NULL,
    note      TEXT
);

CREATE TABLE product_sets (
    set_no   INTEGER PRIMARY KEY NOT NULL,
    title    TEXT NOT NULL,
    sector   TEXT NOT NULL,
    grp      TEXT NOT NULL,
    subgroup TEXT,
    lead     TEXT NOT NULL
);

CREATE TABLE producers (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL,
    producer_type       TEXT NOT NULL,
    local_capital_share REAL,
    registration_number TEXT,
    registration_date   TEXT,
    tax_code            TEXT,
    tax_key             TEXT,
    commune_code        TEXT NOT NULL,
    commune_name        TEXT NOT NULL,
    address             TEXT,
    phone               TEXT,
    email               TEXT,
    website             TEXT,
    rep_name            TEXT,
    rep_position        TEXT,
    rep_sex             TEXT,
    rep_ethnicity       TEXT,
    rep_disability      INTEGER NOT NULL DEFAULT 0,
    rep_residence       TEXT,
    workers_total       INTEGER,
    workers_local_pct   REAL,
    archived            INTEGER NOT NULL DEFAULT 0,
    search_text         TEXT NOT NULL,
    sort_name           TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    device_id           TEXT NOT NULL,
    deleted_at          TEXT
);
CREATE INDEX producers_archived_name ON producers (archived, sort_name);
CREATE INDEX producers_commune ON producers (commune_code, archived);
CREATE INDEX producers_tax_key ON producers (tax_key);
CREATE INDEX producers_updated ON producers (archived, updated_at);

-- Per-commune (and, for slips, per-year) running numbers. A number once handed out is never
-- handed out again, even if its record is deleted.
CREATE TABLE commune_counters (
    series       TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    year         INTEGER NOT NULL,
    last         INTEGER NOT NULL,
    PRIMARY KEY (series, commune_code, year)
);

CREATE TABLE products (
    id            TEXT PRIMARY KEY NOT NULL,
    producer_id   TEXT NOT NULL REFERENCES producers (id),
    name          TEXT NOT NULL,
    description   TEXT,
    specification TEXT,
    standard      TEXT,
    product_set   INTEGER,
    code          TEXT NOT NULL,
    stt           INTEGER NOT NULL,
    code_year     INTEGER NOT NULL,
    commune_code  TEXT NOT NULL,
    commune_name  TEXT NOT NULL,
    status        TEXT NOT NULL,
    search_text   TEXT NOT NULL,
    sort_name     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    deleted_at    TEXT,
    UNIQUE (commune_code, stt)
);
CREATE INDEX products_list ON products (deleted_at, sort_name);
CREATE INDEX products_commune ON products (commune_code);
CREATE INDEX products_set ON products (product_set);
CREATE INDEX products_status ON products (status);
CREATE INDEX products_producer ON products (producer_id);

CREATE TABLE product_status_history (
    id         TEXT PRIMARY KEY NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id),
    status     TEXT NOT NULL,
    at         TEXT NOT NULL,
    note       TEXT,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX product_status_history_product ON product_status_history (product_id, at);

CREATE TABLE dossiers (
    id                     TEXT PRIMARY KEY NOT NULL,
    product_id             TEXT NOT NULL REFERENCES products (id),
    dossier_type           TEXT NOT NULL,
    year                   INTEGER NOT NULL,
    slip_number            TEXT,
    commune_received_date  TEXT,
    province_received_date TEXT,
    form02                 TEXT NOT NULL,
    form03                 TEXT NOT NULL,
    review_deadline        TEXT,
    status                 TEXT NOT NULL,
    search_text            TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    device_id              TEXT NOT NULL,
    deleted_at             TEXT
);
CREATE INDEX dossiers_product ON dossiers (product_id);
CREATE INDEX dossiers_year ON dossiers (deleted_at, year);

-- Content-addressed files under <data_dir>/attachments/<hash[0..2]>/<hash>.
CREATE TABLE blobs (
    hash      TEXT PRIMARY KEY NOT NULL,
    size      INTEGER NOT NULL,
    stored_at TEXT NOT NULL
);

CREATE TABLE attachments (
    id          TEXT PRIMARY KEY NOT NULL,
    owner_table TEXT NOT NULL CHECK (owner_table IN ('products', 'dossiers')),
    owner_id    TEXT NOT NULL,
    hash        TEXT NOT NULL REFERENCES blobs (hash),
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('document', 'photo')),
    added_at    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX attachments_owner ON attachments (owner_table, owner_id);

CREATE TABLE drafts (
    key      TEXT PRIMARY KEY NOT NULL,
    data     TEXT NOT NULL,
    saved_at TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
