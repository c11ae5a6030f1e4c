-- One counter that every change to what lists and paper pages show moves forward. Web nodes compare it
-- with the version their rendered pages were built from: equal means the cached page is still exact.
-- The row lock orders concurrent writers, so the version grows in commit order.
CREATE TABLE content_version (
    id       integer PRIMARY KEY CHECK (id = 1),
    version  bigint NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

-- Once per statement, not per row: a bulk import statement bumps it once.
CREATE TRIGGER papers_version AFTER INSERT OR UPDATE OR DELETE ON papers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER daily_entries_version AFTER INSERT OR UPDATE OR DELETE ON daily_entries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER users_version AFTER UPDATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
