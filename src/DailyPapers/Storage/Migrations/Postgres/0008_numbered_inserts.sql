-- SQLite's 0008 lets bulk writers number the papers they insert. PostgreSQL stamps change_seq in a BEFORE trigger
-- (no second write of the row) and bumps content_version once per statement already: nothing to change.
SELECT 1;
