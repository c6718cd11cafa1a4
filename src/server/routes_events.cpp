// Product-analytics exports over HTTP: the same import as `grounded events
// import` (segments/usage_import.hpp), as an upload the UI can start and watch.
//
//   POST /api/v1/events/imports   multipart: the export as one file part (any
//        name but "id_map"; Mixpanel or Amplitude JSON lines, a Segment log,
//        a PostHog CSV), optionally an "id_map" file part (CSV: external_id,
//        participant, email, account, domain). The file is streamed to a
//        private temp folder, then imported by the background job runner with
//        progress in a job (kind "events_import": done/total = bytes read of
//        the file's size, the message counts events; then "Storing …").
//        ?async=1 (the UI): 202 {"job"} once the bytes are in; poll
//        GET /api/v1/jobs/{id}, whose result is the import report.
//        Otherwise: 200 with the report (see usage_import.hpp), or the error
//        the import raised (415 not an export, 400 too many bad lines or a
//        bad id map), with nothing written.
//   GET  /api/v1/events/imports   {"items": the latest 50 imports, newest first}
#include <string>

#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/number_text.hpp"
#include "segments/usage_import.hpp"
#include "server/api_json.hpp"
#include "server/multipart_files.hpp"
#include "server/route_context.hpp"
#include "store/jobs.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

constexpr const char* kIdMapPart = "id_map";

// The export and the optional id map among the received files.
struct EventUpload {
  const ReceivedFile* export_file = nullptr;
  const ReceivedFile* id_map = nullptr;
};

EventUpload pick_files(const ReceivedFiles& received) {
  EventUpload upload;
  for (const ReceivedFile& file : received.files) {
    const ReceivedFile*& slot = file.part == kIdMapPart ? upload.id_map : upload.export_file;
    if (slot)
      throw invalid_input(file.part == kIdMapPart ? "send one id map at a time (one 'id_map' part)"
                                                   : "send one analytics export at a time; " + slot->name + " and " +
                                                         file.name + " came in one request");
    slot = &file;
  }
  if (!upload.export_file) throw invalid_input("the upload holds an id map but no analytics export");
  return upload;
}

// "1,234,567", as the UI shows counts.
std::string with_commas(std::int64_t n) { return icp::format_number(static_cast<double>(n)); }

std::string progress_message(const segments::ImportProgress& p) {
  if (p.storing) return "Read " + with_commas(p.events) + " events; storing usage and recomputing segments";
  return "Read " + with_commas(p.events) + " events";
}

std::string summary(const segments::ImportReport& r) {
  return with_commas(r.new_events) + " new events of " + with_commas(r.events) + " read, " +
         with_commas(r.duplicates) + " duplicates skipped, " + with_commas(r.users) + " users, " +
         with_commas(r.bad_lines) + " bad lines skipped";
}

}  // namespace

void register_events_routes(httplib::Server& http, RouteContext& context) {
  http.Post("/api/v1/events/imports",
            [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
              auto received = std::make_shared<ReceivedFiles>(
                  receive_multipart_files(req, res, reader, context.options().max_upload_bytes));
              EventUpload upload = pick_files(*received);
              segments::ImportOptions options;
              if (upload.id_map) options.id_map = upload.id_map->path;
              options.who = acting_user(req, nullptr, "local");
              const std::string origin = upload.export_file->name;
              const std::filesystem::path path = upload.export_file->path;
              const auto total = static_cast<std::int64_t>(upload.export_file->bytes);
              store::Database& db = context.db();
              Id job = store::queue_job(db, "events_import", total, "Queued: waiting to import " + origin);

              // `received` rides along so the temp folder lives until the import ends.
              auto run = [received, options, origin, path, job](store::Database& connection) mutable {
                options.progress = [&connection, job](const segments::ImportProgress& p) {
                  store::update_job(connection, job, p.bytes_read, p.bytes_total, progress_message(p));
                };
                json answer;
                store::run_job(connection, job, "", [&] {
                  segments::ImportReport report = segments::import_events(connection, path, options);
                  answer = report;
                  return store::JobOutcome{summary(report), dump_json(answer)};
                });
                return answer;
              };
              if (query_param(req, "async")) {
                context.run_in_background([run](store::Database& connection) mutable { run(connection); });
                send_json(res, {{"job", job_json(store::get_job(db, job))}}, 202);
                return;
              }
              json report = context.run_in_background_and_wait(run);
              report["job_id"] = job;
              send_json(res, report);
            });

  http.Get("/api/v1/events/imports", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"items", segments::list_imports(context.db(), 50)}});
  });
}

}  // namespace grounded::server
