#include "ingest/crm_account_index.hpp"

#include "ingest/crm_values.hpp"

namespace grounded::ingest {

AccountIndex::AccountIndex(store::Database& db) {
  auto rows = db.prepare("SELECT id, name, domain FROM accounts ORDER BY id");
  while (rows.step()) {
    const std::string key = name_key(rows.text_view(1));
    by_name_.emplace(key, rows.int64(0));  // the oldest wins when two names share a key
    if (!rows.text_view(2).empty()) by_domain_[rows.text(2)] = rows.int64(0);
  }
}

std::optional<Id> AccountIndex::find(const std::string& domain, const std::string& name) const {
  if (!domain.empty())
    if (auto it = by_domain_.find(domain); it != by_domain_.end()) return it->second;
  return find_name(name);
}

std::optional<Id> AccountIndex::find_name(const std::string& name) const {
  if (auto it = by_name_.find(name_key(name)); it != by_name_.end()) return it->second;
  return std::nullopt;
}

void AccountIndex::remember(Id id, const std::string& name, const std::string& domain) {
  by_name_[name_key(name)] = id;
  if (!domain.empty()) by_domain_[domain] = id;
}

}  // namespace grounded::ingest
