#include "synth/persona_store.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "synth/cohort.hpp"
#include "synth/templates.hpp"

namespace grounded::synth {
namespace {

constexpr const char* persona_columns =
    "SELECT id, kind, name, role, cohort, priority_tier, created_at, updated_at, reviewed_at, drafted_at FROM personas";
constexpr const char* attribute_columns =
    "SELECT id, persona_id, section, text, origin, position, theme_key, edited_at, created_at, basis FROM attributes";
constexpr const char* citation_columns =
    "SELECT id, attribute_id, excerpt_id, verdict, reviewer, reviewed_at, note, origin FROM citations";

Persona read_persona(store::Statement& q) {
  Persona p;
  p.id = q.int64(0);
  p.kind = parse_persona_kind(q.text_view(1));
  p.name = q.text(2);
  p.role = q.text(3);
  p.cohort_json = q.text(4);
  p.priority_tier = q.text(5);
  p.created_at = q.text(6);
  p.updated_at = q.text(7);
  p.reviewed_at = q.text(8);
  p.drafted_at = q.text(9);
  return p;
}

StoredAttribute read_attribute(store::Statement& q) {
  StoredAttribute s;
  Attribute& a = s.attribute;
  a.id = q.int64(0);
  a.persona_id = q.int64(1);
  a.section = q.text(2);
  a.text = q.text(3);
  a.origin = q.text_view(4) == "manual" ? AttributeOrigin::manual : AttributeOrigin::drafted;
  a.position = static_cast<int>(q.int64(5));
  a.theme_key = q.text(6);
  a.edited_at = q.text(7);
  a.created_at = q.text(8);
  s.basis = q.text(9);
  return s;
}

StoredCitation read_citation(store::Statement& q) {
  StoredCitation s;
  Citation& c = s.citation;
  c.id = q.int64(0);
  c.attribute_id = q.int64(1);
  c.excerpt_id = q.int64(2);
  c.verdict = parse_citation_verdict(q.text_view(3));
  c.reviewer = q.text(4);
  c.reviewed_at = q.text(5);
  c.note = q.text(6);
  s.origin = q.text(7);
  return s;
}

std::string json_of(const Persona& p) { return dump_json(nlohmann::json(p)); }
std::string json_of(const StoredAttribute& a) {
  nlohmann::json j = a.attribute;
  j["basis"] = a.basis;
  return dump_json(j);
}
std::string json_of(const StoredCitation& c) {
  nlohmann::json j = c.citation;
  j["origin"] = c.origin;
  return dump_json(j);
}

void audit(store::Database& db, const std::string& who, const std::string& action, const std::string& entity, Id id,
           const std::string& before, const std::string& after) {
  store::append_audit(db, {0, who, action, entity, id, before, after, ""});
}

void validate(const Persona& persona) {
  if (persona.name.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid_input("a persona needs a name");
  if (persona.name.size() > 200) throw Error(ErrorKind::too_large, "persona name is longer than 200 bytes");
}

StoredCitation get_citation(store::Database& db, Id id) {
  store::Statement q = db.prepare(std::string(citation_columns) + " WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) throw not_found("no citation with id " + std::to_string(id));
  return read_citation(q);
}

void touch_persona(store::Database& db, Id persona_id) {
  store::Statement q = db.prepare("UPDATE personas SET updated_at = ?2 WHERE id = ?1");
  q.bind(1, persona_id).bind(2, store::utc_now()).run();
}

void check_excerpt(store::Database& db, Id excerpt_id) {
  store::Statement q = db.prepare("SELECT 1 FROM excerpts WHERE id = ?1");
  q.bind(1, excerpt_id);
  if (!q.step()) throw not_found("no excerpt with id " + std::to_string(excerpt_id));
}

StoredCitation insert_citation(store::Database& db, Id attribute_id, Id excerpt_id, const std::string& origin) {
  store::Statement q = db.prepare("INSERT INTO citations (attribute_id, excerpt_id, origin) VALUES (?1, ?2, ?3)");
  q.bind(1, attribute_id).bind(2, excerpt_id).bind(3, origin).run();
  return get_citation(db, db.last_insert_id());
}

std::vector<std::pair<Id, std::string>> stored_citation_keys(const std::vector<StoredCitation>& citations) {
  std::vector<std::pair<Id, std::string>> out;
  for (const auto& c : citations) out.emplace_back(c.citation.excerpt_id, c.origin);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Persona create_persona(store::Database& db, const NewPersona& input, const std::string& who) {
  Persona p;
  p.name = input.name;
  p.kind = input.kind;
  p.role = input.role;
  p.priority_tier = input.priority_tier;
  validate(p);
  std::string cohort = dump_json(Cohort::parse(input.cohort_json).to_json());
  store::Transaction tx(db);
  store::Statement q =
      db.prepare("INSERT INTO personas (kind, name, role, cohort, priority_tier) VALUES (?1, ?2, ?3, ?4, ?5)");
  q.bind(1, to_string(input.kind)).bind(2, input.name).bind(3, input.role).bind(4, cohort).bind(5, input.priority_tier);
  q.run();
  Persona created = get_persona(db, db.last_insert_id());
  audit(db, who, "persona.create", "personas", created.id, "", json_of(created));
  tx.commit();
  return created;
}

Persona get_persona(store::Database& db, Id id) {
  store::Statement q = db.prepare(std::string(persona_columns) + " WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) throw not_found("no persona with id " + std::to_string(id));
  return read_persona(q);
}

std::vector<Persona> list_personas(store::Database& db) {
  store::Statement q = db.prepare(std::string(persona_columns) + " ORDER BY id");
  std::vector<Persona> out;
  while (q.step()) out.push_back(read_persona(q));
  return out;
}

Persona update_persona(store::Database& db, const Persona& persona, const std::string& who) {
  validate(persona);
  std::string cohort = dump_json(Cohort::parse(persona.cohort_json).to_json());
  store::Transaction tx(db);
  Persona before = get_persona(db, persona.id);
  store::Statement q = db.prepare(
      "UPDATE personas SET name = ?2, role = ?3, cohort = ?4, priority_tier = ?5, updated_at = ?6 WHERE id = ?1");
  q.bind(1, persona.id).bind(2, persona.name).bind(3, persona.role).bind(4, cohort).bind(5, persona.priority_tier);
  q.bind(6, store::utc_now()).run();
  Persona after = get_persona(db, persona.id);
  audit(db, who, "persona.update", "personas", persona.id, json_of(before), json_of(after));
  tx.commit();
  return after;
}

void delete_persona(store::Database& db, Id id, const std::string& who) {
  store::Transaction tx(db);
  Persona before = get_persona(db, id);
  store::Statement q = db.prepare("DELETE FROM personas WHERE id = ?1");
  q.bind(1, id).run();
  audit(db, who, "persona.delete", "personas", id, json_of(before), "");
  tx.commit();
}

std::vector<StoredAttribute> attributes_of(store::Database& db, Id persona_id) {
  Persona persona = get_persona(db, persona_id);
  store::Statement q = db.prepare(std::string(attribute_columns) + " WHERE persona_id = ?1 ORDER BY position, id");
  q.bind(1, persona_id);
  std::vector<StoredAttribute> out;
  while (q.step()) out.push_back(read_attribute(q));
  // Template order first, so every reader sees sections as the method lays them out.
  const auto& sections = persona_template(persona.kind).sections;
  auto rank = [&](const std::string& key) {
    for (std::size_t i = 0; i < sections.size(); ++i)
      if (sections[i].key == key) return i;
    return sections.size();
  };
  std::stable_sort(out.begin(), out.end(), [&](const StoredAttribute& a, const StoredAttribute& b) {
    return rank(a.attribute.section) < rank(b.attribute.section);
  });
  return out;
}

StoredAttribute get_attribute(store::Database& db, Id attribute_id) {
  store::Statement q = db.prepare(std::string(attribute_columns) + " WHERE id = ?1");
  q.bind(1, attribute_id);
  if (!q.step()) throw not_found("no attribute with id " + std::to_string(attribute_id));
  return read_attribute(q);
}

std::vector<StoredCitation> citations_of_persona(store::Database& db, Id persona_id) {
  store::Statement q = db.prepare(
      "SELECT c.id, c.attribute_id, c.excerpt_id, c.verdict, c.reviewer, c.reviewed_at, c.note, c.origin"
      " FROM citations c JOIN attributes a ON a.id = c.attribute_id WHERE a.persona_id = ?1 ORDER BY c.id");
  q.bind(1, persona_id);
  std::vector<StoredCitation> out;
  while (q.step()) out.push_back(read_citation(q));
  return out;
}

StoredAttribute add_attribute(store::Database& db, Id persona_id, const std::string& section, const std::string& text,
                              const std::vector<Id>& excerpt_ids, const std::string& who) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid_input("an attribute needs text");
  if (text.size() > 4000) throw Error(ErrorKind::too_large, "attribute text is longer than 4000 bytes");
  store::Transaction tx(db);
  Persona persona = get_persona(db, persona_id);
  const SectionTemplate* s = find_section(persona.kind, section);
  if (!s) {
    std::string names;
    for (const auto& t : persona_template(persona.kind).sections) names += (names.empty() ? "" : ", ") + t.key;
    throw invalid_input("unknown section '" + section + "' for a " + std::string(to_string(persona.kind)) +
                        " persona (expected one of " + names + ")");
  }
  store::Statement pos = db.prepare("SELECT COALESCE(MAX(position), -1) + 1 FROM attributes WHERE persona_id = ?1 AND section = ?2");
  pos.bind(1, persona_id).bind(2, section);
  pos.step();
  std::int64_t position = pos.int64(0);
  store::Statement q = db.prepare(
      "INSERT INTO attributes (persona_id, section, text, origin, position, basis) VALUES (?1, ?2, ?3, 'manual', ?4, 'evidence')");
  q.bind(1, persona_id).bind(2, section).bind(3, text).bind(4, position).run();
  Id id = db.last_insert_id();
  std::vector<Id> unique = excerpt_ids;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  for (Id excerpt : unique) {
    check_excerpt(db, excerpt);
    insert_citation(db, id, excerpt, "manual");
  }
  StoredAttribute created = get_attribute(db, id);
  audit(db, who, "attribute.add", "attributes", id, "", json_of(created));
  touch_persona(db, persona_id);
  tx.commit();
  return created;
}

StoredAttribute edit_attribute(store::Database& db, Id attribute_id, const std::string& text, const std::string& who) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid_input("an attribute needs text");
  if (text.size() > 4000) throw Error(ErrorKind::too_large, "attribute text is longer than 4000 bytes");
  store::Transaction tx(db);
  StoredAttribute before = get_attribute(db, attribute_id);
  store::Statement q = db.prepare("UPDATE attributes SET text = ?2, edited_at = ?3 WHERE id = ?1");
  q.bind(1, attribute_id).bind(2, text).bind(3, store::utc_now()).run();
  StoredAttribute after = get_attribute(db, attribute_id);
  audit(db, who, "attribute.edit", "attributes", attribute_id, json_of(before), json_of(after));
  touch_persona(db, before.attribute.persona_id);
  tx.commit();
  return after;
}

void delete_attribute(store::Database& db, Id attribute_id, const std::string& who) {
  store::Transaction tx(db);
  StoredAttribute before = get_attribute(db, attribute_id);
  store::Statement q = db.prepare("DELETE FROM attributes WHERE id = ?1");
  q.bind(1, attribute_id).run();
  audit(db, who, "attribute.delete", "attributes", attribute_id, json_of(before), "");
  touch_persona(db, before.attribute.persona_id);
  tx.commit();
}

StoredCitation attach_citation(store::Database& db, Id attribute_id, Id excerpt_id, const std::string& who) {
  store::Transaction tx(db);
  StoredAttribute attribute = get_attribute(db, attribute_id);
  check_excerpt(db, excerpt_id);
  store::Statement existing = db.prepare("SELECT id FROM citations WHERE attribute_id = ?1 AND excerpt_id = ?2");
  existing.bind(1, attribute_id).bind(2, excerpt_id);
  if (existing.step()) return get_citation(db, existing.int64(0));
  StoredCitation created = insert_citation(db, attribute_id, excerpt_id, "manual");
  audit(db, who, "citation.attach", "citations", created.citation.id, "", json_of(created));
  touch_persona(db, attribute.attribute.persona_id);
  tx.commit();
  return created;
}

void detach_citation(store::Database& db, Id citation_id, const std::string& who) {
  store::Transaction tx(db);
  StoredCitation before = get_citation(db, citation_id);
  store::Statement q = db.prepare("DELETE FROM citations WHERE id = ?1");
  q.bind(1, citation_id).run();
  audit(db, who, "citation.detach", "citations", citation_id, json_of(before), "");
  touch_persona(db, get_attribute(db, before.citation.attribute_id).attribute.persona_id);
  tx.commit();
}

StoredCitation record_verdict(store::Database& db, Id persona_id, Id citation_id, CitationVerdict verdict,
                              const std::string& note, const std::string& reviewer) {
  if (reviewer.find_first_not_of(" \t") == std::string::npos) throw invalid_input("a verdict needs a reviewer name");
  if (note.size() > 4000) throw Error(ErrorKind::too_large, "review note is longer than 4000 bytes");
  store::Transaction tx(db);
  get_persona(db, persona_id);
  StoredCitation before = get_citation(db, citation_id);
  if (get_attribute(db, before.citation.attribute_id).attribute.persona_id != persona_id)
    throw not_found("citation " + std::to_string(citation_id) + " does not belong to persona " +
                    std::to_string(persona_id));
  std::string now = store::utc_now();
  bool reset = verdict == CitationVerdict::unreviewed;
  store::Statement q = db.prepare("UPDATE citations SET verdict = ?2, reviewer = ?3, reviewed_at = ?4, note = ?5 WHERE id = ?1");
  q.bind(1, citation_id).bind(2, to_string(verdict)).bind(3, reset ? std::string() : reviewer);
  q.bind(4, reset ? std::string() : now).bind(5, note).run();
  store::Statement p = db.prepare("UPDATE personas SET reviewed_at = ?2 WHERE id = ?1");
  p.bind(1, persona_id).bind(2, now).run();
  StoredCitation after = get_citation(db, citation_id);
  audit(db, reviewer, "citation.verdict", "citations", citation_id, json_of(before), json_of(after));
  tx.commit();
  return after;
}

nlohmann::json verdict_history(store::Database& db, Id citation_id) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& entry : store::audit_for(db, "citations", citation_id)) {
    if (entry.action != "citation.verdict") continue;
    nlohmann::json after = parse_stored_json(entry.after);
    out.push_back({{"who", entry.actor},
                   {"at", entry.at},
                   {"verdict", after.value("verdict", "")},
                   {"note", after.value("note", "")}});
  }
  return out;
}

void to_json(nlohmann::json& out, const Signoff& s) {
  out = {{"step", s.step}, {"who", s.who}, {"note", s.note}, {"at", s.at}};
}

Signoff record_signoff(store::Database& db, Id persona_id, const std::string& step, const std::string& who,
                       const std::string& note) {
  const auto& steps = signoff_steps();
  if (std::none_of(steps.begin(), steps.end(), [&](const SignoffStep& s) { return s.key == step; })) {
    std::string names;
    for (const auto& s : steps) names += (names.empty() ? "" : ", ") + s.key;
    throw invalid_input("unknown sign-off step '" + step + "' (expected one of " + names + ")");
  }
  if (who.find_first_not_of(" \t") == std::string::npos) throw invalid_input("a sign-off needs who signed");
  store::Transaction tx(db);
  get_persona(db, persona_id);
  std::string now = store::utc_now();
  store::Statement q = db.prepare(
      "INSERT INTO persona_signoffs (persona_id, step, who, note, at) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT (persona_id, step) DO UPDATE SET who = excluded.who, note = excluded.note, at = excluded.at");
  q.bind(1, persona_id).bind(2, step).bind(3, who).bind(4, note).bind(5, now).run();
  Signoff s{step, who, note, now};
  audit(db, who, "persona.signoff", "personas", persona_id, "", dump_json(nlohmann::json(s)));
  tx.commit();
  return s;
}

std::vector<Signoff> signoffs_of(store::Database& db, Id persona_id) {
  store::Statement q = db.prepare("SELECT step, who, note, at FROM persona_signoffs WHERE persona_id = ?1 ORDER BY id");
  q.bind(1, persona_id);
  std::vector<Signoff> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
  return out;
}


void to_json(nlohmann::json& out, const DraftChange& c) {
  out = {{"change", c.change}, {"attribute_id", c.attribute_id}, {"section", c.section}, {"text", c.text},
         {"theme_key", c.theme_key}};
}

DraftMerge merge_drafted_attributes(store::Database& db, Id persona_id, const std::vector<DraftedAttribute>& drafted,
                                    const std::string& who, const nlohmann::json& audit_detail) {
  std::optional<store::Transaction> tx;  // none inside the caller's (draft_persona's) transaction
  if (sqlite3_get_autocommit(db.handle())) tx.emplace(db);
  get_persona(db, persona_id);  // Error(not_found) before anything is written
  DraftMerge result;
  std::vector<StoredAttribute> existing = attributes_of(db, persona_id);
  std::vector<StoredCitation> all_citations = citations_of_persona(db, persona_id);
  std::map<Id, std::vector<StoredCitation>> citations_by_attribute;
  for (auto& c : all_citations) citations_by_attribute[c.citation.attribute_id].push_back(c);

  std::set<std::pair<std::string, std::string>> protected_keys;  // (section, theme_key) a person owns
  std::map<std::pair<std::string, std::string>, const StoredAttribute*> replaceable;
  for (const StoredAttribute& a : existing) {
    bool person_owned = a.attribute.origin == AttributeOrigin::manual || !a.attribute.edited_at.empty();
    if (person_owned) {
      if (!a.attribute.theme_key.empty()) protected_keys.insert({a.attribute.section, a.attribute.theme_key});
      result.changes.push_back({"kept", a.attribute.id, a.attribute.section, a.attribute.text, a.attribute.theme_key});
      ++result.kept;
    } else {
      replaceable[{a.attribute.section, a.attribute.theme_key}] = &a;
    }
  }

  store::Statement insert_attribute_row = db.prepare(
      "INSERT INTO attributes (persona_id, section, text, origin, position, theme_key, basis)"
      " VALUES (?1, ?2, ?3, 'drafted', ?4, ?5, ?6)");
  store::Statement update_attribute_row = db.prepare("UPDATE attributes SET text = ?2, position = ?3, basis = ?4 WHERE id = ?1");
  store::Statement insert_citation_row =
      db.prepare("INSERT INTO citations (attribute_id, excerpt_id, origin) VALUES (?1, ?2, ?3)");
  store::Statement update_citation_origin_row = db.prepare("UPDATE citations SET origin = ?2 WHERE id = ?1");
  store::Statement delete_citation_row = db.prepare("DELETE FROM citations WHERE id = ?1");
  store::Statement delete_attribute_row = db.prepare("DELETE FROM attributes WHERE id = ?1");

  std::set<Id> matched;
  for (const DraftedAttribute& a : drafted) {
    std::pair<std::string, std::string> key{a.section, a.theme_key};
    if (protected_keys.count(key)) continue;  // the person's version of this theme wins
    auto it = replaceable.find(key);
    if (it != replaceable.end() && !matched.count(it->second->attribute.id)) {
      const StoredAttribute& old = *it->second;
      matched.insert(old.attribute.id);
      auto& old_citations = citations_by_attribute[old.attribute.id];
      bool changed = old.attribute.text != a.text || old.attribute.position != a.position || old.basis != a.basis ||
                     stored_citation_keys(old_citations) != a.citations;
      if (changed) {
        update_attribute_row.reset();
        update_attribute_row.bind(1, old.attribute.id).bind(2, a.text).bind(3, a.position).bind(4, a.basis).run();
        // Keep citation rows (and their verdicts) that are still evidence.
        std::map<Id, std::string> wanted(a.citations.begin(), a.citations.end());
        for (const auto& c : old_citations) {
          auto w = wanted.find(c.citation.excerpt_id);
          if (w == wanted.end()) {
            if (c.origin == "manual") continue;  // a person attached it: not ours to drop
            delete_citation_row.reset();
            delete_citation_row.bind(1, c.citation.id).run();
          } else {
            if (w->second != c.origin && c.origin != "manual") {
              update_citation_origin_row.reset();
              update_citation_origin_row.bind(1, c.citation.id).bind(2, w->second).run();
            }
            wanted.erase(w);
          }
        }
        for (const auto& [excerpt, origin] : wanted) {
          insert_citation_row.reset();
          insert_citation_row.bind(1, old.attribute.id).bind(2, excerpt).bind(3, origin).run();
        }
        result.changes.push_back({"updated", old.attribute.id, a.section, a.text, a.theme_key});
        ++result.updated;
      } else {
        result.changes.push_back({"unchanged", old.attribute.id, a.section, a.text, a.theme_key});
        ++result.unchanged;
      }
      continue;
    }
    insert_attribute_row.reset();
    insert_attribute_row.bind(1, persona_id).bind(2, a.section).bind(3, a.text).bind(4, a.position).bind(5, a.theme_key);
    insert_attribute_row.bind(6, a.basis).run();
    Id id = db.last_insert_id();
    for (const auto& [excerpt, origin] : a.citations) {
      insert_citation_row.reset();
      insert_citation_row.bind(1, id).bind(2, excerpt).bind(3, origin).run();
    }
    result.changes.push_back({"added", id, a.section, a.text, a.theme_key});
    ++result.added;
  }
  for (const auto& [key, attribute] : replaceable) {
    if (matched.count(attribute->attribute.id)) continue;
    delete_attribute_row.reset();
    delete_attribute_row.bind(1, attribute->attribute.id).run();
    result.changes.push_back({"removed", attribute->attribute.id, attribute->attribute.section, attribute->attribute.text,
                              attribute->attribute.theme_key});
    ++result.removed;
  }
  std::string now = store::utc_now();
  store::Statement stamp = db.prepare("UPDATE personas SET drafted_at = ?2, updated_at = ?2 WHERE id = ?1");
  stamp.bind(1, persona_id).bind(2, now).run();
  nlohmann::json summary = {{"added", result.added}, {"updated", result.updated}, {"removed", result.removed},
                            {"kept", result.kept}, {"unchanged", result.unchanged}};
  for (const auto& [key, value] : audit_detail.items()) summary[key] = value;
  store::append_audit(db, {0, who, "persona.draft", "personas", persona_id, "", dump_json(summary), ""});
  if (tx) tx->commit();
  return result;
}

}  // namespace grounded::synth
