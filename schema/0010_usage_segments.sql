-- Product analytics (issue 13): usage aggregates from event exports, and
-- behavioral segments per period. Raw events are not kept unless asked
-- (--keep-raw): one row per user and UTC day is what segmentation reads.

-- One row per `grounded events import` run.
CREATE TABLE usage_imports (
  id              INTEGER PRIMARY KEY,
  origin          TEXT NOT NULL,
  format          TEXT NOT NULL,            -- mixpanel | amplitude | posthog_csv | segment
  lines           INTEGER NOT NULL DEFAULT 0,
  events          INTEGER NOT NULL DEFAULT 0,  -- events read (before de-duplication)
  new_events      INTEGER NOT NULL DEFAULT 0,  -- counted into usage_daily
  duplicates      INTEGER NOT NULL DEFAULT 0,  -- insert id seen before (this file or earlier imports)
  bad_lines       INTEGER NOT NULL DEFAULT 0,
  created_by      TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Event names (features), interned: usage_daily.features lists their ids.
CREATE TABLE usage_features (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);

-- A user as the export named them (distinct_id, user_id, userId), mapped to
-- a participant and an account by the id map, e-mail or domain when known.
-- group_id is the export's account/group id (Amplitude groups, Segment groupId).
CREATE TABLE usage_users (
  id              INTEGER PRIMARY KEY,
  external_id     TEXT NOT NULL UNIQUE,
  group_id        TEXT NOT NULL DEFAULT '',
  email           TEXT NOT NULL DEFAULT '',
  participant_id  INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  account_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  first_seen      TEXT NOT NULL,            -- YYYY-MM-DD (UTC)
  last_seen       TEXT NOT NULL
);
CREATE INDEX usage_users_participant ON usage_users(participant_id);
CREATE INDEX usage_users_account ON usage_users(account_id);

-- Usage per user and UTC day: events, sessions (runs of events with gaps
-- under the rules' session gap), and the distinct features used
-- (comma-separated usage_features ids).
CREATE TABLE usage_daily (
  user_id   INTEGER NOT NULL REFERENCES usage_users(id) ON DELETE CASCADE,
  day       TEXT NOT NULL,
  events    INTEGER NOT NULL,
  sessions  INTEGER NOT NULL,
  features  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

-- The 64-bit hashes of every insert id imported so far, as blobs of
-- little-endian uint64 (compact: 8 bytes an event), so a re-import or an
-- overlapping export never counts an event twice.
CREATE TABLE usage_seen_ids (
  id      INTEGER PRIMARY KEY,
  hashes  BLOB NOT NULL
);

-- Raw events, only with --keep-raw.
CREATE TABLE usage_raw_events (
  id           INTEGER PRIMARY KEY,
  import_id    INTEGER NOT NULL REFERENCES usage_imports(id) ON DELETE CASCADE,
  external_id  TEXT NOT NULL,               -- the user id as the export gave it
  event        TEXT NOT NULL,
  occurred_at  INTEGER NOT NULL,            -- unix seconds
  line         TEXT NOT NULL                -- the export's line as read
);

-- Edited segment thresholds (newest wins; none = the shipped data file).
CREATE TABLE segment_rules (
  id          INTEGER PRIMARY KEY,
  rules       TEXT NOT NULL,
  created_by  TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Each user's and account's segment at the end of each period (week
-- "2026-W47" or month "2026-11"; the current period as of the last day with
-- data). unit_key is "user:<usage_users.id>", "account:<accounts.id>" or
-- "group:<export group id>"; external_id is the id as the export gave it.
CREATE TABLE segment_history (
  period_kind  TEXT NOT NULL CHECK (period_kind IN ('week','month')),
  period       TEXT NOT NULL,
  unit         TEXT NOT NULL CHECK (unit IN ('user','account')),
  unit_key     TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  user_id      INTEGER REFERENCES usage_users(id) ON DELETE CASCADE,
  account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  segment      TEXT NOT NULL CHECK (segment IN ('power','regular','at-risk','new')),
  metrics      TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (period_kind, period, unit, unit_key)
) WITHOUT ROWID;
CREATE INDEX segment_history_participant ON segment_history(participant_id);
CREATE INDEX segment_history_account ON segment_history(account_id);
