// The method's validation checklist and anti-pattern warnings for a persona.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "synth/persona_view.hpp"

namespace grounded::synth {

struct ChecklistOptions {
  double min_cited_share = 0.8;      // "based on real data"
  std::int64_t min_participants = 3; // "quantitatively sized"
  double max_theme_overlap = 0.5;    // "differentiated": share of cited themes shared with another persona
  int max_personas = 7;              // 8 or more personas is an anti-pattern
  EvidenceOptions evidence;
};

struct ChecklistItem {
  std::string key;     // real_data | sized | differentiated | actionable | prioritized | verified | <signoff step>
  std::string title;
  std::string status;  // pass | fail | pending (a human step not yet signed off)
  std::string detail;  // why, in words
  std::string who;     // sign-off steps: who signed and when
  std::string at;
};

struct Warning {
  std::string key;  // opinion_based | too_many_personas | demographic_only | no_priority | priority_overridden | messaging_ignores_pain | static_persona
  std::string message;
};

struct Checklist {
  Id persona_id = 0;
  std::vector<ChecklistItem> items;
  std::vector<Warning> warnings;
  int passed = 0;
  int total = 0;
};
void to_json(nlohmann::json& out, const ChecklistItem& item);
void to_json(nlohmann::json& out, const Warning& warning);
void to_json(nlohmann::json& out, const Checklist& checklist);

Checklist persona_checklist(store::Database& db, Id persona_id, const ChecklistOptions& options = {});
// The same from an already loaded view (the other personas are read from db).
Checklist persona_checklist(store::Database& db, const PersonaView& view, const ChecklistOptions& options = {});

}  // namespace grounded::synth
