-- The arXiv announcement day a paper first appeared on (the date of arXiv's listing, 'yyyy-MM-dd'; NULL when no
-- source told it): what /new lists, one day at a time, filtered by category. The paper writer sets it and never
-- moves it later.
ALTER TABLE papers ADD COLUMN announced_on TEXT;
CREATE INDEX ix_papers_announced ON papers (announced_on);

-- Papers stored before this migration get their day from their first version's date, once, in the background.
INSERT INTO site_state (key, value) SELECT 'announcement_day_backfill', '' WHERE EXISTS (SELECT 1 FROM papers);
