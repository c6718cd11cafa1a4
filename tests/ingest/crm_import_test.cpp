// CRM exports → accounts and deals: each header shape, re-imports that
// update instead of duplicating, the audit trail, and malformed rows that
// reject the whole file naming the line.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "ingest/crm_import.hpp"
#include "ingest/ingest.hpp"
#include "store/audit_log.hpp"
#include "store/deals.hpp"
#include "store/people.hpp"

using namespace grounded;
using namespace grounded::ingest;

namespace {

std::int64_t count_of(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

CrmImportReport import(store::Database& db, const std::string& name, const std::string& csv,
                       const std::map<std::string, std::string>& map = {}) {
  return import_crm_file(db, name, csv, map, "tester");
}

const std::string kHubSpotCompanies =
    "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Lifecycle Stage\n"
    "101,Harborline Shipping Co,harborline.example,Logistics,240,38000000,United States,Customer\n"
    "102,Café Ñandú GmbH,https://www.nandu.example/,Food & Beverage,\"1,200\",\"$12,500,000.00\",Germany,Lead\n"
    "103,Calder & Finch Architects,calder.example,Architecture,60,,United Kingdom,Former customer\n";

}  // namespace

TEST_CASE("a HubSpot company export creates accounts with domains, matched by name to accounts we already had") {
  auto db = store::Database::open(":memory:");
  Account known;
  known.name = "HARBORLINE  shipping co";  // the same company, spelled differently by a study manifest
  known.stack = "NetSuite";
  const Id harbor = store::upsert_account(db, known);

  CrmImportReport r = import(db, "companies.csv", kHubSpotCompanies);
  CHECK(r.format == "hubspot_companies");
  CHECK(r.rows == 3);
  CHECK(r.created == 2);
  CHECK(r.updated == 1);
  CHECK(count_of(db, "SELECT count(*) FROM accounts") == 3);

  Account h = store::get_account(db, harbor);
  CHECK(h.name == "HARBORLINE  shipping co");  // a case/space-only difference keeps the stored name
  CHECK(h.domain == "harborline.example");
  CHECK(h.employees == 240);
  CHECK(h.stage == "customer");
  CHECK(h.stack == "NetSuite");  // the export says nothing about the stack: kept

  Account cafe = store::get_account_by_name(db, "Café Ñandú GmbH");
  CHECK(cafe.domain == "nandu.example");
  CHECK(cafe.employees == 1200);
  CHECK(cafe.revenue == doctest::Approx(12500000.0));
  CHECK(cafe.stage == "prospect");
  CHECK(store::get_account_by_name(db, "Calder & Finch Architects").stage == "churned");

  auto history = store::audit_for(db, "accounts", harbor);
  REQUIRE(history.size() == 1);
  CHECK(history[0].action == "account.import");
  CHECK(history[0].actor == "tester");
  CHECK(history[0].before.find("\"domain\":\"\"") != std::string::npos);
  CHECK(history[0].after.find("harborline.example") != std::string::npos);
}

TEST_CASE("re-importing a company export updates by domain, then by name, and never duplicates") {
  auto db = store::Database::open(":memory:");
  import(db, "companies.csv", kHubSpotCompanies);
  const std::int64_t audits = count_of(db, "SELECT count(*) FROM audit_log");

  SUBCASE("the same file again changes nothing and audits nothing") {
    CrmImportReport again = import(db, "companies.csv", kHubSpotCompanies);
    CHECK(again.unchanged == 3);
    CHECK(again.created == 0);
    CHECK(count_of(db, "SELECT count(*) FROM audit_log") == audits);
  }
  SUBCASE("a renamed company keeps its row: the domain matches") {
    const std::string renamed =
        "Company name,Company Domain Name,Industry,Number of Employees\n"
        "Harborline Logistics Group,HARBORLINE.example,Logistics,260\n"
        "café ñandú gmbh,,Food & Beverage,1300\n";  // no domain: matched by name, any case (Unicode)
    CrmImportReport r = import(db, "companies-2.csv", renamed);
    CHECK(r.updated == 2);
    CHECK(r.created == 0);
    CHECK(count_of(db, "SELECT count(*) FROM accounts") == 3);
    Account h = store::get_account_by_name(db, "Harborline Logistics Group");
    CHECK(h.employees == 260);
    CHECK(h.revenue == doctest::Approx(38000000.0));  // an absent column keeps the stored value
    CHECK(store::get_account_by_name(db, "Café Ñandú GmbH").employees == 1300);
    CHECK(count_of(db, "SELECT count(*) FROM audit_log") == audits + 2);
  }
}

TEST_CASE("a Salesforce account report is recognised by its headers") {
  auto db = store::Database::open(":memory:");
  const std::string report =
      "Account Name,Industry,Employees,Annual Revenue,Billing Country,Type,Website\n"
      "Tidewater Marine Services,Marine Services,520,95000000,United States,Customer - Direct,www.tidewater.example\n"
      "Pinecrest Senior Living,Healthcare,900,120000000,United States,Prospect,\n";
  CrmImportReport r = import(db, "sf_accounts.csv", report);
  CHECK(r.format == "salesforce_accounts");
  CHECK(r.created == 2);
  Account t = store::get_account_by_name(db, "Tidewater Marine Services");
  CHECK(t.stage == "customer");
  CHECK(t.region == "United States");
  CHECK(t.domain == "tidewater.example");
}

TEST_CASE("a malformed company row rejects the file naming it and the line, and stores nothing") {
  auto db = store::Database::open(":memory:");
  import(db, "companies.csv", kHubSpotCompanies);
  const std::int64_t accounts = count_of(db, "SELECT count(*) FROM accounts");
  const std::int64_t audits = count_of(db, "SELECT count(*) FROM audit_log");
  const std::string bad =
      "Company name,Company Domain Name,Industry,Number of Employees\n"
      "Westmark Staffing,westmark.example,Staffing,380\n"
      "\"Quarry Hill\nConstruction\",quarry.example,Construction,210\n"
      "Alder & Rowe LLP,alder.example,Legal,lots\n";
  try {
    import(db, "bad_companies.csv", bad);
    FAIL("a malformed row must be rejected");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    const std::string message = e.what();
    CHECK(message.find("bad_companies.csv") == 0);
    CHECK(message.find("line 5") != std::string::npos);  // the multi-line cell above counts its lines
    CHECK(message.find("'Number of Employees' is 'lots'") != std::string::npos);
  }
  CHECK(count_of(db, "SELECT count(*) FROM accounts") == accounts);
  CHECK(count_of(db, "SELECT count(*) FROM audit_log") == audits);

  CHECK_THROWS_WITH_AS(import(db, "x.csv", "Company name,Industry,Annual Revenue\n,Retail,100\n"),
                       doctest::Contains("line 2: no company name"), Error);
  CHECK_THROWS_WITH_AS(import(db, "x.csv", "Company name,Industry,Annual Revenue,Website\nA,Retail,-5,\n"),
                       doctest::Contains("cannot be negative"), Error);
  CHECK_THROWS_WITH_AS(import(db, "x.csv", "Company name,Industry,Website\nA,Retail,not a domain\n"),
                       doctest::Contains("not a web domain"), Error);
  CHECK_THROWS_WITH_AS(import(db, "notes.csv", "Title,Body\nHello,World\n"),
                       doctest::Contains("not a CRM export we recognise"), Error);
}

TEST_CASE("--map names the columns of an export with other headers") {
  auto db = store::Database::open(":memory:");
  const std::string csv = "Org,Sector,Headcount\nLarkspur Events,Events,45\n";
  CrmImportReport r = import(db, "orgs.csv", csv, {{"name", "Org"}, {"industry", "Sector"}, {"employees", "Headcount"}});
  CHECK(r.format == "crm_companies");
  CHECK(store::get_account_by_name(db, "Larkspur Events").employees == 45);
  CHECK_THROWS_WITH_AS(import(db, "orgs.csv", csv, {{"name", "Organisation"}}), doctest::Contains("no column `Organisation`"),
                       Error);
}

const std::string kHubSpotDeals =
    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Closed Lost Reason,Associated Company\n"
    "9001,Harborline expansion,Closed Won,48000,2026-03-30,,Harborline Shipping Co\n"
    "9002,Calder renewal,Closed Lost,12000,2025-10-15,Price: seasonal pricing,Calder & Finch Architects\n"
    "9003,Oakridge pilot,Contract Sent,30000,2026-12-01,,Oakridge Property Management\n";

TEST_CASE("HubSpot deals: outcome from the stage, accounts matched or created, re-import updates by record id") {
  auto db = store::Database::open(":memory:");
  import(db, "companies.csv", kHubSpotCompanies);
  CrmImportReport r = import(db, "deals.csv", kHubSpotDeals);
  CHECK(r.format == "hubspot_deals");
  CHECK(r.created == 3);
  CHECK(r.accounts_created == 1);  // Oakridge was not in the companies export

  auto deals = store::list_deals(db);
  REQUIRE(deals.size() == 3);
  std::map<std::string, store::Deal> by_name;
  for (const auto& d : deals) by_name[d.name] = d;
  CHECK(by_name["Harborline expansion"].outcome == "won");
  CHECK(by_name["Harborline expansion"].account_name == "Harborline Shipping Co");
  CHECK(by_name["Calder renewal"].outcome == "lost");
  CHECK(by_name["Calder renewal"].lost_reason == "Price: seasonal pricing");
  CHECK(by_name["Oakridge pilot"].outcome == "open");
  CHECK(by_name["Oakridge pilot"].amount == doctest::Approx(30000.0));

  const std::string later =
      "Record ID,Deal Name,Deal Stage,Amount,Close Date,Closed Lost Reason,Associated Company\n"
      "9003,Oakridge pilot,closedwon,32000,2026-11-20,,Oakridge Property Management\n";
  CrmImportReport again = import(db, "deals-2.csv", later);
  CHECK(again.updated == 1);
  CHECK(again.created == 0);
  CHECK(count_of(db, "SELECT count(*) FROM deals") == 3);
  auto oakridge = store::find_deal(db, [] {
    store::Deal d;
    d.system = "hubspot";
    d.external_id = "9003";
    return d;
  }());
  REQUIRE(oakridge);
  CHECK(oakridge->outcome == "won");
  CHECK(oakridge->close_date == "2026-11-20");
  auto history = store::audit_for(db, "deals", oakridge->id);
  REQUIRE(history.size() == 2);
  CHECK(history[1].before.find("Contract Sent") != std::string::npos);
}

TEST_CASE("Salesforce opportunities: US dates, Closed Lost with a loss reason, and malformed rows") {
  auto db = store::Database::open(":memory:");
  const std::string report =
      "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Loss Reason\n"
      "006A,Kestrel migration,Kestrel Software Labs,Closed Lost,\"$22,000.00\",4/30/2025,Moved to NetSuite bills\n"
      "006B,Pinecrest rollout,Pinecrest Senior Living,Negotiation/Review,90000,12/15/2026,\n";
  CrmImportReport r = import(db, "opps.csv", report);
  CHECK(r.format == "salesforce_opportunities");
  auto deals = store::list_deals(db);
  REQUIRE(deals.size() == 2);
  CHECK(deals[1].name == "Kestrel migration");
  CHECK(deals[1].close_date == "2025-04-30");
  CHECK(deals[1].outcome == "lost");
  CHECK(deals[0].outcome == "open");

  const std::int64_t before = count_of(db, "SELECT count(*) FROM deals");
  CHECK_THROWS_WITH_AS(import(db, "opps.csv",
                              "Opportunity Name,Account Name,Stage,Amount,Close Date\n"
                              "A,Acme,Prospecting,100,2026-01-01\n"
                              "B,Acme,Prospecting,100,31/12/2026\n"),
                       doctest::Contains("opps.csv: line 3: 'Close Date' is '31/12/2026', not a date"), Error);
  CHECK_THROWS_WITH_AS(import(db, "opps.csv", "Opportunity Name,Stage,Amount\nA,Prospecting,ten thousand\n"),
                       doctest::Contains("line 2: 'Amount' is 'ten thousand', not an amount"), Error);
  CHECK(count_of(db, "SELECT count(*) FROM deals") == before);
  CHECK(count_of(db, "SELECT count(*) FROM accounts WHERE name = 'Acme'") == 0);  // rolled back with the file
}

TEST_CASE("grounded ingest routes a CRM export to the accounts import instead of rejecting it") {
  auto db = store::Database::open(":memory:");
  IngestReport r = ingest_bytes(db, "companies.csv", kHubSpotCompanies, {});
  CHECK(r.status == "stored");
  CHECK(r.format == "hubspot_companies");
  CHECK(r.records == "3 accounts: 3 created, 0 updated, 0 unchanged");
  CHECK(r.source_ids.empty());
  CHECK(describe(r) == "stored companies.csv: 3 accounts: 3 created, 0 updated, 0 unchanged (hubspot_companies)");
  CHECK(count_of(db, "SELECT count(*) FROM sources") == 0);
  IngestReport again = ingest_bytes(db, "companies.csv", kHubSpotCompanies, {});
  CHECK(again.records == "3 accounts: 0 created, 0 updated, 3 unchanged");
}

TEST_CASE("Salesforce re-imports: accounts update by website domain then name, opportunities by id; malformed rows store nothing") {
  auto db = store::Database::open(":memory:");
  const std::string accounts =
      "Account Name,Industry,Employees,Annual Revenue,Billing Country,Type,Website\n"
      "Tidewater Marine Services,Marine Services,520,95000000,United States,Customer - Direct,www.tidewater.example\n"
      "Société Générale d’Électricité,Utilities,900,120000000,France,Prospect,\n";
  CHECK(import(db, "sf_accounts.csv", accounts).created == 2);
  CrmImportReport same = import(db, "sf_accounts.csv", accounts);
  CHECK(same.unchanged == 2);
  CHECK(same.created == 0);

  const std::string later =
      "Account Name,Industry,Employees,Annual Revenue,Billing Country,Type,Website\n"
      "Tidewater Marine Group,Marine Services,560,95000000,United States,Customer - Direct,https://tidewater.example/\n"
      "SOCIÉTÉ GÉNÉRALE D’ÉLECTRICITÉ,Utilities,950,120000000,France,Customer - Direct,\n";
  CrmImportReport r = import(db, "sf_accounts (2).csv", later);
  CHECK(r.updated == 2);
  CHECK(r.created == 0);
  CHECK(count_of(db, "SELECT count(*) FROM accounts") == 2);
  CHECK(store::get_account_by_name(db, "Tidewater Marine Group").employees == 560);
  CHECK(store::get_account_by_name(db, "Société Générale d’Électricité").stage == "customer");

  const std::int64_t audits = count_of(db, "SELECT count(*) FROM audit_log");
  CHECK_THROWS_WITH_AS(import(db, "sf_bad.csv",
                              "Account Name,Industry,Employees,Billing Country\n"
                              "Brandnew Ltd,Retail,12,Ireland\n"
                              "Tidewater Marine Group,Marine Services,many,United States\n"),
                       doctest::Contains("sf_bad.csv: line 3: 'Employees' is 'many'"), Error);
  CHECK(count_of(db, "SELECT count(*) FROM accounts") == 2);  // Brandnew Ltd rolled back with the file
  CHECK(count_of(db, "SELECT count(*) FROM audit_log") == audits);

  const std::string opportunities =
      "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Loss Reason\n"
      "006A,Tidewater renewal,Tidewater Marine Group,Negotiation/Review,40000,12/15/2026,\n";
  CHECK(import(db, "opps.csv", opportunities).created == 1);
  CrmImportReport closed = import(db, "opps (2).csv",
                                  "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Loss Reason\n"
                                  "006A,Tidewater renewal,Tidewater Marine Group,Closed Won,42000,11/28/2026,\n");
  CHECK(closed.updated == 1);
  CHECK(closed.created == 0);
  auto deals = store::list_deals(db);
  REQUIRE(deals.size() == 1);
  CHECK(deals[0].outcome == "won");
  CHECK(deals[0].close_date == "2026-11-28");
}
