#include "tagger/keyword_baseline.hpp"

#include <nlohmann/json.hpp>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {
namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || (static_cast<unsigned char>(c) >= 0x80);
}

bool contains_word(const std::string& text, const std::string& phrase) {
  std::size_t pos = 0;
  while ((pos = text.find(phrase, pos)) != std::string::npos) {
    bool left = pos == 0 || !word_char(text[pos - 1]);
    std::size_t end = pos + phrase.size();
    bool right = end >= text.size() || !word_char(text[end]);
    if (left && right) return true;
    ++pos;
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

}  // namespace

KeywordBaseline KeywordBaseline::parse(std::string_view json_text) {
  KeywordBaseline baseline;
  const Taxonomy& taxonomy = Taxonomy::builtin();
  try {
    auto doc = nlohmann::json::parse(json_text);
    const auto& cats = doc.at("categories");
    for (const auto& key : taxonomy.keys()) {
      if (!cats.contains(key)) continue;
      std::vector<std::string> phrases;
      for (const auto& p : cats.at(key)) phrases.push_back(lower(p.get<std::string>()));
      baseline.phrases_.emplace_back(key, std::move(phrases));
    }
    for (const auto& [key, value] : cats.items())
      if (!taxonomy.has(key)) throw invalid_input("keyword baseline: unknown category '" + key + "'");
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("keyword baseline: ") + e.what());
  }
  return baseline;
}

const KeywordBaseline& KeywordBaseline::builtin() {
  static const KeywordBaseline baseline = [] {
    auto text = find_embedded_file("src/tagger/data/keyword_baseline.json");
    if (!text) throw Error(ErrorKind::internal, "keyword_baseline.json was not embedded");
    return parse(*text);
  }();
  return baseline;
}

std::vector<std::string> KeywordBaseline::predict(std::string_view text) const {
  std::string folded = lower(text);
  for (char& c : folded)
    if (c == '\xE2') c = ' ';  // crude: typographic quotes/dashes start with 0xE2; never inside ASCII words
  std::vector<std::string> out;
  for (const auto& [category, phrases] : phrases_)
    for (const auto& p : phrases)
      if (contains_word(folded, p)) {
        out.push_back(category);
        break;
      }
  return out;
}

}  // namespace grounded::tagger
