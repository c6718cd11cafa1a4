// grounded accounts import FILE and grounded deals list — CRM exports into
// accounts and deals (ingest/crm_import.hpp), from the shell. Changes are
// audited under $USER.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/actor.hpp"
#include "cli/arguments.hpp"
#include "cli/column_map_option.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/crm_import.hpp"
#include "store/database.hpp"
#include "store/deals.hpp"
#include "store/people.hpp"

namespace grounded::cli {
namespace {

using nlohmann::json;

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::not_found, "cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kImportUsage =
    "grounded accounts import FILE... [--map key=Column,...] [--json] [--db PATH]\n\n"
    "Imports CRM exports, recognised by their headers: HubSpot company exports and Salesforce account\n"
    "reports into accounts (matched by domain, then by name; a re-import updates), HubSpot deals and\n"
    "Salesforce opportunities into deals (won/lost/open from the stage; matched by the export's id).\n"
    "--map keys: name, domain, industry, employees, revenue, region, stage, stack, id (companies);\n"
    "name, id, account, domain, stage, amount, close_date, lost_reason (deals).\n"
    "Each file is one transaction: a malformed row rejects the file, naming the line.";

int run_accounts_import(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "map"}, {"json"});
  if (args.positionals().empty()) throw UsageError(std::string("usage: ") + kImportUsage);
  std::map<std::string, std::string> map;
  if (args.has("map")) map = parse_column_map(args.get("map"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  json out = json::array();
  for (const auto& path : args.positionals()) {
    std::string name = std::filesystem::path(path).filename().string();
    ingest::CrmImportReport report = ingest::import_crm_file(db, name, read_whole(path), map, cli_actor());
    if (!args.has("json")) std::cout << name << ": " << report.summary() << " (" << report.format << ")\n";
    out.push_back({{"origin", report.origin}, {"format", report.format}, {"records", report.records},
                   {"rows", report.rows}, {"created", report.created}, {"updated", report.updated},
                   {"unchanged", report.unchanged}, {"accounts_created", report.accounts_created}});
  }
  if (args.has("json")) std::cout << dump_json(out, 2) << "\n";
  return 0;
}

constexpr const char* kDealsUsage = "grounded deals list [--account NAME] [--json] [--db PATH]";

int run_deals_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "account"}, {"json"});
  if (!args.positionals().empty()) throw UsageError(std::string("usage: ") + kDealsUsage);
  auto db = store::Database::open(database_path_option(args.get("db")));
  std::optional<Id> account;
  if (args.has("account")) account = store::get_account_by_name(db, args.get("account")).id;
  auto deals = store::list_deals(db, account);
  if (args.has("json")) {
    std::cout << dump_json({{"items", deals}}, 2) << "\n";
    return 0;
  }
  for (const auto& d : deals)
    std::cout << d.id << "\t" << d.name << "\t" << (d.account_name.empty() ? "-" : d.account_name) << "\t" << d.outcome
              << "\t" << (d.amount ? std::to_string(static_cast<long long>(*d.amount)) : "-") << "\t"
              << (d.close_date.empty() ? "-" : d.close_date)
              << (d.lost_reason.empty() ? "" : "\tlost: " + d.lost_reason) << "\n";
  std::cout << deals.size() << (deals.size() == 1 ? " deal\n" : " deals\n");
  return 0;
}

}  // namespace

GROUNDED_COMMAND("accounts import", "Import CRM companies/accounts or deals/opportunities exports", kImportUsage,
                 run_accounts_import);
GROUNDED_COMMAND("deals list", "List deals with their won/lost/open outcome", kDealsUsage, run_deals_list);

}  // namespace grounded::cli
