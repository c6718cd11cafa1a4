-- The source body kept once (issue 14). A body is the turns' headings and
-- texts joined ("Dana: …\n\n"), and the excerpts already hold the texts:
-- stored whole, every word was written twice (at 1M excerpts, 287 MB of an
-- 810 MB database). A source stored with body_form = 1 keeps in
-- sources.body only what lies between and around its excerpts (headings,
-- blank lines, a review's "Dislikes: "); the whole body is that text with
-- each excerpt's text put back at its start_byte, in start_byte order
-- (store/source_body.hpp, the one place that reads sources.body). Rows
-- stored before, and a source whose excerpts overlap, keep body_form = 0:
-- sources.body is the whole body.
ALTER TABLE sources ADD COLUMN body_form INTEGER NOT NULL DEFAULT 0 CHECK (body_form IN (0, 1));

-- An excerpt's text is part of its source's body when the body is kept
-- once: changing it would change what the body says. Nothing edits excerpt
-- texts today; this keeps it that way rather than corrupt a body silently.
CREATE TRIGGER excerpts_text_in_body BEFORE UPDATE OF text, start_byte, end_byte ON excerpts
WHEN (SELECT body_form FROM sources WHERE id = old.source_id) = 1
  AND (new.text IS NOT old.text OR new.start_byte IS NOT old.start_byte OR new.end_byte IS NOT old.end_byte)
BEGIN
  SELECT RAISE(ABORT, 'an excerpt''s text is part of its source''s body and cannot change');
END;
