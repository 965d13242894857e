-- Version 9: a dossier's status and review deadline are derived, not stored beside the facts
-- they summarise (issue 11). Forward-only.

-- 1. The status typed on Form 01 (a dossier typed in mid-procedure, before its history was
--    recorded) becomes a fact of its own: the status the dossier has while no step is recorded.
--    It is the status the first live step replaced, or the stored status when no step is live.
ALTER TABLE dossiers ADD COLUMN entered_status TEXT NOT NULL DEFAULT 'draft';
UPDATE dossiers SET entered_status = coalesce(
    (SELECT s.status_before FROM dossier_steps s
     WHERE s.dossier_id = dossiers.id AND s.deleted_at IS NULL
     ORDER BY s.date, s.created_at, s.id LIMIT 1),
    nullif(status, ''),
    'draft');

-- 2. dossiers.status stays as a cache (lists filter and count by it), rebuilt by the store in
--    the same transaction as every step: the status the latest live step leaves (the steps'
--    own `status` column holds exactly that, until it is dropped below), else the typed one.
--    It no longer goes into the change log's payload.
UPDATE dossiers SET status = coalesce(
    (SELECT s.status FROM dossier_steps s
     WHERE s.dossier_id = dossiers.id AND s.deleted_at IS NULL
     ORDER BY s.date DESC, s.created_at DESC, s.id DESC LIMIT 1),
    entered_status);

-- 3. A step's status before and after are derived from the history (ocop_domain::workflow::History).
ALTER TABLE dossier_steps DROP COLUMN status;
ALTER TABLE dossier_steps DROP COLUMN status_before;

-- 4. The review deadline is computed on every read from the commune's receipt date and the
--    working calendar in force, so a corrected holiday list corrects every deadline. Sorting by
--    deadline sorts by receipt date (the deadline never falls as the receipt date rises).
DROP INDEX dossiers_deadline;
ALTER TABLE dossiers DROP COLUMN review_deadline;
CREATE INDEX dossiers_received ON dossiers (deleted_at, commune_received_date);
