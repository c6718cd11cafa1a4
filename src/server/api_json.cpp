#include "server/api_json.hpp"

#include "core/json.hpp"

namespace grounded::server {

nlohmann::json source_summary_json(const store::SourceSummary& summary) {
  nlohmann::json out = summary.source;
  out.erase("body");
  out["participant_label"] = summary.participant_label;
  out["participant_role"] = summary.participant_role;
  out["account_name"] = summary.account_name;
  out["excerpt_count"] = summary.excerpt_count;
  out["study_name"] = summary.study_name;
  return out;
}

nlohmann::json job_json(const store::Job& job) {
  return {{"id", job.id},
          {"kind", job.kind},
          {"status", job.status},
          {"done", job.done},
          {"total", job.total},
          {"message", job.message},
          {"result", parse_stored_json(job.result_json)},
          {"started_at", job.started_at},
          {"finished_at", job.finished_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.finished_at)}};
}

}  // namespace grounded::server
