-- One piece of evidence may back more than one theme (issue 11): "We paid a
-- carrier invoice twice, and our IT guy reviewed the security
-- questionnaire" says two things. theme_members loses its UNIQUE(tag_id): a
-- tag is a member of each theme whose key phrase its evidence says, at most
-- once per theme (the primary key). What people do keeps its meaning
-- (synth/themes.hpp): a move takes the tag out of the one theme it moves
-- from, a merge keeps one membership where both themes held the tag, and
-- dismissing a theme leaves the tag in the others.
CREATE TABLE theme_members_shared (
  theme_id  INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
  tag_id    INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  origin    TEXT NOT NULL DEFAULT 'proposed' CHECK (origin IN ('proposed','manual')),
  added_by  TEXT NOT NULL DEFAULT '',
  added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY (theme_id, tag_id)
);
INSERT INTO theme_members_shared (theme_id, tag_id, origin, added_by, added_at)
  SELECT theme_id, tag_id, origin, added_by, added_at FROM theme_members;
DROP TABLE theme_members;
ALTER TABLE theme_members_shared RENAME TO theme_members;
-- "Which themes hold this tag" (moves, re-proposals, survey checks).
CREATE INDEX theme_members_tag ON theme_members(tag_id);
