// Whose words an excerpt is. The one definition is the SQL view
// `excerpt_speakers` (schema/0004_people.sql, redefined in 0012_people_unidentified.sql); search, cohorts and drafting
// join it instead of working the answer out themselves, so an excerpt has the
// same speaker everywhere:
//   participant_id      empty for interviewer and agent turns; else the
//                       excerpt's own participant if set; empty for an
//                       interview turn whose label names nobody ("Unknown
//                       Speaker", schema/0012_people_unidentified.sql); else
//                       its source's; empty when nobody is known.
//   is_customer_speech  false for interviewer and agent turns.
#pragma once

#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

struct ExcerptSpeaker {
  Id excerpt_id = 0;
  std::string speaker;  // the label in the file ("" when unidentified)
  SpeakerRole speaker_role = SpeakerRole::unknown;
  std::optional<Id> participant_id;
  bool is_customer_speech = true;
};

// The speaker of one excerpt, read from the view. Error(not_found) naming the id.
ExcerptSpeaker excerpt_speaker(Database& db, Id excerpt_id);

}  // namespace grounded::store
