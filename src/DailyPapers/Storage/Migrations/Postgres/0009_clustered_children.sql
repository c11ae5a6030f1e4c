-- SQLite's 0009 keeps paper_authors and paper_versions in their primary key's b-tree. PostgreSQL has no such
-- table form (a heap plus its primary-key index is what it has): nothing to change.
SELECT 1;
