-- Linked code: a paper's GitHub repository and project page. found_* are what the abstract or the arXiv comments
-- name (written by the paper writer on every insert and update); github_repo and project_page are what the
-- submitter or a verified author set, '' meaning "none", NULL meaning "not set: the found one counts".
-- Repositories are kept as 'owner/repo'.
CREATE TABLE paper_links (
    arxiv_id            text PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    found_github_repo   text,
    found_project_page  text,
    github_repo         text,
    project_page        text,
    set_by              bigint REFERENCES users (id) ON DELETE SET NULL,
    set_at              timestamptz
);

-- Stars per repository, read from the GitHub REST API: key 'owner/repo' in lower case (GitHub ignores case).
-- read_at is the last answer from GitHub (200 or 304), shown as "stars read on"; next_read_at when to ask again.
CREATE TABLE github_repos (
    repo          text PRIMARY KEY,
    stars         integer,
    etag          text,
    status        text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'missing')),
    read_at       timestamptz,
    next_read_at  timestamptz NOT NULL
);
CREATE INDEX ix_github_repos_next ON github_repos (next_read_at);

-- Pages show links and stars: changes move the content version, but a re-read that changes nothing shown (a 304
-- on the same day) does not, so the star job does not empty the page cache every second.
CREATE TRIGGER paper_links_version AFTER INSERT OR UPDATE OR DELETE ON paper_links
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER github_repos_ins_version AFTER INSERT OR DELETE ON github_repos
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER github_repos_upd_version AFTER UPDATE ON github_repos FOR EACH ROW
    WHEN (NEW.stars IS DISTINCT FROM OLD.stars OR NEW.status IS DISTINCT FROM OLD.status
          OR (NEW.read_at AT TIME ZONE 'UTC')::date IS DISTINCT FROM (OLD.read_at AT TIME ZONE 'UTC')::date)
    EXECUTE FUNCTION bump_content_version();

-- Papers stored before this migration were written without looking for links: the link job reads them once.
INSERT INTO site_state (key, value) SELECT 'paper_links_backfill', '' WHERE EXISTS (SELECT 1 FROM papers);
