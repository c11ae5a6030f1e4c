-- Search: a change sequence that every web node follows to keep its local search index in step with the
-- database, and paper embeddings (one vector per paper and model). SQLite has one writer at a time and the
-- counter moves inside the writing transaction, so sequence values become visible in commit order.
CREATE TABLE search_change_counter (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  INTEGER NOT NULL
);
INSERT INTO search_change_counter (id, value) VALUES (1, 0);

ALTER TABLE papers ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;

-- Inserts and updates take the next number, written by a second UPDATE of the row. That bookkeeping UPDATE
-- changes change_seq, and the WHEN clauses let only updates that leave change_seq alone fire the update
-- triggers: the row is not rewritten a third time and content_version moves once per change. 0002's
-- papers_upd_version gets the same clause.
CREATE TRIGGER papers_search_ins AFTER INSERT ON papers BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    UPDATE papers SET change_seq = (SELECT value FROM search_change_counter WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER papers_search_upd AFTER UPDATE ON papers WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    UPDATE papers SET change_seq = (SELECT value FROM search_change_counter WHERE id = 1) WHERE rowid = NEW.rowid;
END;
DROP TRIGGER papers_upd_version;
CREATE TRIGGER papers_upd_version AFTER UPDATE ON papers WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

-- Papers already stored get a place in the sequence.
UPDATE papers SET change_seq = 0;

CREATE INDEX ix_papers_change_seq ON papers (change_seq);

-- A deleted paper leaves a tombstone so that indexes drop it.
CREATE TABLE paper_tombstones (
    arxiv_id    TEXT NOT NULL,
    change_seq  INTEGER NOT NULL
);
CREATE INDEX ix_paper_tombstones_change_seq ON paper_tombstones (change_seq);

CREATE TRIGGER papers_search_del AFTER DELETE ON papers BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    INSERT INTO paper_tombstones (arxiv_id, change_seq) VALUES (OLD.arxiv_id, (SELECT value FROM search_change_counter WHERE id = 1));
END;

-- One vector per paper and model: float32 little-endian. content_hash is the paper's content_hash when the
-- vector was computed; a paper whose text changed since is embedded again.
CREATE TABLE paper_embeddings (
    arxiv_id      TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    model         TEXT NOT NULL,
    dimensions    INTEGER NOT NULL,
    vector        BLOB NOT NULL,
    content_hash  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    change_seq    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (arxiv_id, model)
);
CREATE INDEX ix_paper_embeddings_change_seq ON paper_embeddings (model, change_seq);

CREATE TRIGGER paper_embeddings_search_ins AFTER INSERT ON paper_embeddings BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    UPDATE paper_embeddings SET change_seq = (SELECT value FROM search_change_counter WHERE id = 1) WHERE rowid = NEW.rowid;
    UPDATE content_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER paper_embeddings_search_upd AFTER UPDATE ON paper_embeddings WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    UPDATE paper_embeddings SET change_seq = (SELECT value FROM search_change_counter WHERE id = 1) WHERE rowid = NEW.rowid;
    UPDATE content_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER paper_embeddings_del_version AFTER DELETE ON paper_embeddings BEGIN
    UPDATE content_version SET version = version + 1 WHERE id = 1;
END;

-- Identifies this database to the local search indexes: an index built from another database is rebuilt.
INSERT INTO site_state (key, value) VALUES ('search_database_id', lower(hex(randomblob(16))))
    ON CONFLICT (key) DO NOTHING;
