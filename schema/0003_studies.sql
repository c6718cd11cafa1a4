-- Studies: the researcher's unit of work. Every source belongs to exactly one
-- study; search, cohorts, tag runs, the review queue and guide coverage can be
-- scoped to one. Deleting a study deletes its sources (src/store/studies.hpp).
CREATE TABLE studies (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  started_at  TEXT NOT NULL DEFAULT '',   -- YYYY, YYYY-MM or YYYY-MM-DD; '' when unknown
  ended_at    TEXT NOT NULL DEFAULT '',
  owner       TEXT NOT NULL DEFAULT '',
  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- SQLite cannot add a NOT NULL foreign-key column to a filled table, so the
-- column is nullable and the triggers below keep it set: the store always
-- names a study, and a row written without one lands in "Unsorted".
ALTER TABLE sources ADD COLUMN study_id INTEGER REFERENCES studies(id);
CREATE INDEX sources_study ON sources(study_id, occurred_at);

-- Existing sources: the files of the bundled sample study (samples/, stored
-- under their paths relative to it) go to its own study, everything else to
-- "Unsorted".
CREATE TEMP TABLE sample_sources AS SELECT id FROM sources WHERE origin IN (
    'interviews/01-controller-harbor.vtt',
    'interviews/02-ap-bramblewood.txt',
    'interviews/03-opsmgr-meridian.txt',
    'interviews/04-controller-calder.docx',
    'interviews/05-ap-northpeak.md',
    'interviews/06-opsmgr-harbor.srt',
    'interviews/07-controller-oakridge.vtt',
    'interviews/08-ap-tidewater.txt',
    'interviews/09-opsmgr-pinecrest.vtt',
    'interviews/10-controller-kestrel.txt',
    'interviews/11-ap-larkspur.docx',
    'interviews/12-opsmgr-bramblewood.txt')
  OR origin GLOB 'tickets/ledgerline_zendesk_tickets.csv*' OR origin GLOB 'reviews/ledgerline_g2_reviews.csv*';
INSERT INTO studies (name, description)
  SELECT 'Sample: Ledgerline', 'The fictional sample study that ships with Grounded (samples/).'
  WHERE EXISTS (SELECT 1 FROM temp.sample_sources);
UPDATE sources SET study_id = (SELECT id FROM studies WHERE name = 'Sample: Ledgerline')
  WHERE id IN (SELECT id FROM temp.sample_sources);
DROP TABLE temp.sample_sources;
INSERT INTO studies (name, description)
  SELECT 'Unsorted', 'Sources ingested without naming a study.'
  WHERE EXISTS (SELECT 1 FROM sources WHERE study_id IS NULL);
UPDATE sources SET study_id = (SELECT id FROM studies WHERE name = 'Unsorted') WHERE study_id IS NULL;

CREATE TRIGGER sources_default_study AFTER INSERT ON sources WHEN NEW.study_id IS NULL BEGIN
  INSERT OR IGNORE INTO studies (name, description) VALUES ('Unsorted', 'Sources ingested without naming a study.');
  UPDATE sources SET study_id = (SELECT id FROM studies WHERE name = 'Unsorted') WHERE id = NEW.id;
END;
CREATE TRIGGER sources_study_required BEFORE UPDATE OF study_id ON sources WHEN NEW.study_id IS NULL BEGIN
  SELECT RAISE(ABORT, 'every source belongs to a study');
END;
