-- Who changed what and why: model promotions now, rollout sign-offs later.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,               -- the person who decided (name or email, as given)
  action TEXT NOT NULL,              -- e.g. 'model-promoted'
  subject TEXT NOT NULL,             -- e.g. the model id
  comment TEXT,
  details TEXT NOT NULL              -- JSON: the figures at that moment
);
CREATE INDEX audit_log_by_action ON audit_log (action, at);
