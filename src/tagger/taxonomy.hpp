// The tag taxonomy as data (src/tagger/data/taxonomy.json): categories,
// their sub-fields, descriptions, UI colour keys and the persona sections
// each category feeds. The UI and docs read the same file through to_json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace grounded::tagger {

struct Subfield {
  std::string key;                  // "impact", "root_cause", "situation", …
  std::string label;
  std::string description;
  std::vector<std::string> values;  // allowed values; empty = free text
};

struct Category {
  std::string key;  // "pain_point"
  std::string label;
  std::string description;
  std::string example;  // one labeled example from the labeling rules
  std::string colour;   // a colour key the UI maps to its palette
  std::vector<std::string> persona_sections;
  std::vector<Subfield> subfields;
};

class Taxonomy {
 public:
  // Parses taxonomy JSON; throws Error(invalid_input) naming what is wrong.
  static Taxonomy parse(std::string_view json_text);
  // The embedded src/tagger/data/taxonomy.json, parsed once (thread-safe).
  static const Taxonomy& builtin();

  const std::vector<Category>& categories() const { return categories_; }
  // Where the definitions come from (the team's labeling rules) and the
  // decision rules every labeler, the seed and dev sets and the cue rules follow.
  const std::string& definitions_source() const { return definitions_source_; }
  const std::vector<std::string>& decision_rules() const { return decision_rules_; }
  std::vector<std::string> keys() const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  const Category* find(std::string_view key) const;  // nullptr when unknown
  // Throws Error(invalid_input) listing the valid keys when `key` is unknown.
  const Category& require(std::string_view key) const;
  // Checks sub-fields (a JSON object) against the category: unknown keys or
  // values outside a closed list throw Error(invalid_input). Returns it dumped.
  std::string validate_subfields(std::string_view category, const nlohmann::json& subfields) const;

 private:
  std::vector<Category> categories_;
  std::string definitions_source_;
  std::vector<std::string> decision_rules_;
};

void to_json(nlohmann::json& out, const Subfield& subfield);
void to_json(nlohmann::json& out, const Category& category);
void to_json(nlohmann::json& out, const Taxonomy& taxonomy);  // {"categories":[…],"definitions_source","decision_rules":[…]}

}  // namespace grounded::tagger
