#include "tagger/cue_rules.hpp"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/regex_text.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {

struct CueRules::Impl {
  struct Phrase {
    std::size_t rule;
    std::vector<std::string> stems;
  };
  struct Pattern {
    std::size_t rule;
    std::unique_ptr<icu::RegexPattern> regex;
    std::vector<std::string> requires_words;  // lower-case
  };
  std::unordered_map<std::string, std::vector<Phrase>> by_first_stem;
  std::vector<Pattern> patterns;
  std::set<std::string, std::less<>> negators;
  std::set<std::string, std::less<>> hypothetical_markers;
  std::set<std::string, std::less<>> filler_words;
  std::vector<std::vector<std::string>> filler_phrases;  // folded words
  std::uint64_t generation = 0;  // keys the per-thread matcher cache
};

namespace {

std::atomic<std::uint64_t> next_generation{1};

bool is_negator(const std::set<std::string, std::less<>>& negators, std::string_view w) {
  if (negators.count(w)) return true;
  return w.size() > 3 && w.substr(w.size() - 3) == "n't";
}

// "  Dislikes: " → "dislikes": how a section label is compared.
std::string fold_label(std::string_view label) {
  std::string out(trim_section_label(label));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Per-thread RegexMatchers: a matcher is not thread-safe and costly to make.
struct MatcherCache {
  std::uint64_t generation = 0;
  std::vector<std::unique_ptr<icu::RegexMatcher>> matchers;
};

}  // namespace

CueRules::~CueRules() = default;

std::string_view trim_section_label(std::string_view label) {
  auto blank = [](char c) { return c == ' ' || c == ':' || c == '\n' || c == '\r' || c == '\t'; };
  while (!label.empty() && blank(label.back())) label.remove_suffix(1);
  while (!label.empty() && blank(label.front())) label.remove_prefix(1);
  return label;
}

const SectionContext* CueRules::section_for(std::string_view label) const {
  if (sections_.empty() || label.size() > 80) return nullptr;
  const std::string folded = fold_label(label);
  for (const auto& section : sections_)
    if (std::find(section.labels.begin(), section.labels.end(), folded) != section.labels.end()) return &section;
  return nullptr;
}

bool CueRules::negates(std::string_view folded_word) const { return is_negator(impl_->negators, folded_word); }

std::vector<bool> CueRules::fillers(const std::vector<Word>& words) const {
  std::vector<bool> out(words.size(), false);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (impl_->filler_words.count(words[i].folded)) out[i] = true;
    else if (i > 0 && words[i].folded == words[i - 1].folded && words[i].sentence == words[i - 1].sentence) out[i] = true;
    if (i > 0 && words[i].clause == words[i - 1].clause) continue;
    for (const auto& phrase : impl_->filler_phrases) {  // a phrase opening a clause
      if (i + phrase.size() > words.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < phrase.size() && same; ++k) same = words[i + k].folded == phrase[k];
      if (same)
        for (std::size_t k = 0; k < phrase.size(); ++k) out[i + k] = true;
    }
  }
  return out;
}

std::shared_ptr<const CueRules> CueRules::parse(std::string_view json_text) {
  std::shared_ptr<CueRules> out(new CueRules());
  out->impl_ = std::make_unique<Impl>();
  out->impl_->generation = next_generation++;
  const Taxonomy& taxonomy = Taxonomy::builtin();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
    out->context_weight_ = doc.value("context_weight", 1.5);
    for (const auto& section : doc.value("section_context", nlohmann::json::array())) {
      SectionContext context;
      for (const auto& label : section.at("labels")) context.labels.push_back(fold_label(label.get<std::string>()));
      for (const auto& [category, weight] : section.at("evidence").items()) {
        if (!taxonomy.has(category)) throw invalid_input("cue rules: section_context names unknown category '" + category + "'");
        context.evidence.emplace_back(category, weight.get<double>());
      }
      out->sections_.push_back(std::move(context));
    }
    for (const auto& w : doc.value("negators", std::vector<std::string>{})) out->impl_->negators.insert(w);
    for (const auto& w : doc.value("hypothetical_markers", std::vector<std::string>{}))
      out->impl_->hypothetical_markers.insert(w);
    for (const auto& w : doc.value("fillers", std::vector<std::string>{})) out->impl_->filler_words.insert(w);
    for (const auto& phrase : doc.value("filler_phrases", std::vector<std::string>{})) {
      std::vector<std::string> folded;
      for (auto& w : analyze_words(phrase)) folded.push_back(std::move(w.folded));
      if (!folded.empty()) out->impl_->filler_phrases.push_back(std::move(folded));
    }
    for (const auto& r : doc.at("rules")) {
      CueRule rule;
      rule.name = r.at("name").get<std::string>();
      rule.category = r.at("category").get<std::string>();
      if (!taxonomy.has(rule.category))
        throw invalid_input("cue rule '" + rule.name + "': unknown category '" + rule.category + "'");
      rule.subfields = r.value("subfields", nlohmann::json::object());
      rule.weight = r.value("weight", 2.0);
      rule.negatable = r.value("negatable", true);
      rule.jtbd = r.value("jtbd", false);
      std::string mode = r.value("hypothetical", "any");
      rule.hypothetical = mode == "never" ? HypotheticalMode::never
                          : mode == "only" ? HypotheticalMode::only
                                           : HypotheticalMode::any;
      rule.phrases = r.value("phrases", std::vector<std::string>{});
      for (const auto& p : r.value("patterns", nlohmann::json::array())) {
        if (p.is_string()) {
          rule.patterns.push_back(p.get<std::string>());
          rule.pattern_requires.emplace_back();
        } else {
          rule.patterns.push_back(p.at("regex").get<std::string>());
          rule.pattern_requires.push_back(p.value("requires", std::vector<std::string>{}));
        }
      }
      out->rules_.push_back(std::move(rule));
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("cue rules: ") + e.what());
  }
  for (std::size_t i = 0; i < out->rules_.size(); ++i) {
    const CueRule& rule = out->rules_[i];
    for (const auto& phrase : rule.phrases) {
      auto stems = phrase_stems(phrase);
      if (stems.empty() || stems[0] == "*") continue;
      std::string first = stems[0];
      out->impl_->by_first_stem[first].push_back({i, std::move(stems)});
    }
    for (std::size_t k = 0; k < rule.patterns.size(); ++k) {
      const std::string& pattern = rule.patterns[k];
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse_error;
      std::unique_ptr<icu::RegexPattern> regex(icu::RegexPattern::compile(
          icu::UnicodeString::fromUTF8(pattern), UREGEX_CASE_INSENSITIVE, parse_error, status));
      if (U_FAILURE(status))
        throw invalid_input("cue rule '" + rule.name + "': bad pattern '" + pattern + "': " + u_errorName(status));
      std::vector<std::string> requires_words;
      for (auto w : rule.pattern_requires[k]) {
        for (char& c : w)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        requires_words.push_back(std::move(w));
      }
      out->impl_->patterns.push_back({i, std::move(regex), std::move(requires_words)});
    }
  }
  return out;
}

std::shared_ptr<const CueRules> CueRules::builtin() {
  static const std::shared_ptr<const CueRules> rules = [] {
    auto text = find_embedded_file("src/tagger/data/cue_rules.json");
    if (!text) throw Error(ErrorKind::internal, "cue_rules.json was not embedded");
    return parse(*text);
  }();
  return rules;
}

std::vector<RuleHit> CueRules::match(std::string_view text, const std::vector<Word>& words) const {
  std::vector<RuleHit> raw;
  // Phrases: look up each word's stem, then compare the following stems,
  // reading past speech filler ("we, um, we waste hours" is "we waste hours").
  const std::vector<bool> filler = fillers(words);
  std::vector<std::size_t> said;  // indices of the words that are not filler
  said.reserve(words.size());
  for (std::size_t i = 0; i < words.size(); ++i)
    if (!filler[i]) said.push_back(i);
  for (std::size_t j = 0; j < said.size(); ++j) {
    auto it = impl_->by_first_stem.find(words[said[j]].stem);
    if (it == impl_->by_first_stem.end()) continue;
    for (const auto& phrase : it->second) {
      if (j + phrase.stems.size() > said.size()) continue;
      bool ok = true;
      for (std::size_t k = 1; k < phrase.stems.size() && ok; ++k)
        ok = phrase.stems[k] == "*" || phrase.stems[k] == words[said[j + k]].stem;
      if (ok)
        raw.push_back({&rules_[phrase.rule], words[said[j]].start, words[said[j + phrase.stems.size() - 1]].end});
    }
  }
  // Patterns: ICU regular expressions straight on the UTF-8 text, so match
  // offsets are byte offsets.
  if (!impl_->patterns.empty()) {
    thread_local MatcherCache cache;
    if (cache.generation != impl_->generation) {
      cache.matchers.clear();
      for (const auto& p : impl_->patterns) {
        UErrorCode status = U_ZERO_ERROR;
        cache.matchers.emplace_back(p.regex->matcher(status));
        if (U_FAILURE(status)) throw Error(ErrorKind::internal, "ICU regex matcher unavailable");
      }
      cache.generation = impl_->generation;
    }
    std::string lower(text);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || c == '\''; };
    auto has_word = [&](const std::string& word) {
      for (std::size_t pos = lower.find(word); pos != std::string::npos; pos = lower.find(word, pos + 1)) {
        std::size_t end = pos + word.size();
        if ((pos == 0 || !letter(lower[pos - 1])) && (end >= lower.size() || !letter(lower[end]))) return true;
      }
      return false;
    };
    UErrorCode status = U_ZERO_ERROR;
    const RegexText regex_text(text);
    if (regex_text.ok()) {
      for (std::size_t p = 0; p < impl_->patterns.size(); ++p) {
        const auto& gate = impl_->patterns[p].requires_words;
        if (!gate.empty() && std::none_of(gate.begin(), gate.end(), has_word)) continue;
        icu::RegexMatcher& m = *cache.matchers[p];
        status = U_ZERO_ERROR;
        regex_text.attach(m);
        if (m.find(status) && U_SUCCESS(status)) {
          UErrorCode s2 = U_ZERO_ERROR;
          raw.push_back({&rules_[impl_->patterns[p].rule], static_cast<int>(m.start64(s2)),
                         static_cast<int>(m.end64(s2))});
        }
      }
      for (auto& m : cache.matchers) m->reset(icu::UnicodeString());
    }
  }
  // Negation and hypothetical scope, judged from the words before the hit.
  for (auto& hit : raw) {
    std::size_t first = 0;
    while (first < words.size() && words[first].end <= hit.start) ++first;
    if (first < words.size()) {
      int clause = words[first].clause, sentence = words[first].sentence;
      for (std::size_t back = 1; back <= 3 && back <= first; ++back) {
        const Word& w = words[first - back];
        if (w.clause != clause) break;
        if (is_negator(impl_->negators, w.folded)) hit.negated = true;
      }
      for (std::size_t k = first; k-- > 0;) {
        if (words[k].sentence != sentence) break;
        if (impl_->hypothetical_markers.count(words[k].folded)) hit.hypothetical = true;
      }
    }
    const CueRule& rule = *hit.rule;
    if (hit.negated && rule.negatable) hit.counts = false;
    if (rule.hypothetical == HypotheticalMode::never && hit.hypothetical) hit.counts = false;
    if (rule.hypothetical == HypotheticalMode::only && !hit.hypothetical) hit.counts = false;
  }
  // One hit per rule: the first that counts, else the first.
  std::vector<RuleHit> out;
  for (const auto& hit : raw) {
    auto same = std::find_if(out.begin(), out.end(), [&](const RuleHit& h) { return h.rule == hit.rule; });
    if (same == out.end()) out.push_back(hit);
    else if (!same->counts && hit.counts) *same = hit;
  }
  std::sort(out.begin(), out.end(), [](const RuleHit& a, const RuleHit& b) { return a.start < b.start; });
  return out;
}

}  // namespace grounded::tagger
