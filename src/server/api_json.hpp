// JSON forms the API adds to core/json.hpp: rows that carry joined fields
// (library rows, excerpts in context) and jobs.
#pragma once

#include <nlohmann/json.hpp>

#include "store/jobs.hpp"
#include "store/sources.hpp"

namespace grounded::server {

// The source (without body) plus participant_label, participant_role,
// account_name, excerpt_count and study_name.
nlohmann::json source_summary_json(const store::SourceSummary& summary);
// {id, kind, status, done, total, message, result (object), started_at, finished_at}
nlohmann::json job_json(const store::Job& job);

}  // namespace grounded::server
