-- Version 2: products made under earlier rules carry codes with a district part
-- (e.g. "83-829-28780-3-2022", OCOP.md §6.5), kept verbatim; and the dossier list sorts and
-- filters by review deadline, which needs an index to stay fast.
ALTER TABLE products ADD COLUMN legacy_code TEXT;
CREATE INDEX dossiers_deadline ON dossiers (deleted_at, review_deadline);
CREATE INDEX products_year ON products (deleted_at, code_year);
