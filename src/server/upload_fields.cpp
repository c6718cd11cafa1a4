#include "server/upload_fields.hpp"

#include <optional>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "ingest/redact.hpp"
#include "text/strings.hpp"
#include "core/types.hpp"
#include "store/studies.hpp"

namespace grounded::server {
namespace {

bool leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// The shapes below are matched by hand, not with std::regex: libstdc++'s
// regex recurses once per input character, and these texts are the client's.

// True when `count` ASCII digits start at `pos`.
bool digits_at(std::string_view s, std::size_t pos, std::size_t count) {
  if (pos > s.size() || s.size() - pos < count) return false;
  for (std::size_t i = pos; i < pos + count; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool char_at(std::string_view s, std::size_t pos, char c) { return pos < s.size() && s[pos] == c; }

// YYYY-MM-DD, optionally followed by [T ]HH:MM[:SS][Z|±HH[:]MM].
bool date_shaped(std::string_view s) {
  if (!digits_at(s, 0, 4) || !char_at(s, 4, '-') || !digits_at(s, 5, 2) || !char_at(s, 7, '-') || !digits_at(s, 8, 2))
    return false;
  std::size_t i = 10;
  if (i == s.size()) return true;
  if (!(char_at(s, i, 'T') || char_at(s, i, ' ')) || !digits_at(s, i + 1, 2) || !char_at(s, i + 3, ':') ||
      !digits_at(s, i + 4, 2))
    return false;
  i += 6;
  if (char_at(s, i, ':')) {
    if (!digits_at(s, i + 1, 2)) return false;
    i += 3;
  }
  if (i == s.size()) return true;
  if (char_at(s, i, 'Z')) return i + 1 == s.size();
  if (!(char_at(s, i, '+') || char_at(s, i, '-')) || !digits_at(s, i + 1, 2)) return false;
  i += 3;
  if (char_at(s, i, ':')) ++i;
  return digits_at(s, i, 2) && i + 2 == s.size();
}

// files[N].name (N of 1 to 6 digits, name of a-z and _) as {N, name}.
std::optional<std::pair<std::size_t, std::string>> per_file_field(std::string_view field) {
  constexpr std::string_view kOpen = "files[";
  if (!field.starts_with(kOpen)) return std::nullopt;
  std::size_t close = field.find(']', kOpen.size());
  if (close == std::string_view::npos) return std::nullopt;
  std::size_t digits = close - kOpen.size();
  if (digits < 1 || digits > 6 || !digits_at(field, kOpen.size(), digits) || !char_at(field, close + 1, '.'))
    return std::nullopt;
  std::string_view name = field.substr(close + 2);
  if (name.empty()) return std::nullopt;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return std::nullopt;
  return std::make_pair(std::stoul(std::string(field.substr(kOpen.size(), digits))), std::string(name));
}

// "2025-03-12" or "2025-03-12T09:30" / "2025-03-12 09:30:00Z": a real calendar day.
std::string checked_date(const std::string& typed, const std::string& field) {
  std::string value = text::trim(typed);
  if (value.empty()) return value;
  auto refuse = [&] {
    return invalid_input("'" + field + "': '" + value.substr(0, 40) + "' is not a date; write it as YYYY-MM-DD");
  };
  if (!date_shaped(value)) throw refuse();
  int year = std::stoi(value.substr(0, 4)), month = std::stoi(value.substr(5, 2)), day = std::stoi(value.substr(8, 2));
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
  for (const auto& [field, value] : fields) {
    if (field.rfind("files[", 0) != 0) continue;
    auto per_file = per_file_field(field);
    if (!per_file)
      throw invalid_input("cannot read the upload field '" + field.substr(0, 60) +
                          "': per-file fields look like files[0].participant");
    std::size_t index = per_file->first;
    if (index >= file_count)
      throw invalid_input("'" + field + "' names file " + std::to_string(index) + ", but the upload holds " +
                          std::to_string(file_count) + (file_count == 1 ? " file" : " files") + " (counted from 0)");
    apply(out[index], per_file->second, value, field);
  }
  return out;
}

}  // namespace grounded::server
