-- Whose words an excerpt is (the one definition, first in 0004_people.sql),
-- now with unidentified voices. A turn whose label says the transcription
-- tool could not tell who spoke ("Unknown Speaker": src/ingest/data/
-- speaker_labels.json, "unidentified") is stored with that label and role
-- 'unknown' (in an interview, every other labelled speaker gets a role at
-- ingest). It is nobody's words unless an edit gave the excerpt a
-- participant: it never falls back to the source's participant, so it never
-- swells that person's evidence or counts as a voice. Turns with no label at
-- all (an SRT cue that continues the previous speaker, a note, an unlabelled
-- transcript) keep the fallback, as before.
--   participant_id: NULL for interviewer and agent turns; the excerpt's own
--     participant when set; else NULL for a labelled interview turn of
--     unknown role; else the source's.
--   is_customer_speech: 1 unless the speaker is the interviewer or an agent.
DROP VIEW excerpt_speakers;
CREATE VIEW excerpt_speakers AS
SELECT e.id AS excerpt_id,
       e.source_id AS source_id,
       e.speaker AS speaker,
       e.speaker_role AS speaker_role,
       CASE WHEN e.speaker_role IN ('interviewer', 'agent') THEN NULL
            WHEN e.speaker_role = 'unknown' AND e.speaker <> '' AND s.kind = 'interview' THEN e.participant_id
            ELSE COALESCE(e.participant_id, s.participant_id) END AS participant_id,
       CASE WHEN e.speaker_role IN ('interviewer', 'agent') THEN 0 ELSE 1 END AS is_customer_speech
FROM excerpts e JOIN sources s ON s.id = e.source_id;
