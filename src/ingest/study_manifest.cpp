#include "ingest/study_manifest.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"

namespace grounded::ingest {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxManifestBytes = 8 * 1024 * 1024;

// Reads one manifest, prefixing every error with where it is.
class Reader {
 public:
  explicit Reader(std::string where) : where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw invalid_input(where_ + ": " + field + " " + problem);
  }

  void check_object(const json& value, const std::string& field) const {
    if (!value.is_object()) fail(field, "must be an object ({...}), not " + type_of(value));
  }

  void check_keys(const json& object, const std::set<std::string>& allowed, const std::string& field) const {
    for (const auto& [key, value] : object.items()) {
      if (allowed.count(key)) continue;
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      fail(member(field, key), "is not a study.json field (expected one of: " + names + ")");
    }
  }

  // A text field, or "" when absent.
  std::string text(const json& object, const std::string& key, const std::string& field) const {
    if (!object.contains(key)) return {};
    const json& value = object.at(key);
    if (!value.is_string()) fail(member(field, key), "must be text, not " + type_of(value));
    return value.get<std::string>();
  }

  static std::string member(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }

  static std::string type_of(const json& value) {
    if (value.is_number()) return "a number";
    if (value.is_boolean()) return "true/false";
    if (value.is_array()) return "a list";
    if (value.is_object()) return "an object";
    if (value.is_null()) return "null";
    return "text";
  }

 private:
  std::string where_;
};

const std::set<std::string> kTopKeys{"name", "description", "owner", "started_at", "ended_at", "accounts", "files"};
const std::set<std::string> kAccountKeys{"name", "industry", "employees", "revenue", "region", "stage", "stack"};
const std::set<std::string> kFileKeys{"kind",    "title",       "participant", "role",
                                      "seniority", "segment",   "account",     "interviewer",
                                      "occurred_at", "additional_participants"};
const std::set<std::string> kPersonKeys{"name", "role", "seniority", "segment", "account"};

Account read_account(const Reader& r, const json& value, const std::string& field) {
  r.check_object(value, field);
  r.check_keys(value, kAccountKeys, field);
  Account account;
  account.name = r.text(value, "name", field);
  if (account.name.empty()) r.fail(field + ".name", "is missing: every account needs a name");
  account.industry = r.text(value, "industry", field);
  account.region = r.text(value, "region", field);
  account.stage = r.text(value, "stage", field);
  if (value.contains("employees")) {
    const json& employees = value.at("employees");
    if (!employees.is_number_integer() || employees.get<std::int64_t>() < 0)
      r.fail(field + ".employees", "must be a whole number of people, not " +
                                       (employees.is_number() ? employees.dump() : Reader::type_of(employees)));
    account.employees = employees.get<std::int64_t>();
  }
  if (value.contains("revenue")) {
    const json& revenue = value.at("revenue");
    if (!revenue.is_number()) r.fail(field + ".revenue", "must be a number, not " + Reader::type_of(revenue));
    account.revenue = revenue.get<double>();
  }
  if (value.contains("stack")) {
    const json& stack = value.at("stack");
    if (stack.is_string()) {
      account.stack = stack.get<std::string>();
    } else if (stack.is_array()) {
      for (std::size_t i = 0; i < stack.size(); ++i) {
        if (!stack[i].is_string())
          r.fail(field + ".stack[" + std::to_string(i) + "]", "must be text, not " + Reader::type_of(stack[i]));
        account.stack += (i ? ", " : "") + stack[i].get<std::string>();
      }
    } else {
      r.fail(field + ".stack", "must be text or a list of text, not " + Reader::type_of(stack));
    }
  }
  return account;
}

FileMetadata read_file_metadata(const Reader& r, const json& value, const std::string& field) {
  r.check_object(value, field);
  r.check_keys(value, kFileKeys, field);
  FileMetadata meta;
  if (std::string kind = r.text(value, "kind", field); !kind.empty()) {
    try {
      meta.kind = parse_source_kind(kind);
    } catch (const Error& e) {
      r.fail(field + ".kind", std::string("is not a source kind: ") + e.what());
    }
  }
  meta.title = r.text(value, "title", field);
  meta.participant = r.text(value, "participant", field);
  meta.role = r.text(value, "role", field);
  meta.seniority = r.text(value, "seniority", field);
  meta.segment = r.text(value, "segment", field);
  meta.account = r.text(value, "account", field);
  meta.interviewer = r.text(value, "interviewer", field);
  meta.occurred_at = r.text(value, "occurred_at", field);
  if (value.contains("additional_participants")) {
    // Checked for shape so a typo is caught; ingest does not link them yet.
    const json& people = value.at("additional_participants");
    const std::string list_field = field + ".additional_participants";
    if (!people.is_array()) r.fail(list_field, "must be a list of people, not " + Reader::type_of(people));
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::string person = list_field + "[" + std::to_string(i) + "]";
      r.check_object(people[i], person);
      r.check_keys(people[i], kPersonKeys, person);
      for (const std::string& key : kPersonKeys) r.text(people[i], key, person);
    }
  }
  return meta;
}

StudyManifest read_manifest(const Reader& r, const json& data) {
  r.check_object(data, "the manifest");
  r.check_keys(data, kTopKeys, "");
  StudyManifest manifest;
  manifest.study.name = r.text(data, "name", "");
  manifest.study.description = r.text(data, "description", "");
  manifest.study.owner = r.text(data, "owner", "");
  manifest.study.started_at = r.text(data, "started_at", "");
  manifest.study.ended_at = r.text(data, "ended_at", "");
  if (data.contains("accounts")) {
    const json& accounts = data.at("accounts");
    if (!accounts.is_array()) r.fail("accounts", "must be a list of accounts, not " + Reader::type_of(accounts));
    for (std::size_t i = 0; i < accounts.size(); ++i)
      manifest.accounts.push_back(read_account(r, accounts[i], "accounts[" + std::to_string(i) + "]"));
  }
  if (data.contains("files")) {
    const json& files = data.at("files");
    r.check_object(files, "files");
    for (const auto& [path, value] : files.items())
      manifest.files[path] = read_file_metadata(r, value, "files[\"" + path + "\"]");
  }
  return manifest;
}

}  // namespace

StudyManifest parse_study_manifest(std::string_view text, const std::string& where) {
  if (text.size() > kMaxManifestBytes)
    throw invalid_input(where + " is larger than " + std::to_string(kMaxManifestBytes / (1024 * 1024)) + " MB");
  Reader reader(where);
  // Every nlohmann exception (parse, type, out of range) is the manifest's
  // fault, never an internal error.
  try {
    return read_manifest(reader, json::parse(text.begin(), text.end()));
  } catch (const json::parse_error& e) {
    throw invalid_input(where + " is not valid JSON: " + e.what());
  } catch (const json::exception& e) {
    throw invalid_input(where + ": " + e.what());
  }
}

StudyManifest read_study_manifest(const std::filesystem::path& folder) {
  const std::filesystem::path path = folder / "study.json";
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw invalid_input("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parse_study_manifest(bytes.str(), path.string());
}

}  // namespace grounded::ingest
