#include "segments/identity_map.hpp"

#include <fstream>

#include "core/error.hpp"
#include "segments/csv_stream.hpp"
#include "text/strings.hpp"

namespace grounded::segments {
namespace {

std::string domain_of(const std::string& email) {
  auto at = email.rfind('@');
  return at == std::string::npos ? "" : text::lower(email.substr(at + 1));
}

// "dana.whitfield" → "dana whitfield"
std::string local_part_as_name(const std::string& email) {
  auto at = email.find('@');
  std::string local = email.substr(0, at);
  for (char& c : local)
    if (c == '.' || c == '_' || c == '-') c = ' ';
  return text::lower(local);
}

}  // namespace

std::map<std::string, IdMapRow> read_id_map(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw not_found("cannot open the id map " + path.string());
  const std::string name = path.filename().string();
  CsvStream csv(in);
  std::vector<std::string> fields;
  std::string error;
  if (!csv.next(fields, error) || !error.empty()) throw invalid_input(name + ": no header row");
  std::optional<std::size_t> id, participant, email, account, domain;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string h = text::lower(text::trim(fields[i]));
    if (!id && (h == "external_id" || h == "distinct_id" || h == "user_id" || h == "userid" || h == "id")) id = i;
    else if (!participant && (h == "participant" || h == "label" || h == "participant_label")) participant = i;
    else if (!email && (h == "email" || h == "e-mail")) email = i;
    else if (!account && (h == "account" || h == "account_name" || h == "company")) account = i;
    else if (!domain && (h == "domain" || h == "account_domain")) domain = i;
  }
  if (!id) throw invalid_input(name + ": the header has no external_id (or distinct_id, user_id, id) column");
  std::map<std::string, IdMapRow> map;
  while (csv.next(fields, error)) {
    std::string where = name + " line " + std::to_string(csv.line());
    if (!error.empty()) throw invalid_input(where + ": " + error);
    auto cell = [&](std::optional<std::size_t> i) {
      return i && *i < fields.size() ? text::trim(fields[*i]) : std::string();
    };
    std::string key = cell(id);
    if (key.empty()) throw invalid_input(where + ": no external id");
    IdMapRow row{cell(participant), cell(email), cell(account), cell(domain)};
    auto [it, inserted] = map.emplace(key, row);
    if (!inserted && (it->second.participant != row.participant || it->second.account != row.account ||
                      it->second.email != row.email || it->second.domain != row.domain))
      throw invalid_input(where + ": '" + key + "' is mapped twice, differently");
  }
  return map;
}

IdentityResolver::IdentityResolver(store::Database& db, std::map<std::string, IdMapRow> map)
    : db_(db), map_(std::move(map)) {
  store::Statement column = db_.prepare("SELECT 1 FROM pragma_table_info('accounts') WHERE name = 'domain'");
  domain_column_ = column.step();
}

std::optional<Id> IdentityResolver::participant_by_label(const std::string& label) {
  store::Statement q = db_.prepare("SELECT id FROM participants WHERE lower(label) = lower(?1) ORDER BY id LIMIT 1");
  q.bind(1, label);
  if (q.step()) return q.int64(0);
  // lower() in SQLite is ASCII-only: compare Unicode-lowered labels for the rest.
  std::string wanted = text::lower(label);
  store::Statement all = db_.prepare("SELECT id, label FROM participants ORDER BY id");
  while (all.step())
    if (text::lower(all.text_view(1)) == wanted) return all.int64(0);
  return std::nullopt;
}

std::optional<Id> IdentityResolver::participant_by_email(const std::string& email) {
  if (email.find('@') == std::string::npos) return std::nullopt;
  store::Statement q = db_.prepare(
      "SELECT id FROM participants WHERE json_valid(meta) AND lower(json_extract(meta, '$.email')) = lower(?1)"
      " ORDER BY id LIMIT 1");
  q.bind(1, email);
  if (q.step()) return q.int64(0);
  return participant_by_label(local_part_as_name(email));
}

std::optional<Id> IdentityResolver::account_by_domain(const std::string& domain) {
  if (domain.empty()) return std::nullopt;
  store::Statement q = db_.prepare(
      domain_column_ ? "SELECT id FROM accounts WHERE lower(domain) = lower(?1) ORDER BY id LIMIT 1"
                     : "SELECT id FROM accounts WHERE json_valid(meta) AND lower(json_extract(meta, '$.domain')) = "
                       "lower(?1) ORDER BY id LIMIT 1");
  q.bind(1, domain);
  if (q.step()) return q.int64(0);
  return std::nullopt;
}

std::optional<Id> IdentityResolver::account_by_name_or_domain(const std::string& text) {
  if (text.empty()) return std::nullopt;
  store::Statement q = db_.prepare("SELECT id FROM accounts WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1");
  q.bind(1, text);
  if (q.step()) return q.int64(0);
  if (text.find('.') != std::string::npos && text.find(' ') == std::string::npos) return account_by_domain(text);
  return std::nullopt;
}

std::optional<Id> IdentityResolver::account_of(Id participant) {
  store::Statement q = db_.prepare("SELECT account_id FROM participants WHERE id = ?1");
  q.bind(1, participant);
  return q.step() ? q.optional_int64(0) : std::nullopt;
}

Identity IdentityResolver::resolve(const std::string& external_id, const std::string& event_email,
                                   const std::string& group_id) {
  Identity who;
  auto row = map_.find(external_id);
  const IdMapRow* mapped = row == map_.end() ? nullptr : &row->second;
  std::string email = mapped && !mapped->email.empty() ? mapped->email : event_email;
  if (email.empty() && external_id.find('@') != std::string::npos) email = external_id;
  if (mapped && !mapped->participant.empty())
    who.participant_id = mapped->participant.find('@') != std::string::npos ? participant_by_email(mapped->participant)
                                                                             : participant_by_label(mapped->participant);
  if (!who.participant_id) who.participant_id = participant_by_email(email);
  if (mapped) who.account_id = account_by_name_or_domain(mapped->account);
  if (!who.account_id && mapped) who.account_id = account_by_domain(mapped->domain);
  if (!who.account_id && !group_id.empty()) {
    auto group = map_.find(group_id);
    if (group != map_.end()) {
      who.account_id = account_by_name_or_domain(group->second.account);
      if (!who.account_id) who.account_id = account_by_domain(group->second.domain);
    }
    if (!who.account_id) who.account_id = account_by_name_or_domain(group_id);
  }
  if (!who.account_id && who.participant_id) who.account_id = account_of(*who.participant_id);
  if (!who.account_id) who.account_id = account_by_domain(domain_of(email));
  return who;
}

}  // namespace grounded::segments
