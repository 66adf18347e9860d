-- Slack as an AI app (issue 18): the assistant pane (`assistant_view`) and the
-- agent messaging experience (`agent_view`), and who looks at the App Home.

-- An assistant conversation with the app: an assistant thread (assistant_view),
-- or a DM in the agent view, where thread_ts is '' (each question starts its own thread).
CREATE TABLE slack_assistant_threads (
  channel TEXT NOT NULL,               -- the DM channel with the app (D...)
  thread_ts TEXT NOT NULL,             -- the assistant thread, or '' for the agent view's DM
  user_id TEXT NOT NULL,               -- the employee it belongs to
  context_channel TEXT,                -- the channel the employee was last looking at
  titled INTEGER NOT NULL DEFAULT 0,   -- 1 once the title was set from the first question
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (channel, thread_ts)
);
CREATE INDEX slack_assistant_threads_by_user ON slack_assistant_threads (user_id, updated_at);

-- People who opened the App Home, so staff's homes can be refreshed after a decision.
CREATE TABLE slack_home_viewers (
  user_id TEXT PRIMARY KEY,
  staff INTEGER NOT NULL CHECK (staff IN (0, 1)),
  opened_at TEXT NOT NULL
);
CREATE INDEX slack_home_viewers_by_time ON slack_home_viewers (staff, opened_at);
