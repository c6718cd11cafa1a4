-- The category facet of a search (issue 14) counts, for every ranked match,
-- its tags that are not rejected: a seek by excerpt id. With tags(excerpt_id)
-- alone each seek also read the tag's table row for status and category;
-- this index holds both, so the facet reads the index only. It replaces
-- tags_excerpt (excerpt_id leads it, so every lookup by excerpt, and the
-- cascade from excerpts, still uses an index).
CREATE INDEX tags_excerpt_status_category ON tags(excerpt_id, status, category);
DROP INDEX tags_excerpt;
