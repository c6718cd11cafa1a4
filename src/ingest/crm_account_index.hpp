// The stored accounts as a CRM import finds them: by web domain first, then
// by name key (case and white space ignored, ingest/crm_values.hpp). Kept in
// step with the rows the import creates or renames. Internal to ingest/.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::ingest {

class AccountIndex {
 public:
  explicit AccountIndex(store::Database& db);  // reads every account once
  // The account with this domain, else with this name; nullopt if neither.
  std::optional<Id> find(const std::string& domain, const std::string& name) const;
  // The account holding this name (by key), if any.
  std::optional<Id> find_name(const std::string& name) const;
  // Records an account's current name and domain after a write.
  void remember(Id id, const std::string& name, const std::string& domain);

 private:
  std::map<std::string, Id> by_domain_;
  std::map<std::string, Id> by_name_;
};

}  // namespace grounded::ingest
