-- ICP scoring matrix versions (issue 13, items 1 and 2), additive only.
--
-- Every saved matrix is a new row; the newest row is the matrix in force.
-- With no row, the built-in default (src/icp/data/icp_matrix.json) applies.
-- Scores are not stored: they are computed on read from the accounts, their
-- tagged excerpts and the matrix in force, so they follow every change.
-- Each save is also in the audit log (entity icp_matrix_versions).
CREATE TABLE icp_matrix_versions (
  id          INTEGER PRIMARY KEY,
  matrix      TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
