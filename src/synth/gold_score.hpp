// Scoring a drafted persona against a gold persona a researcher wrote: the
// themes they would list, each in its template section, with the excerpts
// that back it (tests/fixtures/synth/gold_personas.json). The measures of
// issue 11: theme recall, citation precision, section accuracy and the share
// of main-body attributes that two or more participants say.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "synth/persona_view.hpp"

namespace grounded::synth {

struct GoldTheme {
  std::string key;
  std::string section;
  std::string claim;
  std::vector<Id> excerpts;  // sorted
};

// The themes of one gold persona (an element of "personas"), each evidence
// pair [source origin, quote] resolved to the one customer excerpt of that
// source containing the quote. Error(invalid_input) naming the theme and
// quote when it matches no excerpt or more than one.
std::vector<GoldTheme> resolve_gold_themes(store::Database& db, const nlohmann::json& gold_persona);

struct GoldScore {
  // A drafted evidence attribute in a section the gold covers "matches" the
  // gold theme that holds at least half of its cited excerpts (the most of
  // them; on a tie, a theme of the attribute's section, then the theme whose
  // claim shares more stemmed words with the attribute's text).
  std::int64_t gold_themes = 0, themes_found = 0;       // recall: gold themes some attribute matches
  std::int64_t citations = 0, citations_in_theme = 0;   // precision: cited excerpts in the matched theme
  std::int64_t matched = 0, matched_in_section = 0;     // section accuracy of matched attributes
  std::int64_t main_body = 0, main_body_multi = 0;      // main-body attributes with ≥ 2 participants
  std::int64_t scored_attributes = 0;
  double theme_recall() const { return gold_themes ? double(themes_found) / double(gold_themes) : 0; }
  double citation_precision() const { return citations ? double(citations_in_theme) / double(citations) : 0; }
  double section_accuracy() const { return matched ? double(matched_in_section) / double(matched) : 0; }
  double multi_participant_share() const { return main_body ? double(main_body_multi) / double(main_body) : 0; }
  nlohmann::json attributes = nlohmann::json::array();  // per attribute: section, text, matched theme, hits
  std::vector<std::string> missed;                       // gold theme keys nothing matched
};
void to_json(nlohmann::json& out, const GoldScore& score);

GoldScore score_against_gold(const PersonaView& view, const std::vector<GoldTheme>& gold);

}  // namespace grounded::synth
