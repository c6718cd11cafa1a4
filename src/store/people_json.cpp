#include "store/people_json.hpp"

#include "core/json.hpp"

namespace grounded::store {

void to_json(nlohmann::json& out, const ParticipantSummary& summary) {
  out = summary.participant;
  out["account_name"] = summary.account_name;
  out["source_count"] = summary.source_count;
  out["excerpt_count"] = summary.excerpt_count;
  out["studies"] = summary.studies;
}

void to_json(nlohmann::json& out, const AccountSummary& summary) {
  out = summary.account;
  out["participant_count"] = summary.participant_count;
  out["source_count"] = summary.source_count;
  out["excerpt_count"] = summary.excerpt_count;
}

void to_json(nlohmann::json& out, const ParticipantSource& source) {
  out = {{"source_id", source.source_id}, {"title", source.title},           {"kind", source.kind},
         {"occurred_at", source.occurred_at}, {"study", source.study}, {"attributed", source.attributed},
         {"excerpt_count", source.excerpt_count}};
}

void to_json(nlohmann::json& out, const MergeOutcome& outcome) {
  out = {{"participant", outcome.participant},
         {"source_ids", outcome.source_ids},
         {"excerpts_moved", outcome.excerpts_moved},
         {"persona_ids", outcome.persona_ids}};
}

void to_json(nlohmann::json& out, const SplitOutcome& outcome) {
  out = {{"participant", outcome.created}, {"source_ids", outcome.source_ids}, {"excerpts_moved", outcome.excerpts_moved}};
}

}  // namespace grounded::store
