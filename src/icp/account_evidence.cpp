#include "icp/account_evidence.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"
#include "core/json.hpp"

namespace grounded::icp {
namespace {

using nlohmann::json;

bool is_field_column(const std::string& name) { return name != "id" && name != "meta" && name != "created_at"; }

void add_meta_fields(const std::string& meta_text, AccountFacts& facts) {
  if (meta_text.empty() || meta_text == "{}") return;
  json meta = parse_stored_json(meta_text);
  if (!meta.is_object()) return;
  for (const auto& [key, value] : meta.items()) {
    if (value.is_string()) facts.fields["meta." + key] = text_value(value.get<std::string>());
    else if (value.is_number()) facts.fields["meta." + key] = number_value(value.get<double>());
    else if (value.is_boolean()) facts.fields["meta." + key] = text_value(value.get<bool>() ? "true" : "false");
  }
}

// Which columns of `SELECT * FROM accounts` to read, worked out once from
// the statement's column names: columns added by later migrations (a CRM
// domain, …) become fields without code here, and only the fields the
// matrix reads are folded (100k accounts × every column adds up).
struct ColumnPlan {
  int id = -1, name = -1, meta = -1;
  std::vector<std::pair<int, std::string>> fields;

  ColumnPlan(store::Statement& rows, const Matrix& matrix) {
    std::vector<std::string> wanted = fields_read(matrix);
    bool wants_meta = std::any_of(wanted.begin(), wanted.end(), [](const std::string& f) { return f.starts_with("meta."); });
    sqlite3_stmt* handle = rows.handle();
    for (int i = 0; i < sqlite3_column_count(handle); ++i) {
      std::string column = sqlite3_column_name(handle, i);
      if (column == "id") id = i;
      if (column == "name") name = i;
      if (column == "meta" && wants_meta) meta = i;
      if (is_field_column(column) && std::find(wanted.begin(), wanted.end(), column) != wanted.end())
        fields.emplace_back(i, column);
    }
  }

  AccountFacts read(store::Statement& row) const {
    AccountFacts facts;
    facts.id = row.int64(id);
    facts.name = row.text(name);
    if (meta >= 0) add_meta_fields(row.text(meta), facts);
    for (const auto& [column, field] : fields) {
      int type = sqlite3_column_type(row.handle(), column);
      if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) facts.fields[field] = number_value(row.real(column));
      else if (type == SQLITE_TEXT) facts.fields[field] = text_value(row.text(column));
    }
    return facts;
  }
};

void read_subfields(const std::string& text, EvidenceExcerpt& excerpt) {
  if (text.empty() || text == "{}") return;
  json subfields = parse_stored_json(text);
  if (!subfields.is_object()) return;
  for (const auto& [key, value] : subfields.items())
    if (value.is_string()) excerpt.subfields[key] = value.get<std::string>();
}

constexpr const char* kEvidenceSql = R"(
  SELECT COALESCE(p.account_id, s.account_id), e.id, e.source_id, e.text, s.title, s.kind, s.occurred_at,
         e.start_ms, e.speaker, COALESCE(p.label, ''), COALESCE(p.role, ''), COALESCE(p.seniority, ''),
         t.category, t.subfields, t.status, t.confidence
  FROM tags t
  JOIN excerpt_speakers es ON es.excerpt_id = t.excerpt_id
  JOIN excerpts e ON e.id = t.excerpt_id
  JOIN sources s ON s.id = e.source_id
  LEFT JOIN participants p ON p.id = es.participant_id
  WHERE es.is_customer_speech = 1 AND t.status != 'rejected'
    AND (t.status = 'accepted' OR t.confidence >= ?1)
    AND COALESCE(p.account_id, s.account_id) IS NOT NULL
    AND (?2 IS NULL OR COALESCE(p.account_id, s.account_id) = ?2)
  ORDER BY e.id)";

}  // namespace

std::string_view account_evidence_sql() { return kEvidenceSql; }

std::vector<std::string> account_field_names(store::Database& db) {
  std::vector<std::string> names;
  store::Statement columns = db.prepare("SELECT name FROM pragma_table_info('accounts')");
  while (columns.step())
    if (is_field_column(columns.text(0))) names.push_back(columns.text(0));
  return names;
}

namespace {

// The tags on every account's customer excerpts (or one account's), by account.
std::unordered_map<Id, std::vector<EvidenceExcerpt>> load_evidence(store::Database& db, const Matrix& matrix,
                                                                   std::optional<Id> account_id) {
  std::unordered_map<Id, std::vector<EvidenceExcerpt>> by_account;
  store::Statement tags = db.prepare(kEvidenceSql);
  tags.bind(1, matrix.evidence_min_confidence);
  tags.bind(2, account_id);
  while (tags.step()) {
    EvidenceExcerpt e;
    e.excerpt_id = tags.int64(1);
    e.source_id = tags.int64(2);
    e.quote = tags.text(3);
    e.source_title = tags.text(4);
    e.source_kind = tags.text(5);
    e.occurred_at = tags.text(6);
    e.start_ms = tags.optional_int64(7);
    e.speaker = tags.text(8);
    e.participant_label = tags.text(9);
    e.participant_role = tags.text(10);
    e.seniority = tags.text(11);
    e.category = tags.text(12);
    read_subfields(tags.text(13), e);
    e.tag_status = tags.text(14);
    e.confidence = tags.real(15);
    by_account[tags.int64(0)].push_back(std::move(e));
  }
  return by_account;
}

}  // namespace

void for_each_account_facts(store::Database& db, const Matrix& matrix, std::optional<Id> account_id,
                            const std::function<void(AccountFacts&&)>& each) {
  std::unordered_map<Id, std::vector<EvidenceExcerpt>> evidence = load_evidence(db, matrix, account_id);
  store::Statement rows = db.prepare(account_id ? "SELECT * FROM accounts WHERE id = ?1"
                                                : "SELECT * FROM accounts ORDER BY name COLLATE NOCASE, id");
  if (account_id) rows.bind(1, *account_id);
  ColumnPlan plan(rows, matrix);
  bool any = false;
  while (rows.step()) {
    AccountFacts facts = plan.read(rows);
    auto found = evidence.find(facts.id);
    if (found != evidence.end()) facts.evidence = std::move(found->second);
    any = true;
    each(std::move(facts));
  }
  if (account_id && !any) throw not_found("no account with id " + std::to_string(*account_id));
}

std::vector<AccountFacts> load_account_facts(store::Database& db, const Matrix& matrix, std::optional<Id> account_id) {
  std::vector<AccountFacts> accounts;
  for_each_account_facts(db, matrix, account_id, [&](AccountFacts&& facts) { accounts.push_back(std::move(facts)); });
  return accounts;
}

}  // namespace grounded::icp
