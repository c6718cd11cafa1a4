-- Whose words an excerpt is: the ONE definition read by search, cohorts and
-- drafting (src/store/excerpt_speakers.hpp documents it for C++ readers).
--   participant_id: NULL when the speaker is the interviewer or a support
--     agent (their turns are never a participant's words, whatever an edit
--     left in excerpts.participant_id); else the excerpt's own participant
--     when ingest or an edit set one; else the source's; NULL when nobody is known.
--   is_customer_speech: 1 unless the speaker is the interviewer or an agent.
--     Unidentified speakers (role 'unknown') count as customer speech: in
--     notes, reviews and unlabelled transcripts they are the customer.
CREATE VIEW excerpt_speakers AS
SELECT e.id AS excerpt_id,
       e.source_id AS source_id,
       e.speaker AS speaker,
       e.speaker_role AS speaker_role,
       CASE WHEN e.speaker_role IN ('interviewer', 'agent') THEN NULL
            ELSE COALESCE(e.participant_id, s.participant_id) END AS participant_id,
       CASE WHEN e.speaker_role IN ('interviewer', 'agent') THEN 0 ELSE 1 END AS is_customer_speech
FROM excerpts e JOIN sources s ON s.id = e.source_id;
