// Health, version, jobs, the evidence overview (stats) and the sample study.
//
//   GET  /api/v1/health           {"status":"ok"} — cheap, for probes and the benchmark
//   GET  /api/v1/version          {"version", "schema_version", "sqlite"}
//   GET  /api/v1/jobs/{id}        progress of a long job (upload, samples)
//   GET  /api/v1/stats            counts, excerpts per source kind and speaker role
//   GET  /api/v1/samples          whether the sample study is available
//   POST /api/v1/samples/load     loads it as a job: 202 {"job": {...}}
#include <filesystem>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/api_json.hpp"
#include "server/ingest_bridge.hpp"
#include "server/route_context.hpp"
#include "store/jobs.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"

namespace grounded::server {
namespace {

namespace fs = std::filesystem;

nlohmann::json stats(store::Database& db) {
  nlohmann::json out = {{"sources", store::count_rows(db, "sources")},
                        {"excerpts", store::count_rows(db, "excerpts")},
                        {"participants", store::count_rows(db, "participants")},
                        {"accounts", store::count_rows(db, "accounts")},
                        {"tags", store::count_rows(db, "tags")},
                        {"personas", store::count_rows(db, "personas")}};
  // Excerpts per source kind x speaker role, for the evidence chart.
  nlohmann::json matrix = nlohmann::json::array();
  for (const store::EvidenceCell& cell : store::evidence_by_kind_and_role(db))
    matrix.push_back({{"kind", cell.kind}, {"speaker_role", cell.speaker_role}, {"excerpts", cell.excerpts},
                      {"sources", cell.sources}});
  out["by_kind_and_role"] = std::move(matrix);
  return out;
}

std::int64_t count_sample_files(const fs::path& folder) {
  std::error_code error;
  std::int64_t count = 0;
  for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
    if (it->is_regular_file(error)) ++count;
  return count;
}

}  // namespace

void register_system_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json; charset=utf-8");
  });

  http.Get("/api/v1/version", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"version", GROUNDED_VERSION},
                    {"schema_version", context.db().schema_version()},
                    {"sqlite", sqlite3_libversion()}});
  });

  http.Get(R"(/api/v1/jobs/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, job_json(store::get_job(context.db(), path_id(req, 1, "job"))));
  });

  http.Get("/api/v1/stats", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, stats(context.db()));
  });

  http.Get("/api/v1/samples", [&context](const httplib::Request&, httplib::Response& res) {
    fs::path folder = context.options().samples_dir;
    std::error_code error;
    bool available = fs::is_directory(folder, error);
    send_json(res, {{"available", available}, {"files", available ? count_sample_files(folder) : 0}});
  });

  http.Post("/api/v1/samples/load", [&context](const httplib::Request&, httplib::Response& res) {
    fs::path folder = context.options().samples_dir;
    std::error_code error;
    if (!fs::is_directory(folder, error))
      throw not_found("the sample study is not installed with this copy of Grounded (looked in " + folder.string() + ")");
    store::Database& db = context.db();
    Id job = store::queue_job(db, "samples", count_sample_files(folder), store::kQueuedBehindEarlierJobs);
    context.run_in_background([folder, job](store::Database& connection) {
      store::run_job(connection, job, "loading the sample study failed: ", [&] {
        nlohmann::json result = ingest_folder(connection, folder, std::string(store::kSampleStudy),
                                              [&](std::int64_t done, std::int64_t total, const std::string& message) {
                                                store::update_job(connection, job, done, total, message);
                                              });
        std::string message = "Loaded the sample study: " + std::to_string(result.value("stored", 0)) + " files stored, " +
                              std::to_string(result.value("already_stored", 0)) + " already stored, " +
                              std::to_string(result.value("rejected", 0)) + " rejected";
        return store::JobOutcome{message, dump_json(result)};
      });
    });
    send_json(res, {{"job", job_json(store::get_job(db, job))}}, 202);
  });
}

}  // namespace grounded::server
