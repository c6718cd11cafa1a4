// Deal rows → deals (HubSpot deals, Salesforce opportunities).
#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/crm_account_index.hpp"
#include "ingest/crm_rows.hpp"
#include "ingest/crm_values.hpp"
#include "store/deals.hpp"

namespace grounded::ingest {
namespace {

using nlohmann::json;

struct DealRow {
  store::Deal deal;
  std::string account_name;
  std::string account_domain;
};

DealRow read_deal(const CsvTable& table, const CrmShape& shape, std::size_t row, const std::string& system) {
  auto cell = [&](const char* field) { return field_cell(table, shape, row, field); };
  DealRow out;
  store::Deal& d = out.deal;
  d.system = system;
  d.external_id = cell("id");
  d.name = cell("name");
  if (d.name.empty()) throw invalid_input("no deal name (column '" + shape.label(table, "name") + "')");
  d.stage = cell("stage");
  d.outcome = deal_outcome(d.stage);
  d.amount = crm_amount(cell("amount"), shape.label(table, "amount"));
  d.close_date = crm_date(cell("close_date"), shape.label(table, "close_date"));
  d.lost_reason = cell("lost_reason");
  out.account_name = cell("account");
  out.account_domain = web_domain(cell("domain"), shape.label(table, "domain"));
  return out;
}

// The deal's account: found by domain or name, or created (and audited)
// when the export names one we do not know.
std::optional<Id> account_of(store::Database& db, AccountIndex& index, const DealRow& row, const std::string& actor,
                             CrmImportReport& report) {
  if (row.account_name.empty() && row.account_domain.empty()) return std::nullopt;
  if (auto id = index.find(row.account_domain, row.account_name)) return id;
  if (row.account_name.empty()) return std::nullopt;  // a domain alone cannot name a new account
  auto insert = db.prepare("INSERT INTO accounts (name, domain) VALUES (?1, ?2)");
  insert.bind(1, row.account_name).bind(2, row.account_domain).run();
  Account created;
  created.id = db.last_insert_id();
  created.name = row.account_name;
  created.domain = row.account_domain;
  audit_import(db, actor, "account.import", "accounts", created.id, nullptr, created);
  index.remember(created.id, created.name, created.domain);
  ++report.accounts_created;
  return created.id;
}

json comparable(store::Deal d) {
  d.account_name.clear();
  return json(d);
}

}  // namespace

void import_deal_rows(store::Database& db, const CsvTable& table, const CrmShape& shape, const std::string& actor,
                      CrmImportReport& report) {
  AccountIndex index(db);
  const std::string system = shape.format.substr(0, shape.format.find('_'));
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    if (blank_row(table.rows[row])) continue;
    const std::string where = "line " + std::to_string(table.row_lines[row]) + ": ";
    try {
      DealRow in = read_deal(table, shape, row, system);
      ++report.rows;
      in.deal.account_id = account_of(db, index, in, actor, report);
      std::optional<store::Deal> stored = store::find_deal(db, in.deal);
      if (!stored) {
        in.deal.id = store::save_deal(db, in.deal);
        audit_import(db, actor, "deal.import", "deals", in.deal.id, nullptr, comparable(in.deal));
        ++report.created;
        continue;
      }
      in.deal.id = stored->id;
      if (comparable(in.deal) == comparable(*stored)) {
        ++report.unchanged;
        continue;
      }
      store::save_deal(db, in.deal);
      audit_import(db, actor, "deal.import", "deals", in.deal.id, comparable(*stored), comparable(in.deal));
      ++report.updated;
    } catch (const Error& e) {
      throw Error(e.kind(), where + e.what());
    }
  }
}

}  // namespace grounded::ingest
