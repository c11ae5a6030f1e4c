-- One counter that every change to what lists and paper pages show moves forward. Web nodes compare it
-- with the version their rendered pages were built from: equal means the cached page is still exact.
CREATE TABLE content_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE TRIGGER papers_ins_version AFTER INSERT ON papers BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER papers_upd_version AFTER UPDATE ON papers BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER papers_del_version AFTER DELETE ON papers BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER daily_ins_version AFTER INSERT ON daily_entries BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER daily_upd_version AFTER UPDATE ON daily_entries BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER daily_del_version AFTER DELETE ON daily_entries BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_upd_version AFTER UPDATE ON users BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
