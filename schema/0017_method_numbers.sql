-- The method's numbers, issue 13 (second part).
--
-- segment_history holds one row per user and account per week and month
-- (a 10-million-event export of 20,000 users writes ~350,000), and most
-- users are not mapped to a participant or an account: index only the rows
-- that are, so the import does not write two indexes of NULLs.
DROP INDEX IF EXISTS segment_history_participant;
DROP INDEX IF EXISTS segment_history_account;
CREATE INDEX segment_history_participant ON segment_history(participant_id) WHERE participant_id IS NOT NULL;
CREATE INDEX segment_history_account ON segment_history(account_id) WHERE account_id IS NOT NULL;

-- segment_history.metrics from here on holds the usage summary's values as a
-- JSON array in a fixed order (segments/assignment.hpp, stored_summary);
-- rows written before hold the object, and both read back as the object.
