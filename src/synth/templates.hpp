// Persona kinds and their sections, read from the embedded data file
// src/synth/data/persona_templates.json (tunable without code changes).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace grounded::synth {

// One section of a persona template, e.g. "pain_points" of a buyer persona.
struct SectionTemplate {
  std::string key;    // stored in attributes.section, e.g. "buying_behavior.trigger"
  std::string title;  // "Trigger event"
  std::string group;  // heading it sits under in exports, e.g. "Buying behavior"
  std::vector<std::string> categories;  // tag categories that feed it (empty: none)
  nlohmann::json where = nlohmann::json::object();  // sub-field -> value or [values] ("" = absent)
  std::string style;   // statement | ranked | job | quote | value_proposition | cohort_* | manual
  std::string detail;  // sub-field shown in parentheses, e.g. "impact", "root_cause"
  int max = 5;         // most attributes drafted for the section
  bool demographic = false;  // counts as "demographic" for the demographic-only warning
};

struct PersonaTemplate {
  PersonaKind kind = PersonaKind::buyer;
  std::string title;
  std::vector<SectionTemplate> sections;
};

struct SignoffStep {
  std::string key;
  std::string title;
};

// The template of a kind. Throws Error(internal) when the data file is broken.
const PersonaTemplate& persona_template(PersonaKind kind);
// The section of a kind with this key, or nullptr.
const SectionTemplate* find_section(PersonaKind kind, const std::string& key);
// The human validation steps of the checklist, in order.
const std::vector<SignoffStep>& signoff_steps();

// True when a tag's sub-fields satisfy the section's `where` filter.
bool subfields_match(const SectionTemplate& section, const nlohmann::json& subfields);

}  // namespace grounded::synth
