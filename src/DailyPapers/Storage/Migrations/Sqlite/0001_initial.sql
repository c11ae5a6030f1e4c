-- Times are UTC text 'yyyy-MM-dd HH:mm:ss.fffffff'; dates are 'yyyy-MM-dd' (sortable as text).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    handle        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    email         TEXT UNIQUE COLLATE NOCASE,
    created_at    TEXT NOT NULL
);

CREATE TABLE papers (
    arxiv_id          TEXT PRIMARY KEY,
    title             TEXT NOT NULL,
    abstract          TEXT NOT NULL,
    primary_category  TEXT,
    categories        TEXT NOT NULL DEFAULT '',
    comments          TEXT,
    journal_ref       TEXT,
    doi               TEXT,
    report_no         TEXT,
    license           TEXT,
    submitter         TEXT,
    msc_class         TEXT,
    acm_class         TEXT,
    latest_version    INTEGER NOT NULL DEFAULT 1,
    published_at      TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    upvotes           INTEGER NOT NULL DEFAULT 0,
    hidden            INTEGER NOT NULL DEFAULT 0,
    source            TEXT NOT NULL,
    content_hash      TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    modified_at       TEXT NOT NULL
);
CREATE INDEX ix_papers_published ON papers (published_at);

CREATE TABLE paper_authors (
    arxiv_id     TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    affiliation  TEXT,
    PRIMARY KEY (arxiv_id, position)
);

CREATE TABLE paper_versions (
    arxiv_id    TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    size        TEXT,
    PRIMARY KEY (arxiv_id, version)
);

CREATE TABLE daily_entries (
    arxiv_id      TEXT PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    list_date     TEXT NOT NULL,
    submitted_at  TEXT NOT NULL,
    submitted_by  INTEGER REFERENCES users (id)
);
CREATE INDEX ix_daily_entries_date ON daily_entries (list_date, submitted_at);

CREATE TABLE site_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
