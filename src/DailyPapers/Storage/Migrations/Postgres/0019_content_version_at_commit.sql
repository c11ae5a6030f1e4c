-- The content version moved at a transaction's first write, and the one row that holds it stayed locked until the
-- transaction ended: every write on every node waited for every other's remaining statements and commit (a vote holds
-- it across three more round trips). Under load (bench/load.sh: two nodes, 20 voters) votes queued on that row past
-- Database:CommandTimeout. Now the version moves once per transaction, at its commit: the triggers are deferred, so
-- the row is locked only while the transaction commits, and the version still grows in commit order.
CREATE OR REPLACE FUNCTION bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('dailypapers.content_version_moved', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
        PERFORM set_config('dailypapers.content_version_moved', pg_current_xact_id()::text, true);
        UPDATE content_version SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END;
$$;

-- Deferred triggers are constraint triggers, which fire per row: after the first, each costs one setting lookup.
DROP TRIGGER papers_version ON papers;
CREATE CONSTRAINT TRIGGER papers_version AFTER INSERT OR UPDATE OR DELETE ON papers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER daily_entries_version ON daily_entries;
CREATE CONSTRAINT TRIGGER daily_entries_version AFTER INSERT OR UPDATE OR DELETE ON daily_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER users_version ON users;
CREATE CONSTRAINT TRIGGER users_version AFTER UPDATE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER paper_embeddings_version ON paper_embeddings;
CREATE CONSTRAINT TRIGGER paper_embeddings_version AFTER INSERT OR UPDATE OR DELETE ON paper_embeddings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER votes_version ON votes;
CREATE CONSTRAINT TRIGGER votes_version AFTER INSERT OR UPDATE OR DELETE ON votes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER comments_version ON comments;
CREATE CONSTRAINT TRIGGER comments_version AFTER INSERT OR UPDATE OR DELETE ON comments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER author_claims_version ON author_claims;
CREATE CONSTRAINT TRIGGER author_claims_version AFTER INSERT OR UPDATE OR DELETE ON author_claims
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER paper_links_version ON paper_links;
CREATE CONSTRAINT TRIGGER paper_links_version AFTER INSERT OR UPDATE OR DELETE ON paper_links
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER github_repos_ins_version ON github_repos;
CREATE CONSTRAINT TRIGGER github_repos_ins_version AFTER INSERT OR DELETE ON github_repos
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_content_version();
DROP TRIGGER github_repos_upd_version ON github_repos;
CREATE CONSTRAINT TRIGGER github_repos_upd_version AFTER UPDATE ON github_repos
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.stars IS DISTINCT FROM OLD.stars OR NEW.status IS DISTINCT FROM OLD.status
          OR (NEW.read_at AT TIME ZONE 'UTC')::date IS DISTINCT FROM (OLD.read_at AT TIME ZONE 'UTC')::date)
    EXECUTE FUNCTION bump_content_version();
