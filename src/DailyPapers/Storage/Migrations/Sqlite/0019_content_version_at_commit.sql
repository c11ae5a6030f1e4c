-- PostgreSQL's content version now moves at commit (its 0019). SQLite has one writer at a time, so nothing waits on
-- the version's row there: no change, the migration keeps the two schemas at the same version.
SELECT 1;
