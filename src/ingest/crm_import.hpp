// CRM exports → accounts and deals. Recognised by their headers (labels in
// src/ingest/data/crm_exports.json, overridable with --map key=Column):
//   companies: HubSpot company exports ("Company name", "Company Domain
//     Name", "Industry", "Number of Employees", "Annual Revenue",
//     "Country/Region", "Lifecycle Stage") and Salesforce account reports
//     ("Account Name", "Industry", "Employees", "Annual Revenue",
//     "Billing Country", "Type");
//   deals: HubSpot deals ("Deal Name", "Deal Stage", "Amount", "Close Date",
//     "Closed Lost Reason", "Associated Company") and Salesforce
//     opportunities ("Opportunity Name", "Account Name", "Stage", …).
// A company row matches a stored account by domain, then by name (case and
// white space ignored); a match is updated with the export's non-empty
// values, never duplicated. A deal matches by the export's id (else by name
// and account); its outcome (won | lost | open) comes from the stage. Every
// created or changed row is audited. One file is one transaction: a
// malformed row rejects the whole file with an error naming the line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace grounded::ingest {

struct CrmImportReport {
  std::string origin;
  std::string format;   // hubspot_companies | salesforce_accounts | crm_companies | hubspot_deals | salesforce_opportunities | crm_deals
  std::string records;  // "accounts" | "deals"
  std::int64_t rows = 0;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t accounts_created = 0;  // deals naming an account we did not know
  // "16 accounts: 2 created, 14 updated, 0 unchanged" and the like.
  std::string summary() const;
};

// True when `origin` is a .csv/.tsv whose header is a companies or deals
// export (reads the header line only; stores nothing).
bool is_crm_export(std::string_view origin, std::string_view bytes, const std::map<std::string, std::string>& column_map);

// Imports `bytes` when they are a CRM export; nullopt (nothing read or
// stored) when they are not. Throws Error(invalid_input) whose message
// starts with `origin` and names the line for a malformed row; nothing is
// stored then. `actor` is written to the audit log.
std::optional<CrmImportReport> import_crm_export(store::Database& db, std::string_view origin, std::string_view bytes,
                                                 const std::map<std::string, std::string>& column_map,
                                                 const std::string& actor);

// The same for a file the user says is a CRM export: Error(invalid_input)
// naming the columns a companies or deals export needs when it is not one.
CrmImportReport import_crm_file(store::Database& db, std::string_view origin, std::string_view bytes,
                                const std::map<std::string, std::string>& column_map, const std::string& actor);

}  // namespace grounded::ingest
