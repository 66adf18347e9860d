-- Inbound messages, stored before they are answered: the idempotency key
-- (Slack's event_id) makes every redelivery a no-op, and a crash loses nothing.
CREATE TABLE inbound_events (
  key TEXT PRIMARY KEY,                -- 'slack:' || event_id
  source TEXT NOT NULL,
  payload TEXT NOT NULL,               -- the event as received (JSON)
  status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'ignored', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  draft_id TEXT,                       -- the one draft answering it, set once
  error TEXT,                          -- error code when it failed (never message text)
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inbound_events_by_status ON inbound_events (status, received_at);

-- Slack threads the bot has answered in: replies there need no new mention.
CREATE TABLE slack_threads (
  channel TEXT NOT NULL,
  thread_ts TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (channel, thread_ts)
);

-- Drafts that need a human. status moves once, from 'pending', atomically.
CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  draft_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('review', 'handoff')),
  destination TEXT NOT NULL,           -- JSON: where the reply goes (Slack channel + thread, web conversation)
  asker TEXT,                          -- the asker's user id on that channel
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'edited', 'rejected')),
  created_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by TEXT,
  final_text TEXT,
  reject_reason TEXT,
  card TEXT                            -- JSON: the staff card's location, once posted
);
CREATE INDEX reviews_by_status ON reviews (status, created_at);

-- Every outbound message, claimed by key before it is posted, so retries post once.
CREATE TABLE deliveries (
  key TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  message_ref TEXT,                    -- e.g. the Slack message ts
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Helpful / not helpful, one vote per person per draft (the latest counts).
CREATE TABLE feedback (
  draft_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (draft_id, user_id)
);

-- Staff decisions as training data: approved and edited replies (and rejected
-- drafts with the staff member's own reply, for preference pairs).
CREATE TABLE training_examples (
  review_id TEXT PRIMARY KEY,
  draft_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('approved', 'edited', 'rejected_with_reply')),
  question TEXT NOT NULL,
  draft_answer TEXT NOT NULL,
  final_answer TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- One answer per Slack message: a mention in a followed thread arrives as two
-- events (app_mention and message) with different event ids; the first claims it.
CREATE TABLE slack_messages (
  channel TEXT NOT NULL,
  ts TEXT NOT NULL,
  event_key TEXT NOT NULL,
  PRIMARY KEY (channel, ts)
);
