#include "ingest/participant_identity.hpp"

#include "ingest/speaker_labels.hpp"

namespace grounded::ingest {

std::string participant_label(store::Database& db, const std::string& speaker_label, std::string_view origin,
                              bool named_by_user) {
  if (named_by_user || !is_generic_label(speaker_label)) return speaker_label;
  const std::string base = generic_participant_name(speaker_label, origin);
  // The same origin name from an earlier, different file (the sha256 differed,
  // or this would be "already stored") is another interview: another person.
  auto taken = db.prepare("SELECT EXISTS (SELECT 1 FROM participants WHERE label = ?1)");
  std::string label = base;
  for (int n = 2; n < 10000; ++n) {
    taken.reset();
    taken.bind(1, label);
    taken.step();
    if (taken.int64(0) == 0) return label;
    label = base.substr(0, base.size() - 1) + ", " + std::to_string(n) + ")";
  }
  return label;
}

std::optional<std::string> participant_span_warning(store::Database& db, Id id, std::int64_t limit) {
  auto count = db.prepare("SELECT p.label, (SELECT count(*) FROM sources s WHERE s.participant_id = p.id) "
                          "FROM participants p WHERE p.id = ?1");
  count.bind(1, id);
  if (!count.step() || count.int64(1) <= limit) return std::nullopt;
  return "participant \"" + count.text(0) + "\" now appears in " + std::to_string(count.int64(1)) +
         " sources; if these are different people, name each file's participant (--participant, study.json "
         "\"participant\", the upload form) or split them on the participants page";
}

}  // namespace grounded::ingest
