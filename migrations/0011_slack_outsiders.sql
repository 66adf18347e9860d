-- Slack askers outside the company, and which answers were delivered where.

-- users.info, cached: who is a guest (is_restricted: multi-channel,
-- is_ultra_restricted: single-channel) or belongs to another organisation
-- (team_id differs, Slack Connect). Re-read from Slack after a TTL.
CREATE TABLE slack_users (
  user_id TEXT PRIMARY KEY,
  team_id TEXT,
  is_restricted INTEGER NOT NULL DEFAULT 0,
  is_ultra_restricted INTEGER NOT NULL DEFAULT 0,
  fetched_at TEXT NOT NULL
);

-- Answers posted into Slack conversations, so a feedback click is only
-- counted for an answer delivered in the conversation it is clicked in.
CREATE TABLE slack_answers (
  draft_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  ts TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (draft_id, channel)
);
