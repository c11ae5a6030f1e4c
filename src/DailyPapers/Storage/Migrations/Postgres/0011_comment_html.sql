-- Comments keep their rendered, sanitised HTML, made once when written: showing a page renders no Markdown (a
-- 10,000-character comment could cost 0.17 s per view), and a text that cannot be rendered is refused when posted.
-- NULL means "not rendered yet": rows from before this migration are rendered by the web host after start-up
-- (CommentHtmlBackfill), and pages render such a row themselves until then. To render every comment again (a new
-- sanitiser rule), a later migration sets body_html to NULL.
ALTER TABLE comments ADD COLUMN body_html text;

-- A writer that changes the text but not the HTML (a node from before this migration, during a rolling upgrade,
-- or a hand-made UPDATE) leaves HTML of the old text: clear it, so the comment is rendered again from its text.
CREATE FUNCTION comments_body_html_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body IS DISTINCT FROM OLD.body AND NEW.body_html IS NOT DISTINCT FROM OLD.body_html THEN
        NEW.body_html := NULL;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER comments_body_html_stale BEFORE UPDATE OF body ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_body_html_stale();
