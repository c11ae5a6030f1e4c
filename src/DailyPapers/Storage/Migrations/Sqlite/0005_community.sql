-- Community: one upvote per reader per paper. The primary key is what makes a vote count exact under
-- concurrency: a second insert of the same pair changes no row, so papers.upvotes moves only on real changes.
CREATE TABLE votes (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    arxiv_id    TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, arxiv_id)
);
CREATE INDEX ix_votes_paper ON votes (arxiv_id, created_at);

-- Votes change what list and paper pages show (counts, the votes chart, trending): move the content version.
CREATE TRIGGER votes_ins_version AFTER INSERT ON votes BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER votes_del_version AFTER DELETE ON votes BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- Comments: Markdown as written (rendered and sanitised when shown), one level of replies. A deleted comment
-- keeps its row (its replies still hang on it) with the text gone.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    arxiv_id    TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    edited_at   TEXT,
    deleted_at  TEXT
);
CREATE INDEX ix_comments_paper ON comments (arxiv_id, created_at);
CREATE INDEX ix_comments_user ON comments (user_id, created_at);

CREATE TRIGGER comments_ins_version AFTER INSERT ON comments BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_upd_version AFTER UPDATE ON comments BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_del_version AFTER DELETE ON comments BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- Collections: a reader's named reading lists, public (page and Atom feed for anyone) or private.
CREATE TABLE collections (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    is_public   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_collections_user ON collections (user_id);

CREATE TABLE collection_items (
    collection_id  INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    arxiv_id       TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    added_at       TEXT NOT NULL,
    PRIMARY KEY (collection_id, arxiv_id)
);
