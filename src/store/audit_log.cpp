#include "store/audit_log.hpp"

#include "core/json.hpp"

namespace grounded::store {

void append_audit(Database& db, const AuditEntry& entry) {
  Statement insert = db.prepare(
      "INSERT INTO audit_log (actor, action, entity, entity_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, entry.actor.empty() ? std::string("anonymous") : entry.actor).bind(2, entry.action);
  insert.bind(3, entry.entity).bind(4, entry.entity_id).bind(5, entry.before).bind(6, entry.after);
  insert.run();
}

std::vector<AuditEntry> audit_for(Database& db, const std::string& entity, Id entity_id) {
  Statement query = db.prepare(
      "SELECT id, actor, action, entity, entity_id, before, after, at FROM audit_log"
      " WHERE entity = ?1 AND entity_id = ?2 ORDER BY id");
  query.bind(1, entity).bind(2, entity_id);
  std::vector<AuditEntry> entries;
  while (query.step())
    entries.push_back({query.int64(0), query.text(1), query.text(2), query.text(3), query.int64(4), query.text(5),
                       query.text(6), query.text(7)});
  return entries;
}

void to_json(nlohmann::json& out, const AuditEntry& entry) {
  auto stored = [](const std::string& text) { return text.empty() ? nlohmann::json() : parse_stored_json(text); };
  out = {{"id", entry.id},         {"actor", entry.actor},           {"action", entry.action},
         {"before", stored(entry.before)}, {"after", stored(entry.after)}, {"at", entry.at}};
}

}  // namespace grounded::store
