#include "server/upload_fields.hpp"

#include <regex>

#include "core/error.hpp"
#include "ingest/redact.hpp"
#include "text/strings.hpp"
#include "core/types.hpp"
#include "store/studies.hpp"

namespace grounded::server {
namespace {

bool leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// "2025-03-12" or "2025-03-12T09:30" / "2025-03-12 09:30:00Z": a real calendar day.
std::string checked_date(const std::string& typed, const std::string& field) {
  static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?)");
  std::smatch m;
  std::string value = text::trim(typed);
  if (value.empty()) return value;
  auto refuse = [&] {
    return invalid_input("'" + field + "': '" + value.substr(0, 40) + "' is not a date; write it as YYYY-MM-DD");
  };
  if (!std::regex_match(value, m, kDate)) throw refuse();
  int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) throw refuse();
  int last = kDays[month - 1] + (month == 2 && leap_year(year) ? 1 : 0);
  if (day < 1 || day > last) throw refuse();
  return value;
}

void apply(UploadFields& out, const std::string& name, const std::string& value, const std::string& field) {
  if (name == "participant") out.participant = text::trim(value);
  else if (name == "role") out.role = text::trim(value);
  else if (name == "account") out.account = text::trim(value);
  else if (name == "segment") out.segment = text::trim(value);
  else if (name == "occurred_at") out.occurred_at = checked_date(value, field);
  else
    throw invalid_input("unknown upload field '" + field +
                        "' (per-file fields are participant, role, account, segment and occurred_at)");
}

}  // namespace

std::vector<UploadFields> upload_fields(const std::map<std::string, std::string>& fields, std::size_t file_count) {
  auto get = [&](const char* name) {
    auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
  };
  UploadFields shared;
  shared.kind = text::trim(get("kind"));
  if (shared.kind == "auto") shared.kind.clear();
  if (!shared.kind.empty()) parse_source_kind(shared.kind);  // Error(invalid_input) naming the accepted values
  for (const char* name : {"participant", "role", "account", "segment", "occurred_at"}) apply(shared, name, get(name), name);
  shared.interviewer = text::trim(get("interviewer"));
  shared.unlabelled = get("unlabelled") == "true" || get("unlabelled") == "1";
  shared.redact = text::trim(get("redact"));
  if (shared.redact.empty()) shared.redact = "all";
  if (shared.redact != "none") ingest::parse_pii_types(shared.redact);  // Error(invalid_input) naming the unknown kind
  shared.pseudonymize = get("pseudonymize") == "true" || get("pseudonymize") == "1";
  // A bad study name fails the whole upload, not each file.
  if (std::string study = text::trim(get("study")); !study.empty()) shared.study = store::checked_study_name(study);

  std::vector<UploadFields> out(file_count, shared);
  static const std::regex kPerFile(R"(files\[(\d{1,6})\]\.([a-z_]+))");
  for (const auto& [field, value] : fields) {
    if (field.rfind("files[", 0) != 0) continue;
    std::smatch m;
    if (!std::regex_match(field, m, kPerFile))
      throw invalid_input("cannot read the upload field '" + field.substr(0, 60) +
                          "': per-file fields look like files[0].participant");
    std::size_t index = std::stoul(m[1]);
    if (index >= file_count)
      throw invalid_input("'" + field + "' names file " + std::to_string(index) + ", but the upload holds " +
                          std::to_string(file_count) + (file_count == 1 ? " file" : " files") + " (counted from 0)");
    apply(out[index], m[2], value, field);
  }
  return out;
}

}  // namespace grounded::server
