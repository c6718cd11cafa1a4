// Progress of long-running work (uploads, re-tagging, imports) that the UI
// polls. Each call is a short write of its own, outside any long transaction,
// so readers see progress while the work runs.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

struct Job {
  Id id = 0;
  std::string kind;
  std::string status;  // queued | running | done | failed
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::string message;
  std::string result_json = "{}";
  std::string started_at;
  std::string finished_at;
};

Id start_job(Database& db, const std::string& kind, std::int64_t total);
// What a queued job says until the one background writer reaches it.
inline constexpr const char* kQueuedBehindEarlierJobs = "Queued: waiting for earlier jobs to finish";

// A job waiting in the server's queue (status "queued", `message` says what
// it waits for) until its first update_job.
Id queue_job(Database& db, const std::string& kind, std::int64_t total, const std::string& message);
// Progress; marks the job running. A non-empty `result_json` replaces the
// result so far (an upload lists each file's outcome as it finishes).
void update_job(Database& db, Id id, std::int64_t done, std::int64_t total, const std::string& message = "",
                const std::string& result_json = "");
void finish_job(Database& db, Id id, bool ok, const std::string& message, const std::string& result_json = "{}");
Job get_job(Database& db, Id id);  // Error(not_found)

// How finished work closes its job.
struct JobOutcome {
  std::string message;
  std::string result_json = "{}";
};
// Runs `work` as job `id`. Its outcome closes the job as done; if it throws,
// the job closes as failed with `failure_prefix` and the reason, and the
// exception goes on to the caller, so a job can never stay "running" after
// its work has stopped.
void run_job(Database& db, Id id, const std::string& failure_prefix, const std::function<JobOutcome()>& work);

}  // namespace grounded::store
