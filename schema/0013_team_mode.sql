-- Team mode (issue 12): the people who sign in, their sessions, and every
-- sign-in attempt (for rate limiting and lock-out). Loopback serving without
-- --team never reads these tables.

-- One row per person. `username_key` is the name lower-cased by Unicode rules,
-- so "Ana" and "ANA" are one user; `username` keeps the spelling given.
-- `password_hash` is libsodium's crypto_pwhash_str (Argon2id, with its salt
-- and cost parameters inside the string); the password itself is never stored.
CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL,
  username_key        TEXT NOT NULL UNIQUE,
  role                TEXT NOT NULL CHECK (role IN ('admin', 'researcher', 'reviewer', 'viewer')),
  password_hash       TEXT NOT NULL,
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  password_changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- A signed-in browser. The cookie carries a random secret; only its SHA-256
-- is stored, so a copy of the database signs nobody in. Times are Unix
-- seconds (UTC) for cheap idle and absolute expiry checks.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  remote_addr  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Every sign-in attempt, whether or not the name belongs to a user (so the
-- lock-out answers alike for both and reveals nothing). `username_key` as in
-- users; `at` in Unix seconds.
CREATE TABLE login_attempts (
  id           INTEGER PRIMARY KEY,
  username_key TEXT NOT NULL,
  remote_addr  TEXT NOT NULL,
  at           INTEGER NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('signed_in', 'wrong', 'locked'))  -- locked: refused unchecked
);
CREATE INDEX login_attempts_user ON login_attempts(username_key, at);
CREATE INDEX login_attempts_remote ON login_attempts(remote_addr, at);
