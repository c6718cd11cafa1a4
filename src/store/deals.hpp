// Deals (HubSpot) and opportunities (Salesforce): the won/lost facts that
// persona priority and the quarterly review read. Rows arrive through the
// CRM import (ingest/crm_import.hpp); this file only stores and reads them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

struct Deal {
  Id id = 0;
  std::string system;       // hubspot | salesforce | csv
  std::string external_id;  // the export's id; "" when the export has none
  std::string name;
  std::optional<Id> account_id;
  std::string account_name;  // read only: the account's name when it has one
  std::string stage;         // as the CRM names it ("Closed Lost", "closedwon")
  std::string outcome;       // won | lost | open
  std::optional<double> amount;
  std::string close_date;    // YYYY-MM-DD or ""
  std::string lost_reason;
};
void to_json(nlohmann::json& out, const Deal& deal);

// The stored deal the import would update: same system and external id, or,
// for an export without ids, same system, name and account. nullopt if none.
std::optional<Deal> find_deal(Database& db, const Deal& like);

// Inserts (deal.id == 0) or overwrites the row; returns its id. Call inside
// the caller's transaction; the caller audits.
Id save_deal(Database& db, const Deal& deal);

// Every deal, newest close date first; `account_id` narrows to one account.
std::vector<Deal> list_deals(Database& db, std::optional<Id> account_id = std::nullopt);

// Deals whose close date is on or after `since` (YYYY-MM-DD…), newest first.
std::vector<Deal> deals_closed_since(Database& db, const std::string& since);

}  // namespace grounded::store
