#include "server/upload.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/api_json.hpp"
#include "server/http_errors.hpp"
#include "server/ingest_bridge.hpp"
#include "server/upload_fields.hpp"
#include "store/jobs.hpp"

namespace grounded::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t kMaxFieldBytes = 64 * 1024;
constexpr std::size_t kMaxFiles = 2000;
// The upload-wide fields plus a handful per file (files[N].participant, …).
constexpr std::size_t kPerFileFields = 5;
constexpr std::size_t kMaxFields = 50 + kPerFileFields * kMaxFiles;
constexpr std::size_t kMaxAllFieldBytes = 4 * 1024 * 1024;

// A private folder under the system temp dir, removed with everything in it.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "grounded-upload-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw Error(ErrorKind::internal, "cannot create a temporary folder for the upload");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct ReceivedFile {
  std::string name;  // as sent (may hold a folder path from a folder upload)
  fs::path path;     // temp copy, named like the original so formats detect by extension
  std::uint64_t bytes = 0;
};

struct Received {
  std::shared_ptr<TempFolder> folder = std::make_shared<TempFolder>();
  std::vector<ReceivedFile> files;
  std::map<std::string, std::string> fields;
};

// The last path component of a client-supplied name, safe as a file name.
std::string safe_file_name(const std::string& name) {
  std::string base = name;
  if (auto slash = base.find_last_of("/\\"); slash != std::string::npos) base = base.substr(slash + 1);
  std::string out;
  for (char c : base) out += (c == '\0' || c == ':') ? '_' : c;
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  if (out.empty()) out = "upload";
  if (out.size() > 200) out = out.substr(out.size() - 200);
  return out;
}

Received receive(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                 std::size_t limit) {
  if (!req.is_multipart_form_data())
    throw Error(ErrorKind::unsupported_format, "send files as multipart/form-data (one 'files' part per file)");
  Received received;
  std::ofstream out;
  std::string* field = nullptr;
  std::size_t field_bytes = 0;
  std::string failure;
  bool ok = reader(
      [&](const httplib::MultipartFormData& part) {
        if (out.is_open()) out.close();
        field = nullptr;
        if (part.filename.empty()) {
          if (received.fields.size() >= kMaxFields) {
            failure = "more than " + std::to_string(kMaxFields) + " form fields in one upload";
            return false;
          }
          field = &received.fields[part.name];
          field->clear();
          return true;
        }
        if (received.files.size() >= kMaxFiles) {
          failure = "more than " + std::to_string(kMaxFiles) + " files in one upload";
          return false;
        }
        fs::path dir = received.folder->path() / std::to_string(received.files.size());
        fs::create_directory(dir);
        received.files.push_back({part.filename, dir / safe_file_name(part.filename), 0});
        out.open(received.files.back().path, std::ios::binary);
        if (!out) {
          failure = "cannot write the upload to a temporary file";
          return false;
        }
        return true;
      },
      [&](const char* data, std::size_t length) {
        if (field) {
          if (field->size() + length > kMaxFieldBytes) {
            failure = "a form field is longer than 64 KB";
            return false;
          }
          field_bytes += length;
          if (field_bytes > kMaxAllFieldBytes) {
            failure = "the form fields add up to more than 4 MB";
            return false;
          }
          field->append(data, length);
          return true;
        }
        if (!out.is_open()) return true;
        out.write(data, static_cast<std::streamsize>(length));
        received.files.back().bytes += length;
        return static_cast<bool>(out);
      });
  if (out.is_open()) out.close();
  if (!ok || res.status == 413) {
    if (res.status == 413 || req.get_header_value<std::uint64_t>("Content-Length") > limit) {
      std::string mb = limit % (1024 * 1024) == 0 ? std::to_string(limit / (1024 * 1024)) + " MB"
                                                   : std::to_string(limit) + " bytes";
      throw Error(ErrorKind::too_large, "the upload is larger than the limit of " + mb +
                                            "; upload fewer or smaller files at a time");
    }
    throw invalid_input(failure.empty() ? "the upload was interrupted or is not well-formed multipart data" : failure);
  }
  if (received.files.empty()) throw invalid_input("the upload holds no files (send them as 'files' parts)");
  return received;
}

// Ingests every file with progress in the job; returns the per-file results.
json process(store::Database& db, Id job, const Received& received, const std::vector<UploadFields>& fields) {
  json results = json::array();
  std::int64_t total = static_cast<std::int64_t>(received.files.size());
  std::int64_t stored = 0;
  for (std::size_t i = 0; i < received.files.size(); ++i) {
    const ReceivedFile& file = received.files[i];
    store::update_job(db, job, static_cast<std::int64_t>(i), total,
                      "Processing " + file.name + " (" + std::to_string(i + 1) + " of " + std::to_string(total) + ")");
    json result = ingest_one_file(db, file.path, file.name, fields[i]);
    if (result["status"] == "stored") ++stored;
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
  auto received = std::make_shared<Received>(receive(req, res, reader, context.options().max_upload_bytes));
  std::vector<UploadFields> fields = upload_fields(received->fields, received->files.size());
  store::Database& db = context.db();
  Id job = store::start_job(db, "upload", static_cast<std::int64_t>(received->files.size()));
  store::update_job(db, job, 0, static_cast<std::int64_t>(received->files.size()), "Waiting to process");

  auto run = [received, fields, job](store::Database& connection) {
    try {
      json results = process(connection, job, *received, fields);
      store::finish_job(connection, job, true, summary(results), dump_json({{"files", results}}));
      return results;
    } catch (const std::exception& e) {
      store::finish_job(connection, job, false, std::string("the upload failed: ") + e.what());
      throw;
    }
  };

  if (query_param(req, "async")) {
    context.run_in_background([run](store::Database& connection) { run(connection); });
    send_json(res, {{"job", job_json(store::get_job(db, job))}}, 202);
    return;
  }
  json results = run(db);
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
