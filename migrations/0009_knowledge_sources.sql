-- Scheduled knowledge sources: a website's sitemap the cron re-crawls on its
-- own, in bounded batches that resume where the last run stopped.

CREATE TABLE knowledge_sources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('sitemap')),
  url TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('internal', 'public')),
  id_prefix TEXT NOT NULL,
  every_hours INTEGER NOT NULL CHECK (every_hours >= 1),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  -- When the next crawl cycle is due; a cycle in progress keeps it in the past.
  next_run_at TEXT NOT NULL,
  -- The crawl in progress (queue, seen, pages, gone) as JSON; NULL between cycles.
  crawl_state TEXT,
  -- A run holds the source until then, so overlapping cron runs never crawl it twice at once.
  lease_until TEXT
);
CREATE UNIQUE INDEX knowledge_sources_scope ON knowledge_sources (id_prefix, url);

-- What the last fetch of each page said (for conditional requests).
CREATE TABLE knowledge_source_pages (
  source_id TEXT NOT NULL,
  url TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  PRIMARY KEY (source_id, url)
);

-- Every run of a source, shown in the console's Knowledge page.
CREATE TABLE knowledge_source_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  fetched INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  removed INTEGER NOT NULL,
  -- 1 when this run finished a crawl cycle.
  cycle_done INTEGER NOT NULL,
  error TEXT,
  failures TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX knowledge_source_runs_recent ON knowledge_source_runs (source_id, id);
