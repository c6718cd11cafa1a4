#include "tagger/opinion_lexicon.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/text_features.hpp"

namespace grounded::tagger {
namespace {

using Lexicon = std::unordered_map<std::string, Polarity>;

void add_words(Lexicon& out, const nlohmann::json& words, Polarity polarity) {
  if (!words.is_array()) throw Error(ErrorKind::internal, "opinion_words.json: word lists must be arrays");
  for (const auto& word : words)
    for (auto& stem : phrase_stems(word.get<std::string>())) out.emplace(std::move(stem), polarity);
}

const Lexicon& lexicon() {
  static const Lexicon words = [] {
    auto text = find_embedded_file("src/tagger/data/opinion_words.json");
    if (!text) throw Error(ErrorKind::internal, "opinion_words.json was not embedded");
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) throw Error(ErrorKind::internal, "opinion_words.json is not a JSON object");
    Lexicon out;
    // A stem on both lists keeps the first polarity read: negative.
    add_words(out, json.value("negative", nlohmann::json::array()), Polarity::negative);
    add_words(out, json.value("positive", nlohmann::json::array()), Polarity::positive);
    return out;
  }();
  return words;
}

}  // namespace

Polarity polarity_of(const std::string& stem) {
  const auto& words = lexicon();
  auto it = words.find(stem);
  return it == words.end() ? Polarity::neutral : it->second;
}

}  // namespace grounded::tagger
