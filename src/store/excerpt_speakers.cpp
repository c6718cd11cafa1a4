#include "store/excerpt_speakers.hpp"

#include "core/error.hpp"

namespace grounded::store {

ExcerptSpeaker excerpt_speaker(Database& db, Id excerpt_id) {
  Statement query = db.prepare(
      "SELECT speaker, speaker_role, participant_id, is_customer_speech FROM excerpt_speakers WHERE excerpt_id = ?1");
  query.bind(1, excerpt_id);
  if (!query.step()) throw not_found("no excerpt with id " + std::to_string(excerpt_id));
  ExcerptSpeaker out;
  out.excerpt_id = excerpt_id;
  out.speaker = query.text(0);
  out.speaker_role = parse_speaker_role(query.text_view(1));
  out.participant_id = query.optional_int64(2);
  out.is_customer_speech = query.int64(3) != 0;
  return out;
}

}  // namespace grounded::store
