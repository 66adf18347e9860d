-- Answer engine: every draft with what produced it, and verified answers.
CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('employee', 'customer')),
  stage TEXT NOT NULL CHECK (stage IN ('internal', 'supervised', 'autonomous')),
  question TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('model', 'extractive', 'verified')),
  answer TEXT NOT NULL,
  citations TEXT NOT NULL,            -- JSON: the cited passages, as shown to the asker
  proposed_actions TEXT NOT NULL,     -- JSON
  tool_runs TEXT NOT NULL,            -- JSON
  confidence REAL NOT NULL,
  reasons TEXT NOT NULL,              -- JSON array of strings
  decision TEXT NOT NULL CHECK (decision IN ('send', 'review', 'handoff')),
  model TEXT,
  prompt_version TEXT NOT NULL,
  passages TEXT NOT NULL,             -- JSON: every retrieved chunk id with its scores
  retrieval_mode TEXT NOT NULL,
  self_assessment TEXT,
  verified_answer_id TEXT,
  latency_ms INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  model_error TEXT
);
CREATE INDEX drafts_by_time ON drafts (created_at);

CREATE TABLE verified_answers (
  id TEXT PRIMARY KEY,
  audience TEXT NOT NULL CHECK (audience IN ('employee', 'customer')),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  cited_chunk_ids TEXT NOT NULL,      -- JSON array
  approved_at TEXT NOT NULL
);
CREATE INDEX verified_answers_recent ON verified_answers (audience, approved_at);

-- Tickets created by the built-in create_ticket action, once staff approve it.
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
  audience TEXT NOT NULL CHECK (audience IN ('employee', 'customer')),
  created_at TEXT NOT NULL
);

-- Approved write actions: one row per action, claimed before it runs, so a
-- retried approval or a redelivered queue message never runs it twice.
CREATE TABLE action_runs (
  key TEXT PRIMARY KEY,               -- draft id + action index: also the tool's idempotency key
  draft_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  arguments TEXT NOT NULL,            -- JSON
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  result TEXT,                        -- what the asker is told (success) or staff see (failure)
  started_at TEXT NOT NULL,
  finished_at TEXT
);
