-- Rollout channels, web chat conversations, rate limits, and what the
-- review console and the readiness figures need from reviews and drafts.

-- Each channel's rollout stage. 'web' is the default web chat channel; new
-- installs start it at 'internal'. The Slack channel's row is created from
-- SLACK_STAGE the first time it is read. Stage changes go through one domain
-- function that also writes the audit log.
CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('slack', 'web')),
  stage TEXT NOT NULL CHECK (stage IN ('internal', 'supervised', 'autonomous')),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
INSERT INTO channels (id, kind, stage, updated_at, updated_by)
VALUES ('web', 'web', 'internal', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'install');

-- Web chat conversations, for listing and limits. The messages themselves
-- live in the conversation's Durable Object.
CREATE TABLE web_conversations (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  preview INTEGER NOT NULL DEFAULT 0,   -- 1: a staff preview session (stage internal)
  created_at TEXT NOT NULL,
  last_message_at TEXT,
  message_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX web_conversations_recent ON web_conversations (channel, created_at);

-- Fixed-window counters for rate limits (per IP, per session): one row per key and window.
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,        -- unix seconds
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);

-- Which channel a draft was written for ('slack', a web channel id, or 'preview').
ALTER TABLE drafts ADD COLUMN channel TEXT NOT NULL DEFAULT 'slack';
CREATE INDEX drafts_by_channel ON drafts (channel, created_at);

-- Reviews gain: 'sample' (a reply that went out unreviewed, graded afterwards),
-- 'expired' (no decision before REVIEW_EXPIRE_AFTER), the channel, and when
-- staff were reminded. SQLite cannot alter a CHECK, so the table is rebuilt.
CREATE TABLE reviews_v2 (
  id TEXT PRIMARY KEY,
  draft_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('review', 'handoff', 'sample')),
  destination TEXT NOT NULL,
  asker TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'edited', 'rejected', 'expired')),
  created_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by TEXT,
  final_text TEXT,
  reject_reason TEXT,
  card TEXT,
  channel TEXT NOT NULL DEFAULT 'slack',
  reminded_at TEXT
);
INSERT INTO reviews_v2 (id, draft_id, kind, destination, asker, status, created_at, decided_at, decided_by, final_text, reject_reason, card, channel)
SELECT id, draft_id, kind, destination, asker, status, created_at, decided_at, decided_by, final_text, reject_reason, card,
       CASE WHEN json_extract(destination, '$.kind') = 'web' THEN 'web' ELSE 'slack' END
FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_v2 RENAME TO reviews;
CREATE INDEX reviews_by_status ON reviews (status, created_at);
CREATE INDEX reviews_by_channel ON reviews (channel, created_at);
