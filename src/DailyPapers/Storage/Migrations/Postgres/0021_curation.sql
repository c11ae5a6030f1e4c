-- Curation: after a harvest that brought new papers, the day's most interesting ones go on that day's daily list,
-- submitted by the system account "DailyPapers curator" (its id in site_state under 'curator_account').

-- One row per announcement day curated: at most once a day, whichever node gets here first. readers and
-- subscriptions: how many active readers' models and digest subscriptions the interest was summed over.
CREATE TABLE curation_days (
    announced_on   date PRIMARY KEY,
    curated_at     timestamptz NOT NULL,
    candidates     integer NOT NULL,
    listed         integer NOT NULL,
    readers        integer NOT NULL,
    subscriptions  integer NOT NULL
);

-- Every paper the curator listed, kept when a moderator removes its entry (removed_at), so it is never listed again.
CREATE TABLE curated_papers (
    arxiv_id      text PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    announced_on  date NOT NULL,
    rank          integer NOT NULL,
    removed_at    timestamptz,
    removed_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_curated_papers_day ON curated_papers (announced_on, rank);

-- The instance-wide interest in each paper of a curated day (readers' model scores and topic matches summed):
-- what the curation ranked by, and what /new's community order breaks ties of votes with.
CREATE TABLE paper_interest (
    arxiv_id      text PRIMARY KEY REFERENCES papers (arxiv_id) ON DELETE CASCADE,
    announced_on  date NOT NULL,
    interest      double precision NOT NULL
);
