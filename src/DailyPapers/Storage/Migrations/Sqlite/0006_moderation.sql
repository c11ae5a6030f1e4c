-- Authorship claims: a reader claims one author (by position) of a paper; a moderator approves or rejects.
-- At most one approved claim per author; one claim per reader and author.
CREATE TABLE author_claims (
    id               INTEGER PRIMARY KEY,
    arxiv_id         TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    author_position  INTEGER NOT NULL,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at       TEXT NOT NULL,
    decided_at       TEXT,
    decided_by       INTEGER REFERENCES users (id)
);
CREATE UNIQUE INDEX ux_author_claims_user ON author_claims (arxiv_id, author_position, user_id);
CREATE UNIQUE INDEX ux_author_claims_approved ON author_claims (arxiv_id, author_position) WHERE status = 'approved';
CREATE INDEX ix_author_claims_status ON author_claims (status, created_at);

CREATE TRIGGER author_claims_ins_version AFTER INSERT ON author_claims BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER author_claims_upd_version AFTER UPDATE ON author_claims BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER author_claims_del_version AFTER DELETE ON author_claims BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- Every moderator action, for the audit log page.
CREATE TABLE moderation_log (
    id            INTEGER PRIMARY KEY,
    moderator_id  INTEGER NOT NULL REFERENCES users (id),
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    reason        TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX ix_moderation_log_created ON moderation_log (created_at);
