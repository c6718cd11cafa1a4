-- Grounded schema, version 1. Migrations are applied in file-name order at
-- open, each in its own transaction; PRAGMA user_version records the last one.
-- Times are ISO-8601 UTC text; offsets are UTF-8 byte offsets into sources.body.

CREATE TABLE accounts (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  industry    TEXT NOT NULL DEFAULT '',
  employees   INTEGER,
  revenue     REAL,
  region      TEXT NOT NULL DEFAULT '',
  stage       TEXT NOT NULL DEFAULT '',
  stack       TEXT NOT NULL DEFAULT '',
  meta        TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE participants (
  id          INTEGER PRIMARY KEY,
  label       TEXT NOT NULL UNIQUE,
  role        TEXT NOT NULL DEFAULT '',
  seniority   TEXT NOT NULL DEFAULT '',
  segment     TEXT NOT NULL DEFAULT '',
  account_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  meta        TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX participants_account ON participants(account_id);

-- One row per ingested file: the sha256 of its original bytes makes
-- re-ingesting the same file a recognised no-op.
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  origin        TEXT NOT NULL,
  sha256        TEXT NOT NULL UNIQUE,
  format        TEXT NOT NULL,
  byte_size     INTEGER NOT NULL,
  source_count  INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE sources (
  id              INTEGER PRIMARY KEY,
  import_id       INTEGER REFERENCES imports(id) ON DELETE SET NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('interview','ticket','review','survey','note')),
  title           TEXT NOT NULL,
  participant_id  INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  account_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  occurred_at     TEXT NOT NULL DEFAULT '',
  origin          TEXT NOT NULL,
  format          TEXT NOT NULL,
  body            TEXT NOT NULL,
  meta            TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX sources_kind ON sources(kind, occurred_at);
CREATE INDEX sources_participant ON sources(participant_id);
CREATE INDEX sources_account ON sources(account_id);
CREATE INDEX sources_import ON sources(import_id);

CREATE TABLE excerpts (
  id              INTEGER PRIMARY KEY,
  source_id       INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  ordinal         INTEGER NOT NULL,
  speaker         TEXT NOT NULL DEFAULT '',
  speaker_role    TEXT NOT NULL DEFAULT 'unknown'
                  CHECK (speaker_role IN ('interviewer','participant','agent','customer','author','unknown')),
  participant_id  INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  start_byte      INTEGER NOT NULL,
  end_byte        INTEGER NOT NULL,
  start_ms        INTEGER,
  end_ms          INTEGER,
  text            TEXT NOT NULL,
  UNIQUE (source_id, ordinal)
);
CREATE INDEX excerpts_participant ON excerpts(participant_id);

-- External-content FTS5 over excerpts.text with our ICU tokenizer
-- (src/text/). Inserts are explicit, in the ingest transaction: an AFTER
-- INSERT trigger makes FTS5 flush at every savepoint and ingest ~2.6x slower.
-- Deletes and updates go through triggers, where that cost does not matter.
CREATE VIRTUAL TABLE excerpts_fts USING fts5(
  text, content='excerpts', content_rowid='id', tokenize='grounded'
);
CREATE TRIGGER excerpts_fts_delete AFTER DELETE ON excerpts BEGIN
  INSERT INTO excerpts_fts(excerpts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER excerpts_fts_update AFTER UPDATE OF text ON excerpts BEGIN
  INSERT INTO excerpts_fts(excerpts_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO excerpts_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE tags (
  id              INTEGER PRIMARY KEY,
  excerpt_id      INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
  span_start      INTEGER,
  span_end        INTEGER,
  category        TEXT NOT NULL,
  subfields       TEXT NOT NULL DEFAULT '{}',
  theme           TEXT NOT NULL DEFAULT '',
  confidence      REAL NOT NULL DEFAULT 0,
  origin          TEXT NOT NULL CHECK (origin IN ('rule','context','model','human')),
  status          TEXT NOT NULL DEFAULT 'suggested' CHECK (status IN ('suggested','accepted','rejected')),
  rationale       TEXT NOT NULL DEFAULT '',
  created_by      TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX tags_excerpt ON tags(excerpt_id);
CREATE INDEX tags_category_status ON tags(category, status, confidence);

-- Trained tagger models (serialised as JSON), newest wins.
CREATE TABLE tagger_models (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  model       TEXT NOT NULL,
  metrics     TEXT NOT NULL DEFAULT '{}',
  trained_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Long-running work (uploads, re-tagging, imports) reports progress here so
-- the UI can poll it.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('queued','running','done','failed')),
  done         INTEGER NOT NULL DEFAULT 0,
  total        INTEGER NOT NULL DEFAULT 0,
  message      TEXT NOT NULL DEFAULT '',
  result       TEXT NOT NULL DEFAULT '{}',
  started_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  finished_at  TEXT
);

CREATE TABLE personas (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('buyer','user','icp')),
  name           TEXT NOT NULL,
  role           TEXT NOT NULL DEFAULT '',
  cohort         TEXT NOT NULL DEFAULT '{}',
  priority_tier  TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  reviewed_at    TEXT NOT NULL DEFAULT '',
  drafted_at     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE attributes (
  id          INTEGER PRIMARY KEY,
  persona_id  INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  section     TEXT NOT NULL,
  text        TEXT NOT NULL,
  origin      TEXT NOT NULL DEFAULT 'drafted' CHECK (origin IN ('drafted','manual')),
  position    INTEGER NOT NULL DEFAULT 0,
  theme_key   TEXT NOT NULL DEFAULT '',
  edited_at   TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX attributes_persona ON attributes(persona_id, section, position);

CREATE TABLE citations (
  id            INTEGER PRIMARY KEY,
  attribute_id  INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
  excerpt_id    INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
  verdict       TEXT NOT NULL DEFAULT 'unreviewed' CHECK (verdict IN ('unreviewed','supports','does_not_support')),
  reviewer      TEXT NOT NULL DEFAULT '',
  reviewed_at   TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  UNIQUE (attribute_id, excerpt_id)
);
CREATE INDEX citations_excerpt ON citations(excerpt_id);

-- Human sign-offs from the validation checklist (validated with sales, ...).
CREATE TABLE persona_signoffs (
  id          INTEGER PRIMARY KEY,
  persona_id  INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  step        TEXT NOT NULL,
  who         TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (persona_id, step)
);

-- Who did what to which row, with the row before and after (JSON).
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   INTEGER,
  before      TEXT NOT NULL DEFAULT '',
  after       TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
