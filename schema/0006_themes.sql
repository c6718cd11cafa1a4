-- Themes: the reviewable layer between tags and persona attributes.
-- `grounded themes propose` groups tags of one category that say the same
-- thing; researchers rename, re-word the claim, merge, split, move tags
-- between themes, confirm or dismiss. Every change is in the audit log.

CREATE TABLE themes (
  id            INTEGER PRIMARY KEY,
  category      TEXT NOT NULL,
  name          TEXT NOT NULL,
  claim         TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','dismissed')),
  -- 'manual' once a person renamed it / re-worded the claim: re-proposing
  -- never overwrites a person's words.
  name_origin   TEXT NOT NULL DEFAULT 'proposed' CHECK (name_origin IN ('proposed','manual')),
  claim_origin  TEXT NOT NULL DEFAULT 'proposed' CHECK (claim_origin IN ('proposed','manual')),
  -- The study the theme was proposed in; NULL = the whole repository.
  -- (No foreign key: studies arrive in their own migration.)
  study_id      INTEGER,
  created_by    TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_by    TEXT NOT NULL DEFAULT '',
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX themes_category ON themes(category, status);

-- The grouping keys a theme answers for ("phrase:vendor bill", "syn:06516955").
-- A re-proposal that finds a group under a key adds it to the theme owning
-- the key, so renames, claims, merges (the merged theme's keys move to the
-- survivor) and dismissals stick. One owner per key in each scope.
CREATE TABLE theme_keys (
  theme_id     INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
  category     TEXT NOT NULL,
  study_scope  INTEGER NOT NULL DEFAULT 0,  -- study_id, 0 for the whole repository
  key          TEXT NOT NULL,
  PRIMARY KEY (category, study_scope, key)
);
CREATE INDEX theme_keys_theme ON theme_keys(theme_id);

-- A tag is in at most one theme. origin 'manual' (moved, split or merged by
-- a person) is never changed by a re-proposal.
CREATE TABLE theme_members (
  theme_id  INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
  tag_id    INTEGER NOT NULL UNIQUE REFERENCES tags(id) ON DELETE CASCADE,
  origin    TEXT NOT NULL DEFAULT 'proposed' CHECK (origin IN ('proposed','manual')),
  added_by  TEXT NOT NULL DEFAULT '',
  added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY (theme_id, tag_id)
);
