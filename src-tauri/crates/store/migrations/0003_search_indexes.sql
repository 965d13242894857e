-- Version 3: list and search speed (issue 2, docs/bench/store.md). The lists page in name order
-- and search with instr() over the folded search_text; these covering indexes let SQLite walk
-- live rows in name order and test the search words without reading whole rows, and count the
-- matches from the index alone.
CREATE INDEX producers_search ON producers (archived, deleted_at, sort_name, search_text);
CREATE INDEX products_search ON products (deleted_at, sort_name, search_text);
