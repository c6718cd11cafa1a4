-- Search without joins through sources (issue 14). `excerpt_search` holds,
-- per excerpt, what ranking, filters and facets read: a narrow row found by
-- excerpt id, where reading sources.study_id meant walking past the overflow
-- pages of sources.body. Whose words an excerpt is still has ONE definition,
-- the excerpt_speakers view (0004, redefined by later migrations): the
-- speaker role and customer-speech flag are copied from it (both follow from
-- the role alone); who the participant is is read from the view itself, so a
-- later definition of it never leaves stale copies here.
--
-- Writes: store::SourceWriter inserts the rows of a new source (explicitly,
-- like the FTS rows); the triggers below keep them true on every later
-- change and delete.
CREATE TABLE excerpt_search (
  excerpt_id          INTEGER PRIMARY KEY,
  source_id           INTEGER NOT NULL,
  study_id            INTEGER,
  kind                TEXT NOT NULL,
  speaker_role        TEXT NOT NULL,
  is_customer_speech  INTEGER NOT NULL,
  account_id          INTEGER,      -- the source's account
  occurred_at         TEXT NOT NULL
);
CREATE INDEX excerpt_search_source ON excerpt_search(source_id);

-- The rows as they should be: the one definition the writes below copy.
CREATE VIEW excerpt_search_rows AS
SELECT v.excerpt_id, v.source_id, s.study_id, s.kind, v.speaker_role, v.is_customer_speech, s.account_id,
       s.occurred_at
FROM excerpt_speakers v JOIN sources s ON s.id = v.source_id;

INSERT INTO excerpt_search SELECT * FROM excerpt_search_rows;

-- Ranked lists that search keeps for very common queries (search/kept_rankings.hpp)
-- are valid while this number is unchanged: a deleted or edited excerpt, or
-- a changed kind, role or study, bumps it. New excerpts do not: they are
-- ranked on top of a kept list.
CREATE TABLE search_generation (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  n   INTEGER NOT NULL
);
INSERT INTO search_generation (id, n) VALUES (1, 0);

CREATE TRIGGER excerpt_search_delete AFTER DELETE ON excerpts BEGIN
  DELETE FROM excerpt_search WHERE excerpt_id = old.id;
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER excerpt_search_text AFTER UPDATE OF text ON excerpts BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER excerpt_search_excerpt AFTER UPDATE OF speaker_role, source_id ON excerpts BEGIN
  DELETE FROM excerpt_search WHERE excerpt_id = old.id;
  INSERT INTO excerpt_search SELECT * FROM excerpt_search_rows WHERE excerpt_id = new.id;
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER excerpt_search_source AFTER UPDATE OF kind, study_id, account_id, occurred_at ON sources
WHEN old.kind IS NOT new.kind
  -- (filing a new source under "Unsorted", from NULL, happens before it has excerpts)
  OR (old.study_id IS NOT NULL AND old.study_id IS NOT new.study_id)
  OR old.account_id IS NOT new.account_id OR old.occurred_at IS NOT new.occurred_at
BEGIN
  DELETE FROM excerpt_search WHERE source_id = old.id;
  INSERT INTO excerpt_search SELECT * FROM excerpt_search_rows WHERE source_id = new.id;
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
