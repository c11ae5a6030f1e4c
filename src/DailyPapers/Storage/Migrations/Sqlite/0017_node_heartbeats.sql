-- Each web node says every few seconds that it is alive and how far its local search index has followed the
-- database's change feed (change_seq of papers and of paper embeddings), so /admin/status can show every node's lag.
CREATE TABLE node_heartbeats (
    node             TEXT PRIMARY KEY,
    started_at       TEXT NOT NULL,
    seen_at          TEXT NOT NULL,
    paper_position   INTEGER NOT NULL,
    vector_position  INTEGER NOT NULL,
    indexed_papers   INTEGER NOT NULL
);
