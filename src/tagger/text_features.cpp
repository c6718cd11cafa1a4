#include "tagger/text_features.hpp"

#include "text/analyzer.hpp"

namespace grounded::tagger {
namespace {

struct Collect {
  std::vector<Word>* out;
};

int sink(void* context, std::string_view term, std::string_view unstemmed, int start, int end) {
  auto* words = static_cast<Collect*>(context)->out;
  words->push_back(Word{std::string(term), std::string(unstemmed), start, end, 0, 0});
  return 0;
}

}  // namespace

std::vector<Word> analyze_words(std::string_view text) {
  thread_local text::Analyzer analyzer;
  std::vector<Word> words;
  words.reserve(text.size() / 5 + 4);
  Collect collect{&words};
  analyzer.run(text, true, sink, &collect);
  // Clause and sentence numbers from the punctuation between words: cheaper
  // than a second ICU pass and good enough for "not" / "if" scoping.
  int clause = 0, sentence = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      bool new_clause = false, new_sentence = false;
      for (int p = words[i - 1].end; p < words[i].start; ++p) {
        char c = text[static_cast<std::size_t>(p)];
        if (c == '.' || c == '!' || c == '?' || c == '\n') new_sentence = new_clause = true;
        if (c == ',' || c == ';' || c == ':' || c == '-' || c == '(' || c == ')') new_clause = true;
      }
      clause += new_clause;
      sentence += new_sentence;
    }
    words[i].clause = clause;
    words[i].sentence = sentence;
  }
  return words;
}

std::vector<std::string> phrase_stems(std::string_view phrase) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  // Split at '*' so the wildcard survives the analyzer, which drops symbols.
  while (pos <= phrase.size()) {
    std::size_t star = phrase.find('*', pos);
    std::string_view part = phrase.substr(pos, star == std::string_view::npos ? std::string_view::npos : star - pos);
    for (auto& w : analyze_words(part)) out.push_back(std::move(w.stem));
    if (star == std::string_view::npos) break;
    out.emplace_back("*");
    pos = star + 1;
  }
  return out;
}

}  // namespace grounded::tagger
