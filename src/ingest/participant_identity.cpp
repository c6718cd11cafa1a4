#include "ingest/participant_identity.hpp"

#include "ingest/speaker_labels.hpp"
#include "store/people.hpp"

namespace grounded::ingest {

namespace {

// The label of a generic participant: the file's own person.
std::string per_file_label(store::Database& db, const std::string& speaker_label, std::string_view origin) {
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

// The label of the person called `name` in `study`: see the header.
std::string person_label_in_study(store::Database& db, const std::string& name, const store::Study& study) {
  std::optional<Id> unplaced;  // known by the name, speaking in no study yet
  bool elsewhere = false;      // someone by that name speaks in another study
  for (Id id : store::participants_called(db, name)) {
    const store::Placement placement = store::participant_placement(db, id, study.id);
    if (placement == store::Placement::in_study) return store::get_participant(db, id).label;
    if (placement == store::Placement::nowhere && !unplaced) unplaced = id;
    elsewhere |= placement == store::Placement::elsewhere;
  }
  if (unplaced) return store::get_participant(db, *unplaced).label;
  if (!elsewhere) return name;
  const std::string scoped = name + " (" + study.name + ")";
  const std::vector<Id> scoped_ids = store::participants_called(db, scoped);
  return scoped_ids.empty() ? scoped : store::get_participant(db, scoped_ids.front()).label;
}

}  // namespace

std::string participant_label(store::Database& db, const std::string& speaker_label, std::string_view origin,
                              bool named_by_user, const store::Study& study) {
  if (!named_by_user && is_generic_label(speaker_label)) return per_file_label(db, speaker_label, origin);
  return person_label_in_study(db, speaker_label, study);
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
