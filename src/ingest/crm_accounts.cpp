// Company rows → accounts (HubSpot companies, Salesforce accounts).
#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/crm_account_index.hpp"
#include "ingest/crm_rows.hpp"
#include "ingest/crm_values.hpp"
#include "ingest/text_util.hpp"
#include "store/people.hpp"

namespace grounded::ingest {
namespace {

using nlohmann::json;

// What one row says about a company; unset or empty fields say nothing.
Account read_company(const CsvTable& table, const CrmShape& shape, std::size_t row) {
  auto cell = [&](const char* field) { return field_cell(table, shape, row, field); };
  Account a;
  a.name = cell("name");
  if (a.name.empty()) throw invalid_input("no company name (column '" + shape.label(table, "name") + "')");
  a.domain = web_domain(cell("domain"), shape.label(table, "domain"));
  a.industry = cell("industry");
  a.employees = crm_count(cell("employees"), shape.label(table, "employees"));
  a.revenue = crm_amount(cell("revenue"), shape.label(table, "revenue"));
  a.region = cell("region");
  a.stage = account_stage(cell("stage"));
  a.stack = cell("stack");
  return a;
}

// `stored` with the export's non-empty values laid over it. The stored name
// stays when it differs only in case or spacing.
Account overlay(Account stored, const Account& in) {
  if (name_key(stored.name) != name_key(in.name)) stored.name = in.name;
  auto set = [](std::string& field, const std::string& value) {
    if (!value.empty()) field = value;
  };
  set(stored.domain, in.domain);
  set(stored.industry, in.industry);
  set(stored.region, in.region);
  set(stored.stage, in.stage);
  set(stored.stack, in.stack);
  if (in.employees) stored.employees = in.employees;
  if (in.revenue) stored.revenue = in.revenue;
  return stored;
}

Id insert_account(store::Database& db, const Account& a) {
  auto insert = db.prepare(
      "INSERT INTO accounts (name, industry, employees, revenue, region, stage, stack, domain)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.bind(1, a.name).bind(2, a.industry).bind(3, a.employees).bind(4, a.revenue).bind(5, a.region);
  insert.bind(6, a.stage).bind(7, a.stack).bind(8, a.domain).run();
  return db.last_insert_id();
}

}  // namespace

void import_company_rows(store::Database& db, const CsvTable& table, const CrmShape& shape, const std::string& actor,
                         CrmImportReport& report) {
  AccountIndex index(db);
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    if (blank_row(table.rows[row])) continue;
    const std::string where = "line " + std::to_string(table.row_lines[row]) + ": ";
    try {
      Account in = read_company(table, shape, row);
      ++report.rows;
      std::optional<Id> id = index.find(in.domain, in.name);
      if (!id) {
        in.id = insert_account(db, in);
        audit_import(db, actor, "account.import", "accounts", in.id, nullptr, in);
        index.remember(in.id, in.name, in.domain);
        ++report.created;
        continue;
      }
      Account before = store::get_account(db, *id);
      Account after = overlay(before, in);
      if (json(after) == json(before)) {
        ++report.unchanged;
        continue;
      }
      if (auto holder = index.find_name(after.name); holder && *holder != *id)
        throw invalid_input("the account with domain '" + in.domain + "' would be renamed to '" + after.name +
                            "', a name another account has");
      store::update_account(db, after);
      audit_import(db, actor, "account.import", "accounts", *id, before, after);
      index.remember(*id, after.name, after.domain);
      ++report.updated;
    } catch (const Error& e) {
      throw Error(e.kind(), where + e.what());
    }
  }
}

}  // namespace grounded::ingest
