#include "synth/gold_score.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "text/analyzer.hpp"

namespace grounded::synth {
namespace {

Id resolve_quote(store::Statement& q, const std::string& theme, const std::string& origin, const std::string& quote) {
  q.reset();
  q.bind(1, origin).bind(2, quote);
  std::vector<Id> found;
  while (q.step()) found.push_back(q.int64(0));
  if (found.size() != 1)
    throw invalid_input("gold theme '" + theme + "': the quote \"" + quote + "\" matches " +
                        std::to_string(found.size()) + " customer excerpts of " + origin + " (needs exactly 1)");
  return found.front();
}

bool is_theme_section(const std::string& section) { return section != "quote" && !section.starts_with("messaging."); }

// The stemmed words of `text` of four or more letters ("reviewed" → "review"):
// what an attribute and a gold claim have in common beyond small words.
std::set<std::string> content_stems(text::Analyzer& analyzer, const std::string& text) {
  std::set<std::string> out;
  analyzer.run(text, true, [](void* context, std::string_view term, std::string_view unstemmed, int, int) {
    if (unstemmed.size() >= 4) static_cast<std::set<std::string>*>(context)->emplace(term);
    return 0;
  }, &out);
  return out;
}

std::size_t shared_words(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::size_t n = 0;
  for (const std::string& w : a) n += b.count(w);
  return n;
}

}  // namespace

std::vector<GoldTheme> resolve_gold_themes(store::Database& db, const nlohmann::json& gold_persona) {
  store::Statement q = db.prepare(
      "SELECT e.id FROM excerpts e JOIN sources s ON s.id = e.source_id"
      " WHERE s.origin = ?1 AND instr(e.text, ?2) > 0 AND e.speaker_role NOT IN ('interviewer', 'agent')");
  std::vector<GoldTheme> out;
  try {
    for (const auto& t : gold_persona.at("themes")) {
      GoldTheme theme{t.at("key").get<std::string>(), t.at("section").get<std::string>(), t.value("claim", ""), {}};
      for (const auto& e : t.at("evidence"))
        theme.excerpts.push_back(resolve_quote(q, theme.key, e.at(0).get<std::string>(), e.at(1).get<std::string>()));
      std::sort(theme.excerpts.begin(), theme.excerpts.end());
      out.push_back(std::move(theme));
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("gold persona is malformed: ") + e.what());
  }
  return out;
}

void to_json(nlohmann::json& out, const GoldScore& s) {
  out = {{"theme_recall", s.theme_recall()},
         {"citation_precision", s.citation_precision()},
         {"section_accuracy", s.section_accuracy()},
         {"multi_participant_share", s.multi_participant_share()},
         {"gold_themes", s.gold_themes},
         {"themes_found", s.themes_found},
         {"citations", s.citations},
         {"citations_in_theme", s.citations_in_theme},
         {"matched_attributes", s.matched},
         {"matched_in_section", s.matched_in_section},
         {"main_body_attributes", s.main_body},
         {"main_body_multi_participant", s.main_body_multi},
         {"scored_attributes", s.scored_attributes},
         {"missed_themes", s.missed},
         {"attributes", s.attributes}};
}

GoldScore score_against_gold(const PersonaView& view, const std::vector<GoldTheme>& gold) {
  GoldScore score;
  score.gold_themes = static_cast<std::int64_t>(gold.size());
  std::set<std::string> gold_sections, found;
  for (const GoldTheme& t : gold) gold_sections.insert(t.section);
  text::Analyzer analyzer;
  for (const AttributeView& a : view.attributes) {
    const Attribute& attribute = a.stored.attribute;
    if (a.stored.basis != "evidence" || attribute.origin != AttributeOrigin::drafted) continue;
    if (!is_theme_section(attribute.section) || !gold_sections.count(attribute.section)) continue;
    ++score.scored_attributes;
    std::vector<Id> cited;
    for (const CitationView& c : a.citations) cited.push_back(c.excerpt.id);
    std::sort(cited.begin(), cited.end());
    const GoldTheme* best = nullptr;
    std::int64_t best_hits = 0;
    std::set<std::string> words = content_stems(analyzer, attribute.text);
    for (const GoldTheme& t : gold) {
      std::vector<Id> common;
      std::set_intersection(cited.begin(), cited.end(), t.excerpts.begin(), t.excerpts.end(), std::back_inserter(common));
      auto hits = static_cast<std::int64_t>(common.size());
      // Ties (an excerpt the gold lists under two themes) go to the theme of
      // the attribute's own section, then to the one whose claim shares more
      // words with the attribute (what the attribute says it is about), then
      // to the first.
      bool better = hits > best_hits;
      if (!better && hits == best_hits && hits > 0) {
        bool own = t.section == attribute.section, best_own = best->section == attribute.section;
        better = own != best_own ? own
                                 : shared_words(words, content_stems(analyzer, t.claim)) >
                                       shared_words(words, content_stems(analyzer, best->claim));
      }
      if (better) {
        best = &t;
        best_hits = hits;
      }
    }
    auto total = static_cast<std::int64_t>(cited.size());
    bool matched = best && best_hits * 2 >= total;
    score.citations += total;
    if (matched) {
      score.citations_in_theme += best_hits;
      ++score.matched;
      if (best->section == attribute.section) ++score.matched_in_section;
      found.insert(best->key);
    }
    bool main_body = a.tier != "also_mentioned";
    if (main_body) {
      ++score.main_body;
      if (a.evidence.participants >= 2) ++score.main_body_multi;
    }
    score.attributes.push_back({{"section", attribute.section},
                                {"text", attribute.text},
                                {"main_body", main_body},
                                {"participants", a.evidence.participants},
                                {"citations", total},
                                {"theme", matched ? best->key : ""},
                                {"theme_section", matched ? best->section : ""},
                                {"in_theme", matched ? best_hits : 0}});
  }
  score.themes_found = static_cast<std::int64_t>(found.size());
  for (const GoldTheme& t : gold)
    if (!found.count(t.key)) score.missed.push_back(t.key);
  return score;
}

}  // namespace grounded::synth
