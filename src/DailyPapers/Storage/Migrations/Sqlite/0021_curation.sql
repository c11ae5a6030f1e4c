-- Curation: after a harvest that brought new papers, the day's most interesting ones go on that day's daily list,
-- submitted by the system account "DailyPapers curator" (its id in site_state under 'curator_account').

-- One row per announcement day curated: at most once a day, whichever node gets here first. readers and
-- subscriptions: how many active readers' models and digest subscriptions the interest was summed over.
CREATE TABLE curation_days (
    announced_on   TEXT PRIMARY KEY,
    curated_at     TEXT NOT NULL,
    candidates     INTEGER NOT NULL,
    listed         INTEGER NOT NULL,
    readers        INTEGER NOT NULL,
    subscriptions  INTEGER NOT NULL
);

-- Every paper the curator listed, kept when a moderator removes its entry (removed_at), so it is never listed again.
CREATE TABLE curated_papers (
    arxiv_id      TEXT PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    announced_on  TEXT NOT NULL,
    rank          INTEGER NOT NULL,
    removed_at    TEXT,
    removed_by    INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_curated_papers_day ON curated_papers (announced_on, rank);

-- The instance-wide interest in each paper of a curated day (readers' model scores and topic matches summed):
-- what the curation ranked by, and what /new's community order breaks ties of votes with.
CREATE TABLE paper_interest (
    arxiv_id      TEXT PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    announced_on  TEXT NOT NULL,
    interest      REAL NOT NULL
);
