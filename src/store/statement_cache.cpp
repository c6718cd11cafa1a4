#include "store/statement_cache.hpp"

namespace grounded::store {

StatementCache::~StatementCache() {
  for (auto& [sql, slot] : slots_) sqlite3_finalize(slot.stmt);
}

StatementCache::Slot* StatementCache::borrow(std::string_view sql) {
  auto it = slots_.find(sql);
  if (it == slots_.end() || it->second.in_use) return nullptr;
  it->second.in_use = true;
  return &it->second;
}

StatementCache::Slot* StatementCache::keep(std::string_view sql, sqlite3_stmt* stmt) {
  if (slots_.size() >= capacity_) return nullptr;
  auto [it, added] = slots_.try_emplace(std::string(sql), Slot{stmt, true});
  return added ? &it->second : nullptr;
}

void StatementCache::give_back(Slot* slot) {
  sqlite3_reset(slot->stmt);
  sqlite3_clear_bindings(slot->stmt);
  slot->in_use = false;
}

}  // namespace grounded::store
