-- Version 4: products_list (deleted_at, sort_name) is a prefix of products_search (0003); with
-- both, SQLite may pick the narrower one for a search count and then read every row for its
-- search_text. One index serves both the name order and the search.
DROP INDEX products_list;
