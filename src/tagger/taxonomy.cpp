#include "tagger/taxonomy.hpp"

#include <algorithm>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

namespace grounded::tagger {

Taxonomy Taxonomy::parse(std::string_view json_text) {
  Taxonomy taxonomy;
  try {
    auto doc = nlohmann::json::parse(json_text);
    taxonomy.definitions_source_ = doc.value("definitions_source", "");
    taxonomy.decision_rules_ = doc.value("decision_rules", std::vector<std::string>{});
    for (const auto& c : doc.at("categories")) {
      Category category;
      category.key = c.at("key").get<std::string>();
      category.label = c.value("label", category.key);
      category.description = c.value("description", "");
      category.example = c.value("example", "");
      category.colour = c.value("colour", category.key);
      category.persona_sections = c.value("persona_sections", std::vector<std::string>{});
      for (const auto& s : c.value("subfields", nlohmann::json::array())) {
        Subfield sub;
        sub.key = s.at("key").get<std::string>();
        sub.label = s.value("label", sub.key);
        sub.description = s.value("description", "");
        sub.values = s.value("values", std::vector<std::string>{});
        category.subfields.push_back(std::move(sub));
      }
      if (taxonomy.has(category.key)) throw invalid_input("taxonomy: category '" + category.key + "' twice");
      taxonomy.categories_.push_back(std::move(category));
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("taxonomy: ") + e.what());
  }
  if (taxonomy.categories_.empty()) throw invalid_input("taxonomy: no categories");
  return taxonomy;
}

const Taxonomy& Taxonomy::builtin() {
  static const Taxonomy taxonomy = [] {
    auto text = find_embedded_file("src/tagger/data/taxonomy.json");
    if (!text) throw Error(ErrorKind::internal, "taxonomy.json was not embedded");
    return parse(*text);
  }();
  return taxonomy;
}

std::vector<std::string> Taxonomy::keys() const {
  std::vector<std::string> out;
  for (const auto& c : categories_) out.push_back(c.key);
  return out;
}

const Category* Taxonomy::find(std::string_view key) const {
  for (const auto& c : categories_)
    if (c.key == key) return &c;
  return nullptr;
}

const Category& Taxonomy::require(std::string_view key) const {
  if (const Category* c = find(key)) return *c;
  std::string names;
  for (const auto& c : categories_) names += (names.empty() ? "" : ", ") + c.key;
  throw invalid_input("unknown tag category '" + std::string(key) + "' (one of: " + names + ")");
}

std::string Taxonomy::validate_subfields(std::string_view category, const nlohmann::json& subfields) const {
  const Category& c = require(category);
  if (!subfields.is_object()) throw invalid_input("sub-fields must be a JSON object");
  for (const auto& [key, value] : subfields.items()) {
    auto sub = std::find_if(c.subfields.begin(), c.subfields.end(), [&wanted = key](const Subfield& s) { return s.key == wanted; });
    if (sub == c.subfields.end()) {
      std::string names;
      for (const auto& s : c.subfields) names += (names.empty() ? "" : ", ") + s.key;
      throw invalid_input("category '" + c.key + "' has no sub-field '" + key + "'" +
                          (names.empty() ? std::string(" (it has none)") : " (it has: " + names + ")"));
    }
    if (!value.is_string() && !value.is_null()) throw invalid_input("sub-field '" + key + "' must be text");
    if (value.is_string() && !sub->values.empty() &&
        std::find(sub->values.begin(), sub->values.end(), value.get<std::string>()) == sub->values.end()) {
      std::string names;
      for (const auto& v : sub->values) names += (names.empty() ? "" : ", ") + v;
      throw invalid_input("sub-field '" + key + "' cannot be '" + value.get<std::string>() + "' (one of: " + names + ")");
    }
  }
  return dump_json(subfields);
}

void to_json(nlohmann::json& out, const Subfield& s) {
  out = {{"key", s.key}, {"label", s.label}, {"description", s.description}, {"values", s.values}};
}

void to_json(nlohmann::json& out, const Category& c) {
  out = {{"key", c.key},       {"label", c.label},
         {"description", c.description}, {"example", c.example}, {"colour", c.colour},
         {"persona_sections", c.persona_sections}, {"subfields", c.subfields}};
}

void to_json(nlohmann::json& out, const Taxonomy& t) {
  out = {{"categories", t.categories()},
         {"definitions_source", t.definitions_source()},
         {"decision_rules", t.decision_rules()}};
}

}  // namespace grounded::tagger
