#include "server/upload.hpp"

#include <iostream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/api_json.hpp"
#include "server/http_errors.hpp"
#include "server/ingest_bridge.hpp"
#include "server/multipart_files.hpp"
#include "server/upload_fields.hpp"
#include "store/jobs.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

// Ingests every file with progress in the job; returns the per-file results.
json process(store::Database& db, Id job, const ReceivedFiles& received, const std::vector<UploadFields>& fields) {
  json results = json::array();
  std::int64_t total = static_cast<std::int64_t>(received.files.size());
  for (std::size_t i = 0; i < received.files.size(); ++i) {
    const ReceivedFile& file = received.files[i];
    // The files finished so far go into the job's result as they finish, so
    // the API and the upload page show each file's outcome during a long upload.
    store::update_job(db, job, static_cast<std::int64_t>(i), total,
                      "Processing " + file.name + " (" + std::to_string(i + 1) + " of " + std::to_string(total) + ")",
                      i == 0 ? "" : dump_json({{"files", results}}));
    json result = ingest_one_file(db, file.path, file.name, fields[i]);
    results.push_back(std::move(result));
  }
  return results;
}

std::string summary(const json& results) {
  int stored = 0, already = 0, rejected = 0;
  for (const json& r : results) {
    if (r["status"] == "stored") ++stored;
    else if (r["status"] == "already_stored") ++already;
    else ++rejected;
  }
  return std::to_string(stored) + " stored, " + std::to_string(already) + " already stored, " +
         std::to_string(rejected) + " rejected";
}

}  // namespace

void handle_upload(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                   const httplib::ContentReader& reader) {
  auto received = std::make_shared<ReceivedFiles>(
      receive_multipart_files(req, res, reader, context.options().max_upload_bytes));
  std::vector<UploadFields> fields = upload_fields(received->fields, received->files.size());
  store::Database& db = context.db();
  Id job = store::queue_job(db, "upload", static_cast<std::int64_t>(received->files.size()),
                            "Queued: waiting for earlier uploads and jobs to finish");

  auto run = [received, fields, job](store::Database& connection) {
    json results;
    store::run_job(connection, job, "the upload failed: ", [&] {
      results = process(connection, job, *received, fields);
      return store::JobOutcome{summary(results), dump_json({{"files", results}})};
    });
    return results;
  };

  // Every upload is a job on the one background writer (job_runner.hpp):
  // two uploads never ingest at once, so the same bytes sent twice at once
  // are stored once and the second answers "already stored", and a long
  // ingest never races a request thread for the write lock.
  if (query_param(req, "async")) {
    context.run_in_background([run](store::Database& connection) { run(connection); });
    send_json(res, {{"job", job_json(store::get_job(db, job))}}, 202);
    return;
  }
  json results = context.run_in_background_and_wait(run);
  // Every file rejected for one reason: answer with that reason's status.
  bool all_rejected = true;
  std::string kind;
  for (const json& r : results) {
    if (r["status"] != "rejected") all_rejected = false;
    else if (kind.empty()) kind = r["error"]["kind"].get<std::string>();
    else if (kind != r["error"]["kind"].get<std::string>()) kind = "mixed";
  }
  if (all_rejected && kind != "mixed") {
    ErrorKind error_kind = ErrorKind::invalid_input;
    if (kind == "unsupported_format") error_kind = ErrorKind::unsupported_format;
    else if (kind == "too_large") error_kind = ErrorKind::too_large;
    else if (kind == "conflict") error_kind = ErrorKind::conflict;  // e.g. an archived study
    json body = error_body(error_kind, results.size() == 1 ? results[0]["error"]["message"].get<std::string>()
                                                            : "every file was rejected: " + summary(results));
    body["files"] = results;
    body["job_id"] = job;
    send_json(res, body, http_status(error_kind));
    return;
  }
  send_json(res, {{"job_id", job}, {"files", results}, {"summary", summary(results)}});
}

}  // namespace grounded::server
