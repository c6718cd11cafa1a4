-- Synthesizer additions (additive only).
-- attributes.basis: 'evidence' attributes must cite excerpts (else they are
-- flagged opinion-based); 'cohort' attributes (demographics, firmographics)
-- are computed from participant/account records and carry their counts.
ALTER TABLE attributes ADD COLUMN basis TEXT NOT NULL DEFAULT 'evidence';
-- citations.origin: how the citation got there — from an accepted tag, from a
-- confident suggestion (drafting with --include-suggested, shown marked), or
-- attached by a person.
ALTER TABLE citations ADD COLUMN origin TEXT NOT NULL DEFAULT 'accepted_tag';
CREATE INDEX citations_attribute ON citations(attribute_id);
