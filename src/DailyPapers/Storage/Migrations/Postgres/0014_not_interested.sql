-- "Not interested": a reader's mark on a paper they do not want recommended. Read only by the reader's own
-- ranking (nothing anonymous shows it), so no content-version trigger.
CREATE TABLE not_interested (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    arxiv_id    text NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, arxiv_id)
);
CREATE INDEX ix_not_interested_paper ON not_interested (arxiv_id);
