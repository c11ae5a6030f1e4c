-- Bulk writers (the batch upsert of imports and harvests) number the papers they insert themselves: one move of
-- the search counter and one of content_version per batch, instead of a second write of every inserted row and
-- a content_version update per row (a quarter of the import's writing time). A row inserted with a change_seq
-- already set is left alone by these triggers; a row inserted without one (change_seq 0) is numbered as before.
DROP TRIGGER papers_search_ins;
CREATE TRIGGER papers_search_ins AFTER INSERT ON papers WHEN NEW.change_seq = 0 BEGIN
    UPDATE search_change_counter SET value = value + 1 WHERE id = 1;
    UPDATE papers SET change_seq = (SELECT value FROM search_change_counter WHERE id = 1) WHERE rowid = NEW.rowid;
END;
DROP TRIGGER papers_ins_version;
CREATE TRIGGER papers_ins_version AFTER INSERT ON papers WHEN NEW.change_seq = 0 BEGIN
    UPDATE content_version SET version = version + 1 WHERE id = 1;
END;
