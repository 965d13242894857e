-- Version 10: the database is the one truth for certificates and revocations (issue 11).
--
-- 1. Every certificate that verifies as genuine from this data folder is a row of
--    `certificates`, with its origin: 'council' (issued from a locked council result, as every
--    row before this version) or 'external' (issued outside the council flow, for example on
--    paper before the app, and typed in so that it verifies: `ocop certificate render`). An
--    external certificate may name no product or council result here, so `product_id` and
--    `result_id` become optional. SQLite cannot relax NOT NULL in place: the table is rebuilt
--    with the same columns, rows and indexes, plus `origin`. Nothing references `certificates`.
-- 2. `received_revocations`: revocation decisions imported from another laptop's export for
--    certificates this database does not hold (another issuer's, or not copied here yet). A
--    revocation of a certificate held here stays on its row, so each is kept in one place.
--    These rows leave the laptop too: UUIDv7 id, updated_at, device_id, deleted_at, change log.
--
-- The seal's old files (`keys/revocations.json`, `keys/issued.jsonl`) are imported by the store
-- when it opens (`Store::import_seal_files`), not here: reading them needs the keys.

CREATE TABLE certificates_v10 (
    id                      TEXT PRIMARY KEY NOT NULL,
    number                  TEXT NOT NULL,
    issuer_id               TEXT NOT NULL,
    key_id                  TEXT NOT NULL,
    seq                     INTEGER NOT NULL,
    year                    INTEGER NOT NULL,
    origin                  TEXT NOT NULL DEFAULT 'council'
                            CHECK (origin IN ('council', 'external')),
    product_id              TEXT REFERENCES products (id),
    result_id               TEXT,
    result_hash             TEXT NOT NULL,
    score                   TEXT NOT NULL,
    star                    INTEGER NOT NULL CHECK (star BETWEEN 3 AND 5),
    basis                   TEXT NOT NULL,
    product_set             TEXT NOT NULL,
    snapshot                TEXT NOT NULL,
    qr_text                 TEXT NOT NULL,
    short_code              TEXT NOT NULL,
    issue_date              TEXT NOT NULL,
    valid_until             TEXT NOT NULL,
    decision_number         TEXT NOT NULL,
    decision_date           TEXT NOT NULL,
    signer_title            TEXT NOT NULL,
    signer_name             TEXT NOT NULL,
    revocation_number       TEXT,
    revocation_date         TEXT,
    revocation_ground       TEXT,
    extended_until          TEXT,
    extension_note          TEXT,
    superseded_by           TEXT,
    search_text             TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    device_id               TEXT NOT NULL,
    deleted_at              TEXT
);

INSERT INTO certificates_v10 (id, number, issuer_id, key_id, seq, year, origin, product_id,
    result_id, result_hash, score, star, basis, product_set, snapshot, qr_text, short_code,
    issue_date, valid_until, decision_number, decision_date, signer_title, signer_name,
    revocation_number, revocation_date, revocation_ground, extended_until, extension_note,
    superseded_by, search_text, created_at, updated_at, device_id, deleted_at)
SELECT id, number, issuer_id, key_id, seq, year, 'council', product_id,
    result_id, result_hash, score, star, basis, product_set, snapshot, qr_text, short_code,
    issue_date, valid_until, decision_number, decision_date, signer_title, signer_name,
    revocation_number, revocation_date, revocation_ground, extended_until, extension_note,
    superseded_by, search_text, created_at, updated_at, device_id, deleted_at
FROM certificates;

DROP TABLE certificates;
ALTER TABLE certificates_v10 RENAME TO certificates;

-- A number is issued once per issuer, and a locked result gives at most one certificate.
CREATE UNIQUE INDEX certificates_number ON certificates (issuer_id, number);
CREATE UNIQUE INDEX certificates_result ON certificates (result_id);
CREATE UNIQUE INDEX certificates_short_code ON certificates (short_code);
CREATE INDEX certificates_product ON certificates (product_id, issue_date);
CREATE INDEX certificates_valid_until ON certificates (valid_until);
-- What a QR names: a number signed by one key (verification and revocations look it up).
CREATE UNIQUE INDEX certificates_key_number ON certificates (key_id, number);

CREATE TABLE received_revocations (
    id                      TEXT PRIMARY KEY NOT NULL,
    key_id                  TEXT NOT NULL,
    number                  TEXT NOT NULL,
    decision_number         TEXT NOT NULL,
    decision_date           TEXT NOT NULL,
    ground                  TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    device_id               TEXT NOT NULL,
    deleted_at              TEXT
);
-- One standing decision per certificate (a closed entry stays as a tombstone).
CREATE UNIQUE INDEX received_revocations_certificate ON received_revocations (key_id, number)
    WHERE deleted_at IS NULL;
