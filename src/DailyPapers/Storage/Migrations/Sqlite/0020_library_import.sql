-- Importing a reading library (BibTeX, RIS, or a list of ids): entries are matched to papers by arXiv id, then DOI,
-- then title, with an index for each.

-- A DOI as stored, compared without regard to case (DOIs are case-insensitive). Partial: papers without a DOI
-- (most new ones) cost the paper writer nothing here; lookups say "doi IS NOT NULL" to use it.
CREATE INDEX ix_papers_doi ON papers (lower(doi)) WHERE doi IS NOT NULL;

-- Each paper's title key (Papers/TitleKey.cs: letters and digits of the readable title, case and accents folded),
-- as 16 hex digits of its SHA-256; NULL when the title has too few letters to match on. Written by the paper
-- writer with every paper; papers stored before this migration are keyed once by the library job. Clustered by
-- paper (WITHOUT ROWID, as 0009's children): one b-tree, not a table and its key's index, to keep up with imports.
CREATE TABLE paper_title_keys (
    arxiv_id   TEXT PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    title_key  TEXT
) WITHOUT ROWID;
CREATE INDEX ix_paper_title_keys_key ON paper_title_keys (title_key);
INSERT INTO site_state (key, value) SELECT 'paper_title_keys_backfill', '' WHERE EXISTS (SELECT 1 FROM papers);

-- One import by a reader into their collection "Imported library". to_fetch counts the entries that named arXiv
-- papers missing from the catalogue; the library job fetches them from arXiv (fetch_* say how that goes) and sets
-- finished_at when none is left. lease_until keeps two nodes from fetching for one import at once.
CREATE TABLE library_imports (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    collection_id   INTEGER REFERENCES collections (id) ON DELETE SET NULL,
    source          TEXT NOT NULL,
    format          TEXT NOT NULL CHECK (format IN ('bibtex', 'ris', 'list')),
    entries         INTEGER NOT NULL,
    to_fetch        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    finished_at     TEXT,
    fetch_attempts  INTEGER NOT NULL DEFAULT 0,
    next_fetch_at   TEXT,
    fetch_error     TEXT,
    lease_until     TEXT
);
CREATE INDEX ix_library_imports_user ON library_imports (user_id, id);
CREATE INDEX ix_library_imports_unfinished ON library_imports (id) WHERE finished_at IS NULL;

-- What became of each entry, in file order: added to the collection, present there already, a duplicate of an
-- earlier entry, waiting for arXiv (fetching), unmatched or malformed (reason says why). label names the entry
-- (its BibTeX key or RIS id, and line); title is the entry's title as written, for the list of problems.
CREATE TABLE library_import_entries (
    import_id   INTEGER NOT NULL REFERENCES library_imports (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL,
    title       TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('added', 'present', 'duplicate', 'fetching', 'unmatched', 'malformed')),
    arxiv_id    TEXT,
    matched_by  TEXT CHECK (matched_by IN ('arxiv', 'doi', 'title')),
    reason      TEXT,
    PRIMARY KEY (import_id, position)
);
