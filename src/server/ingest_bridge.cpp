#include "server/ingest_bridge.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

#include "core/error.hpp"
#include "ingest/ingest.hpp"
#include "store/sources.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

json report_json(const ingest::IngestReport& report, const std::string& name) {
  json out = {{"name", name},
              {"status", report.status},
              {"format", report.format},
              {"sources", report.source_ids.size()},
              {"source_ids", report.source_ids},
              {"excerpts", report.excerpt_count},
              {"skipped_rows", report.skipped_rows},
              {"redactions", report.redactions},
              {"message", report.message},
              {"records", report.records},
              {"warnings", report.warnings},
              {"applied", report.applied},
              {"error", nullptr}};
  if (report.status == "rejected")
    out["error"] = {{"kind", "invalid_input"}, {"message", report.message.empty() ? "rejected" : report.message}};
  return out;
}

json rejected(const std::string& name, ErrorKind kind, const std::string& message) {
  return {{"name", name},       {"status", "rejected"}, {"format", ""},     {"sources", 0},
          {"source_ids", json::array()}, {"excerpts", 0}, {"skipped_rows", 0}, {"redactions", 0},
          {"message", message}, {"warnings", json::array()}, {"applied", json::array()},
          {"unlabelled_possible", ingest::rejected_for_missing_speakers(message)},
          {"error", {{"kind", to_string(kind)}, {"message", message}}}, {"attributions", json::array()}};
}

// Who the sources were attributed to, grouped by participant and account.
json attributions(store::Database& db, const std::vector<Id>& source_ids) {
  constexpr std::size_t kMaxEntries = 20;
  json out = json::array();
  for (Id id : source_ids) {
    store::SourceSummary summary = store::get_source_summary(db, id);
    json participant_id = summary.source.participant_id ? json(*summary.source.participant_id) : json(nullptr);
    json account_id = summary.source.account_id ? json(*summary.source.account_id) : json(nullptr);
    auto same = [&](const json& entry) { return entry["participant_id"] == participant_id && entry["account_id"] == account_id; };
    auto found = std::find_if(out.begin(), out.end(), same);
    if (found != out.end()) {
      (*found)["sources"] = (*found)["sources"].get<std::int64_t>() + 1;
      continue;
    }
    if (out.size() == kMaxEntries) continue;
    out.push_back({{"participant_id", participant_id},
                   {"participant", summary.participant_label},
                   {"role", summary.participant_role},
                   {"account_id", account_id},
                   {"account", summary.account_name},
                   {"sources", 1}});
  }
  return out;
}

}  // namespace

json ingest_one_file(store::Database& db, const std::filesystem::path& path, const std::string& name,
                     const UploadFields& fields) {
  try {
    ingest::IngestOptions options;
    if (!fields.kind.empty()) options.kind = parse_source_kind(fields.kind);
    options.participant = fields.participant;
    options.role = fields.role;
    options.account = fields.account;
    options.segment = fields.segment;
    options.occurred_at = fields.occurred_at;
    options.interviewer = fields.interviewer;
    options.unlabelled = fields.unlabelled;
    options.redact = fields.redact != "none";
    if (options.redact) options.redact_types = ingest::parse_pii_types(fields.redact);
    options.pseudonymize = fields.pseudonymize;
    options.study = fields.study;
    options.apply_to_stored = true;  // the upload table's fields for a file sent again
    std::string bytes;
    {
      std::ifstream in(path, std::ios::binary);
      if (!in) throw Error(ErrorKind::internal, "cannot read the uploaded copy of " + name);
      in.seekg(0, std::ios::end);
      bytes.resize(static_cast<std::size_t>(in.tellg()));
      in.seekg(0);
      in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    json out = report_json(ingest::ingest_bytes(db, name, bytes, options), name);
    try {
      out["attributions"] = attributions(db, out["source_ids"].get<std::vector<Id>>());
    } catch (const std::exception& e) {  // the file is stored: a failed summary must not report it rejected
      std::cerr << "grounded serve: cannot summarise who " << name << " is attributed to: " << e.what() << "\n";
      out["attributions"] = json::array();
    }
    return out;
  } catch (const Error& e) {
    return rejected(name, e.kind(), e.what());
  } catch (const std::exception& e) {
    std::cerr << "grounded serve: ingest of " << name << " failed: " << e.what() << "\n";
    return rejected(name, ErrorKind::internal, std::string("internal error: ") + e.what());
  }
}

json ingest_folder(store::Database& db, const std::filesystem::path& folder, const std::string& study,
                   const std::function<void(std::int64_t, std::int64_t, const std::string&)>& progress) {
  // ingest_path reports progress per file as (rows stored, rows in file);
  // a file is finished when done reaches total.
  std::int64_t files_done = 0;
  std::int64_t file_total = 0;
  {
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
      if (it->is_regular_file(error)) ++file_total;
  }
  ingest::IngestOptions options;
  options.study = study;
  options.progress = [&](std::int64_t done, std::int64_t total) {
    if (done >= total) ++files_done;
    progress(std::min(files_done, std::max<std::int64_t>(file_total - 1, 0)), file_total,
             "Storing the sample study: " + std::to_string(files_done) + " files so far (" + std::to_string(done) +
                 " of " + std::to_string(total) + " rows of the current file)");
  };
  std::vector<ingest::IngestReport> reports = ingest::ingest_path(db, folder, options);
  json files = json::array();
  int stored = 0, already = 0, rejected_count = 0;
  for (const ingest::IngestReport& report : reports) {
    files.push_back(report_json(report, report.origin));
    if (report.status == "stored") ++stored;
    else if (report.status == "already_stored") ++already;
    else ++rejected_count;
  }
  progress(file_total, file_total, "Finished");
  return {{"files", files}, {"stored", stored}, {"already_stored", already}, {"rejected", rejected_count}};
}

}  // namespace grounded::server
