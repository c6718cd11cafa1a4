#include "ingest/stored_file_metadata.hpp"

#include "ingest/participant_identity.hpp"
#include "store/people.hpp"
#include "store/people_edits.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"

namespace grounded::ingest {
namespace {

constexpr const char* kActor = "ingest";

// Sets `field` in `changes` when the user gave a value that differs from the stored one.
void change_if_new(std::optional<std::string>& field, const std::string& given, const std::string& stored,
                   const std::string& name, std::vector<std::string>& report) {
  if (given.empty() || given == stored) return;
  field = given;
  report.push_back(name + ": " + given);
}

}  // namespace

std::vector<std::string> apply_to_stored_source(store::Database& db, Id source_id, const IngestOptions& options) {
  std::vector<std::string> report;
  Source source = store::get_source(db, source_id);
  if (!options.participant.empty() && !options.pseudonymize) {
    // Every stored source has a study (schema/0003_studies.sql keeps it set).
    const store::Study study = store::get_study(db, source.study_id.value_or(0));
    const std::string label = participant_label(db, options.participant, source.origin, true, study);
    if (!source.participant_id || store::get_participant(db, *source.participant_id).label != label) {
      store::ParticipantChoice choice;
      choice.label = label;
      source.participant_id = store::set_source_participant(db, source_id, choice, kActor);
      report.push_back("participant: " + label);
    }
  }
  const bool describes_participant =
      !options.role.empty() || !options.seniority.empty() || !options.segment.empty() || !options.account.empty();
  if (describes_participant && !source.participant_id) {
    report.push_back("role, seniority, segment and account not applied: the stored source has no participant (name one)");
  } else if (describes_participant) {
    const Participant participant = store::get_participant(db, *source.participant_id);
    std::string account;
    if (participant.account_id) account = store::get_account(db, *participant.account_id).name;
    store::ParticipantChanges changes;
    change_if_new(changes.role, options.role, participant.role, "role", report);
    change_if_new(changes.seniority, options.seniority, participant.seniority, "seniority", report);
    change_if_new(changes.segment, options.segment, participant.segment, "segment", report);
    change_if_new(changes.account_name, options.account, account, "account", report);
    if (changes.role || changes.seniority || changes.segment || changes.account_name)
      store::edit_participant(db, *source.participant_id, changes, kActor);
    if (changes.account_name) {  // the source's account follows its participant's, as on the source view
      store::ParticipantChoice same;
      same.id = source.participant_id;
      store::set_source_participant(db, source_id, same, kActor);
    }
  }
  if (!options.occurred_at.empty() && options.occurred_at != source.occurred_at)
    report.push_back("interview date not applied to a file already stored (it keeps " +
                     (source.occurred_at.empty() ? std::string("no date") : source.occurred_at) + ")");
  return report;
}

}  // namespace grounded::ingest
