-- Review console sessions, kept server-side so that signing out, a rotated
-- token and an admin's "sign out everyone" end them at once. The cookie
-- carries only the session's random id (signed); this row says who it is,
-- what it may do and whether it still holds. Rows past their expiry are
-- deleted by the nightly retention cron.
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie's session id: the table alone opens nothing
  actor TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),
  via TEXT NOT NULL CHECK (via IN ('token', 'access')),
  credential TEXT NOT NULL,          -- keyed hash of the token that opened it, or 'access'
  csrf TEXT NOT NULL,                -- the session's CSRF secret, put in its forms
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,                   -- set by sign-out, sign out everyone, or a rotated token
  revoked_reason TEXT
);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);
