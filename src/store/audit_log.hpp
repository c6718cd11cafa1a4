// The audit log: who did what to which row, with the row before and after.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

struct AuditEntry {
  Id id = 0;
  std::string actor;
  std::string action;   // e.g. "tag.accept", "citation.verdict"
  std::string entity;   // table name
  Id entity_id = 0;
  std::string before;   // JSON, or "" for a creation
  std::string after;    // JSON, or "" for a deletion
  std::string at;
};

void append_audit(Database& db, const AuditEntry& entry);
std::vector<AuditEntry> audit_for(Database& db, const std::string& entity, Id entity_id);

// The one JSON form of an entry, for every history the API and CLI show:
// {id, actor, action, before, after, at}, before/after as JSON (null when empty).
void to_json(nlohmann::json& out, const AuditEntry& entry);

}  // namespace grounded::store
