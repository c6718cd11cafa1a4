-- CRM facts beside the evidence (issue 13): an account's web domain (the
-- key a CRM re-import matches on first), deals with their won/lost/open
-- outcome, and what persona sizing and the review cadence record.

-- '' = unknown. Unique when known: two accounts never share a domain.
ALTER TABLE accounts ADD COLUMN domain TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX accounts_domain ON accounts(domain) WHERE domain <> '';

-- One row per deal (HubSpot) or opportunity (Salesforce). A re-import
-- updates the row with the same (system, external_id); rows without an
-- export id are matched by (system, name, account).
CREATE TABLE deals (
  id           INTEGER PRIMARY KEY,
  system       TEXT NOT NULL,                 -- hubspot | salesforce | csv
  external_id  TEXT NOT NULL DEFAULT '',      -- the export's record / opportunity id
  name         TEXT NOT NULL,
  account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  stage        TEXT NOT NULL DEFAULT '',      -- as the CRM names it
  outcome      TEXT NOT NULL CHECK (outcome IN ('won','lost','open')),
  amount       REAL,
  close_date   TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD
  lost_reason  TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE UNIQUE INDEX deals_external ON deals(system, external_id) WHERE external_id <> '';
CREATE INDEX deals_account ON deals(account_id, outcome);
CREATE INDEX deals_close ON deals(close_date);

-- The review cadence: when the persona last had its quarterly review and
-- its annual rebuild ('' = never; the dates then count from created_at).
ALTER TABLE personas ADD COLUMN quarterly_reviewed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE personas ADD COLUMN rebuilt_at TEXT NOT NULL DEFAULT '';

-- Survey answers, one row per respondent, question and chosen value (a
-- multi-select answer is one row per option), so "41% of 312 respondents
-- chose X" is a count. Open answers are evidence (sources and excerpts);
-- they are listed here too, kind 'open', with their source.
CREATE TABLE survey_answers (
  id              INTEGER PRIMARY KEY,
  import_id       INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  respondent      TEXT NOT NULL,          -- the export's response id, or "row N"
  source_id       INTEGER REFERENCES sources(id) ON DELETE CASCADE,
  participant_id  INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  question        TEXT NOT NULL,
  answer          TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('choice','scale','attribute','open'))
);
CREATE INDEX survey_answers_question ON survey_answers(question, answer);
CREATE INDEX survey_answers_import ON survey_answers(import_id, respondent);
CREATE INDEX survey_answers_source ON survey_answers(source_id);

-- Quantitative validation: a persona attribute (or the persona as a whole,
-- attribute_id NULL) checked against one closed survey answer. The figures
-- ("41% of 312 respondents chose …") are counted live from survey_answers.
CREATE TABLE persona_survey_checks (
  id            INTEGER PRIMARY KEY,
  persona_id    INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  attribute_id  INTEGER REFERENCES attributes(id) ON DELETE CASCADE,
  question      TEXT NOT NULL,
  answer        TEXT NOT NULL,
  created_by    TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (persona_id, attribute_id, question, answer)
);
