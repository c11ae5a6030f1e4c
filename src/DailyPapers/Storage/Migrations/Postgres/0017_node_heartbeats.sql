-- Each web node says every few seconds that it is alive and how far its local search index has followed the
-- database's change feed (change_seq of papers and of paper embeddings), so /admin/status can show every node's lag.
CREATE TABLE node_heartbeats (
    node             text PRIMARY KEY,
    started_at       timestamptz NOT NULL,
    seen_at          timestamptz NOT NULL,
    paper_position   bigint NOT NULL,
    vector_position  bigint NOT NULL,
    indexed_papers   integer NOT NULL
);
