#include "tagger/question_intent.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/text_features.hpp"

namespace grounded::tagger {
namespace {

bool phrase_at(const std::vector<Word>& words, std::size_t i, const std::vector<std::string>& stems) {
  if (i + stems.size() > words.size()) return false;
  for (std::size_t k = 0; k < stems.size(); ++k)
    if (stems[k] != "*" && stems[k] != words[i + k].stem) return false;
  return true;
}

}  // namespace

std::string asking_part(std::string_view turn) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < turn.size(); ++i) {
    char c = turn[i];
    if (c == '?') {
      if (!out.empty()) out += ' ';
      out.append(turn.substr(start, i + 1 - start));
    }
    if (c == '.' || c == '!' || c == '?' || c == '\n') start = i + 1;
  }
  return out.empty() ? std::string(turn) : out;
}

std::shared_ptr<const QuestionIntents> QuestionIntents::parse(std::string_view json_text) {
  auto out = std::make_shared<QuestionIntents>();
  const Taxonomy& taxonomy = Taxonomy::builtin();
  try {
    auto doc = nlohmann::json::parse(json_text);
    for (const auto& i : doc.at("intents")) {
      QuestionIntent intent;
      intent.name = i.at("name").get<std::string>();
      for (const auto& [category, weight] : i.at("evidence").items()) {
        if (!taxonomy.has(category))
          throw invalid_input("question intent '" + intent.name + "': unknown category '" + category + "'");
        intent.evidence.emplace_back(category, weight.get<double>());
      }
      for (const auto& p : i.at("phrases")) {
        auto stems = phrase_stems(p.get<std::string>());
        if (stems.empty() || stems[0] == "*") continue;
        intent.phrases.push_back(std::move(stems));
        intent.phrase_texts.push_back(p.get<std::string>());
      }
      if (intent.phrases.empty()) throw invalid_input("question intent '" + intent.name + "': no usable phrases");
      out->intents_.push_back(std::move(intent));
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("question intents: ") + e.what());
  }
  return out;
}

std::shared_ptr<const QuestionIntents> QuestionIntents::builtin() {
  static const std::shared_ptr<const QuestionIntents> intents = [] {
    auto text = find_embedded_file("src/tagger/data/question_intents.json");
    if (!text) throw Error(ErrorKind::internal, "question_intents.json was not embedded");
    return parse(*text);
  }();
  return intents;
}

std::vector<IntentMatch> QuestionIntents::classify(std::string_view question) const {
  std::vector<IntentMatch> out;
  if (question.empty()) return out;
  const std::vector<Word> words = analyze_words(asking_part(question));
  for (const auto& intent : intents_) {
    bool found = false;
    for (std::size_t p = 0; p < intent.phrases.size() && !found; ++p)
      for (std::size_t i = 0; i < words.size() && !found; ++i)
        if (phrase_at(words, i, intent.phrases[p])) {
          out.push_back({&intent, intent.phrase_texts[p]});
          found = true;
        }
  }
  return out;
}

std::vector<std::pair<std::string, double>> QuestionIntents::evidence(const std::vector<IntentMatch>& matches) const {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& match : matches)
    for (const auto& [category, weight] : match.intent->evidence) {
      auto it = std::find_if(out.begin(), out.end(), [&wanted = category](const auto& e) { return e.first == wanted; });
      if (it == out.end()) out.emplace_back(category, weight);
      else it->second = std::max(it->second, weight);
    }
  return out;
}

}  // namespace grounded::tagger
