-- Learning from the researcher (issue 10, item 4), additive only.
--
-- reviewed_examples: labeled texts a researcher brought in from another tool
-- (`grounded tagger train --labeled FILE.csv`), each fully labeled: the
-- categories in `labels` are positives, every other category a negative.
-- `normalized` (NFKC case-folded words joined by single spaces) keeps one row
-- per text however it was punctuated or capitalised.
CREATE TABLE reviewed_examples (
  id          INTEGER PRIMARY KEY,
  text        TEXT NOT NULL,
  normalized  TEXT NOT NULL UNIQUE,
  labels      TEXT NOT NULL DEFAULT '[]',
  origin      TEXT NOT NULL DEFAULT '',
  line        INTEGER,
  created_by  TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- tags.uncertainty: how unsure the tagger was about the excerpt when it
-- suggested the tag (0 = sure, 1 = on the decision boundary), so the review
-- queue can put first the suggestions whose review teaches the model most.
-- NULL for tags written before this column (ordered by their own confidence).
ALTER TABLE tags ADD COLUMN uncertainty REAL;
