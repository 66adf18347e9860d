-- Per-channel calibration: the features each draft was scored on, each
-- channel's fitted models (versioned, never overwritten) and the share of
-- sent replies its admin wants staff to approve unedited.

-- The confidence features of the draft (JSON object of numbers), so a
-- channel's model can be refitted on them once staff decide. Null for
-- drafts saved before this migration: they are left out of every fit.
ALTER TABLE drafts ADD COLUMN features TEXT;

-- One row per fit. The nightly cron adds version n + 1 when a channel has
-- new staff decisions and meets the minimum; the gate uses the newest.
CREATE TABLE calibration_fits (
  channel TEXT NOT NULL,
  version INTEGER NOT NULL,
  fitted_at TEXT NOT NULL,
  model TEXT NOT NULL,                  -- JSON: the CalibrationModel (intercept, coefficients, fittedOn)
  decisions INTEGER NOT NULL,
  approved INTEGER NOT NULL,
  last_decided_at TEXT NOT NULL,        -- newest decision used: the next fit waits for a newer one
  previous_model TEXT NOT NULL,         -- the model version this fit replaced
  scored TEXT NOT NULL,                 -- JSON [[predicted, approved 0/1], ...]: reliability bins and thresholds
  PRIMARY KEY (channel, version)
);

-- The target an admin set per channel (no row: the default, 95%).
CREATE TABLE calibration_targets (
  channel TEXT PRIMARY KEY,
  target REAL NOT NULL CHECK (target > 0 AND target < 1),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- The refit reads a channel's decided reviews newest first.
CREATE INDEX reviews_by_channel_decided ON reviews (channel, decided_at);
