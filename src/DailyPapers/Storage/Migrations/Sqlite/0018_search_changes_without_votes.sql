-- A vote (papers.upvotes) changes nothing a search index holds, yet every vote gave the paper a new place in the search
-- change feed: under steady voting each node re-indexed and committed its keyword index over and over, and every paper
-- page, which catches the index up before listing similar papers, waited behind those commits (seconds per page in
-- bench/load.sh). The feed now moves only when a column the indexes read is written: the text (title, abstract, and
-- content_hash for the authors), categories, the date, the DOI, and hidden. The content version still moves on every
-- update (papers_upd_version), so pages still show the new counts.
DROP TRIGGER papers_search_upd;
CREATE TRIGGER papers_search_upd AFTER UPDATE OF title, abstract, categories, published_at, doi, hidden, content_hash ON papers
WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    UPDATE papers SET change_seq = (SELECT value FROM search_change_counter WHERE id = 1) WHERE rowid = NEW.rowid;
END;
