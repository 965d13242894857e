-- Version 5: import and search speed (issue 2, docs/bench/store.md).
--
-- 1. producers_archived_name (archived, sort_name) is a prefix of producers_search (archived,
--    deleted_at, sort_name, search_text) from 0003 for every list query (they all ask for
--    deleted_at IS NULL): one index less to maintain on every producer write and import.
DROP INDEX producers_archived_name;

-- 2. A trigram index over the products' folded search_text, so a search reads the few products
--    that contain every word of 3+ characters instead of testing all of them. It holds no text
--    of its own (external content: products, joined by rowid); the triggers keep it in step with
--    every write in the same transaction. The store still tests every word with instr(), so the
--    results are exactly those of a plain scan; words shorter than 3 characters are tested with
--    instr() only. case_sensitive 1: search_text is already folded, matching stays byte-exact.
CREATE VIRTUAL TABLE products_fts USING fts5 (
    search_text,
    content = 'products',
    content_rowid = 'rowid',
    tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
END;

CREATE TRIGGER products_fts_update AFTER UPDATE OF search_text ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO products_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

INSERT INTO products_fts (products_fts) VALUES ('rebuild');
