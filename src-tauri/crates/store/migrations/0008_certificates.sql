-- Version 8: OCOP certificates (issue 4). One row per certificate issued from a locked council
-- result: the number from the issuer's series, a frozen JSON snapshot of everything printed
-- (the certificate document as ocop-pdf renders it, QR text and short code included), the
-- recognition decision, and the events of its life: revocation (Art. 8), extension under the
-- transition rule (Art. 12.3) and replacement by a newer certificate for the same product.
-- Status (valid / expired / revoked / extended / superseded) is derived from these and a date.
-- Certificates leave the laptop: UUIDv7 id, updated_at, device_id, deleted_at, change log.

CREATE TABLE certificates (
    id                      TEXT PRIMARY KEY NOT NULL,
    number                  TEXT NOT NULL,
    issuer_id               TEXT NOT NULL,
    key_id                  TEXT NOT NULL,
    seq                     INTEGER NOT NULL,
    year                    INTEGER NOT NULL,
    product_id              TEXT NOT NULL REFERENCES products (id),
    result_id               TEXT NOT NULL,
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
-- A number is issued once per issuer, and a locked result gives at most one certificate.
CREATE UNIQUE INDEX certificates_number ON certificates (issuer_id, number);
CREATE UNIQUE INDEX certificates_result ON certificates (result_id);
CREATE UNIQUE INDEX certificates_short_code ON certificates (short_code);
CREATE INDEX certificates_product ON certificates (product_id, issue_date);
CREATE INDEX certificates_valid_until ON certificates (valid_until);

-- Per issuer and year, the last certificate number handed out. Never decreases, so a number is
-- never handed out twice, even after its certificate is deleted. Device-local (not logged).
CREATE TABLE certificate_counters (
    issuer_id TEXT NOT NULL,
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (issuer_id, year)
);
