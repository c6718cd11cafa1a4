// Persona kinds and their sections, read from the embedded data file
// src/synth/data/persona_templates.json (tunable without code changes).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace grounded::synth {

// How a section's attributes are written. Read from the template's "style";
// an unknown style is an error when the templates load, never a silent
// fallback at draft time.
enum class SectionStyle {
  statement,          // one attribute per theme: name (detail) — representative sentence
  ranked,             // as statement, in order of support (decision criteria)
  job,                // "When …, I want to …, so I can …" from job sub-fields
  quote,              // one representative quote
  value_proposition,  // built from the top goal and pain themes
  cohort_people,      // facts computed from the cohort's participant records
  cohort_accounts,    // facts computed from the cohort's account records
  cohort_stack,       // account stacks, then tool mentions
  manual,             // written by a person, never drafted
};
const char* to_string(SectionStyle style);
// The style named `text`; Error(invalid_input) naming it and the known styles.
SectionStyle parse_section_style(const std::string& text);
// True for the styles computed from cohort records (basis "cohort").
bool is_cohort_style(SectionStyle style);

// One section of a persona template, e.g. "pain_points" of a buyer persona.
struct SectionTemplate {
  std::string key;    // stored in attributes.section, e.g. "buying_behavior.trigger"
  std::string title;  // "Trigger event"
  std::string group;  // heading it sits under in exports, e.g. "Buying behavior"
  std::vector<std::string> categories;  // tag categories that feed it (empty: none)
  nlohmann::json where = nlohmann::json::object();  // sub-field -> value or [values] ("" = absent)
  SectionStyle style = SectionStyle::statement;
  std::string detail;  // sub-field shown in parentheses, e.g. "impact", "root_cause"
  int max = 5;         // most attributes drafted for the section
  int main = 5;        // most attributes in its main body; the rest show under "Also mentioned"
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

// Parses the templates file's text. Error(invalid_input) naming the kind and
// section for a malformed file or an unknown style.
std::vector<PersonaTemplate> parse_persona_templates(const std::string& json_text);

// The template of a kind. Throws Error(internal) when the data file is broken.
const PersonaTemplate& persona_template(PersonaKind kind);
// The section of a kind with this key, or nullptr.
const SectionTemplate* find_section(PersonaKind kind, const std::string& key);
// The human validation steps of the checklist, in order.
const std::vector<SignoffStep>& signoff_steps();

// True when a tag's sub-fields satisfy the section's `where` filter.
bool subfields_match(const SectionTemplate& section, const nlohmann::json& subfields);

}  // namespace grounded::synth
