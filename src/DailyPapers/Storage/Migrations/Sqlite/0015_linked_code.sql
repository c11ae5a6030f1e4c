-- Linked code: a paper's GitHub repository and project page. found_* are what the abstract or the arXiv comments
-- name (written by the paper writer on every insert and update); github_repo and project_page are what the
-- submitter or a verified author set, '' meaning "none", NULL meaning "not set: the found one counts".
-- Repositories are kept as 'owner/repo'.
CREATE TABLE paper_links (
    arxiv_id            TEXT PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    found_github_repo   TEXT,
    found_project_page  TEXT,
    github_repo         TEXT,
    project_page        TEXT,
    set_by              INTEGER REFERENCES users (id) ON DELETE SET NULL,
    set_at              TEXT
);

-- Stars per repository, read from the GitHub REST API: key 'owner/repo' in lower case (GitHub ignores case).
-- read_at is the last answer from GitHub (200 or 304), shown as "stars read on"; next_read_at when to ask again.
CREATE TABLE github_repos (
    repo          TEXT PRIMARY KEY,
    stars         INTEGER,
    etag          TEXT,
    status        TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'missing')),
    read_at       TEXT,
    next_read_at  TEXT NOT NULL
);
CREATE INDEX ix_github_repos_next ON github_repos (next_read_at);

-- Pages show links and stars: changes move the content version, but a re-read that changes nothing shown (a 304
-- on the same day) does not, so the star job does not empty the page cache every second.
CREATE TRIGGER paper_links_ins_version AFTER INSERT ON paper_links BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER paper_links_upd_version AFTER UPDATE ON paper_links BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER paper_links_del_version AFTER DELETE ON paper_links BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER github_repos_ins_version AFTER INSERT ON github_repos BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER github_repos_upd_version AFTER UPDATE ON github_repos
    WHEN NEW.stars IS NOT OLD.stars OR NEW.status IS NOT OLD.status OR substr(NEW.read_at, 1, 10) IS NOT substr(OLD.read_at, 1, 10)
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- Papers stored before this migration were written without looking for links: the link job reads them once.
INSERT INTO site_state (key, value) SELECT 'paper_links_backfill', '' WHERE EXISTS (SELECT 1 FROM papers);
