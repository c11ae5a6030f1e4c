-- Search: a change sequence that every web node follows to keep its local search index in step with the
-- database, and paper embeddings (one vector per paper and model).
--
-- Sequence values are handed out when a row is written, not when its transaction commits, so a reader can
-- see change 11 before change 10 commits. Each change therefore also records its transaction id
-- (change_xid); the reader remembers the snapshot it read under and, next time, reads again the changes of
-- transactions that snapshot did not see (see Search/Sync/ChangeFeed.cs). Nothing is skipped.
CREATE SEQUENCE search_change_seq;

-- Inserts take their place from the column defaults (no trigger: bulk imports stay fast); existing rows get
-- theirs as the columns are added (volatile defaults are evaluated per row). Updates go through the trigger.
ALTER TABLE papers ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('search_change_seq');
ALTER TABLE papers ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE FUNCTION search_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := nextval('search_change_seq');
    NEW.change_xid := pg_current_xact_id();
    RETURN NEW;
END;
$$;

CREATE TRIGGER papers_search_change BEFORE UPDATE ON papers
    FOR EACH ROW EXECUTE FUNCTION search_stamp_change();

CREATE INDEX ix_papers_change_seq ON papers (change_seq);
CREATE INDEX ix_papers_change_xid ON papers (change_xid);

-- A deleted paper leaves a tombstone so that indexes drop it.
CREATE TABLE paper_tombstones (
    arxiv_id    text NOT NULL,
    change_seq  bigint NOT NULL DEFAULT nextval('search_change_seq'),
    change_xid  xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX ix_paper_tombstones_change_seq ON paper_tombstones (change_seq);
CREATE INDEX ix_paper_tombstones_change_xid ON paper_tombstones (change_xid);

CREATE FUNCTION search_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO paper_tombstones (arxiv_id) VALUES (OLD.arxiv_id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER papers_search_tombstone AFTER DELETE ON papers
    FOR EACH ROW EXECUTE FUNCTION search_tombstone();

-- One vector per paper and model: float32 little-endian. content_hash is the paper's content_hash when the
-- vector was computed; a paper whose text changed since is embedded again.
CREATE TABLE paper_embeddings (
    arxiv_id      text NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    model         text NOT NULL,
    dimensions    integer NOT NULL,
    vector        bytea NOT NULL,
    content_hash  text NOT NULL,
    created_at    timestamptz NOT NULL,
    change_seq    bigint NOT NULL DEFAULT nextval('search_change_seq'),
    change_xid    xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (arxiv_id, model)
);
CREATE TRIGGER paper_embeddings_search_change BEFORE UPDATE ON paper_embeddings
    FOR EACH ROW EXECUTE FUNCTION search_stamp_change();
CREATE INDEX ix_paper_embeddings_change_seq ON paper_embeddings (model, change_seq);
CREATE INDEX ix_paper_embeddings_change_xid ON paper_embeddings (change_xid);

-- The paper page shows similar papers once a paper has a vector: a new vector changes what pages show.
CREATE TRIGGER paper_embeddings_version AFTER INSERT OR UPDATE OR DELETE ON paper_embeddings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- Identifies this database to the local search indexes: an index built from another database is rebuilt.
INSERT INTO site_state (key, value) VALUES ('search_database_id', gen_random_uuid()::text)
    ON CONFLICT (key) DO NOTHING;
