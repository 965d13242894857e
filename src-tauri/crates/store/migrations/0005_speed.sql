-- Version 5: import and search speed (issue 2, docs/bench/store.md).
--
-- 1. producers_archived_name (archived, sort_name) is a prefix of producers_search (archived,
--    deleted_at, sort_name, search_text) from 0003 for every list query (they all ask for
--    deleted_at IS NULL): one index less to maintain on every producer write and import.
DROP INDEX producers_archived_name;

-- 2. A trigram index over the folded search_text of the live (not deleted) products, so a
--    search reads the few products that contain every word of 3+ characters instead of testing
--    all of them, and counts them from the index alone. Contentless (it stores no text; rows are
--    products' rowids) and kept in step by the triggers below, in the same transaction as every
--    write. case_sensitive 1: search_text is already folded, so matching stays byte-exact and a
--    phrase of 3+ characters matches exactly where instr() finds it. Words shorter than 3
--    characters, and searches among deleted products, are tested with instr() only.
CREATE VIRTUAL TABLE products_fts USING fts5 (
    search_text,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER products_fts_insert AFTER INSERT ON products WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO products_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    DELETE FROM products_fts WHERE rowid = old.rowid;
END;

CREATE TRIGGER products_fts_update AFTER UPDATE OF search_text, deleted_at ON products BEGIN
    DELETE FROM products_fts WHERE rowid = old.rowid;
    INSERT INTO products_fts (rowid, search_text)
    SELECT new.rowid, new.search_text WHERE new.deleted_at IS NULL;
END;

INSERT INTO products_fts (rowid, search_text)
SELECT rowid, search_text FROM products WHERE deleted_at IS NULL;
