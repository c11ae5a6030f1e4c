-- A paper's authors and versions are only ever read and written by (arxiv_id, position/version), so they are kept
-- in their primary key's own b-tree (WITHOUT ROWID): each row is written once instead of into a rowid table plus
-- a separate primary-key index, which halves the b-tree work of an import for these rows.
CREATE TABLE paper_authors_clustered (
    arxiv_id     TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    affiliation  TEXT,
    PRIMARY KEY (arxiv_id, position)
) WITHOUT ROWID;
INSERT INTO paper_authors_clustered (arxiv_id, position, name, affiliation)
    SELECT arxiv_id, position, name, affiliation FROM paper_authors;
DROP TABLE paper_authors;
ALTER TABLE paper_authors_clustered RENAME TO paper_authors;

CREATE TABLE paper_versions_clustered (
    arxiv_id    TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    size        TEXT,
    PRIMARY KEY (arxiv_id, version)
) WITHOUT ROWID;
INSERT INTO paper_versions_clustered (arxiv_id, version, created_at, size)
    SELECT arxiv_id, version, created_at, size FROM paper_versions;
DROP TABLE paper_versions;
ALTER TABLE paper_versions_clustered RENAME TO paper_versions;
