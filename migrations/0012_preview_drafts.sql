-- Which drafts answered a staff preview session (web chat opened with
-- WEB_PREVIEW_KEY): 1 for those. The dashboard leaves them out (staff trying
-- the bot are not customers); readiness for the step to supervised counts
-- them, since while a channel is internal they are the only questions it gets.
ALTER TABLE drafts ADD COLUMN preview INTEGER NOT NULL DEFAULT 0;

-- Earlier preview drafts that went to review can be found through their
-- conversation; those sent without review kept no link and stay counted.
UPDATE drafts SET preview = 1
WHERE id IN (
  SELECT r.draft_id FROM reviews r
  JOIN web_conversations w ON w.id = json_extract(r.destination, '$.conversationId')
  WHERE w.preview = 1
);
