#include "tagger/text_features.hpp"

#include <unordered_map>

#include "core/embedded_files.hpp"
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

// The stem the analyzer gives one word (cached: the repaired contractions
// below are a handful of words).
const std::string& stem_of(const std::string& word) {
  thread_local std::unordered_map<std::string, std::string> cache;
  auto it = cache.find(word);
  if (it != cache.end()) return it->second;
  thread_local text::Analyzer analyzer;
  std::vector<Word> words;
  Collect collect{&words};
  analyzer.run(word, true, sink, &collect);
  return cache.emplace(word, words.size() == 1 ? words[0].stem : word).first->second;
}

// Contractions as people type them on phones ("dont", "cant") or as a lossy
// export leaves them, with the apostrophe turned into spaces ("can  t",
// "it  s"). Read as the real contraction, so negation scoping and the model
// see one word whichever way it was typed.
const std::unordered_map<std::string_view, std::string_view>& bare_contractions() {
  static const std::unordered_map<std::string_view, std::string_view> map = {
      {"dont", "don't"},     {"cant", "can't"},       {"doesnt", "doesn't"}, {"didnt", "didn't"},
      {"isnt", "isn't"},     {"wasnt", "wasn't"},     {"wont", "won't"},     {"wouldnt", "wouldn't"},
      {"couldnt", "couldn't"}, {"shouldnt", "shouldn't"}, {"havent", "haven't"}, {"hasnt", "hasn't"},
      {"arent", "aren't"},   {"werent", "weren't"},   {"aint", "ain't"},     {"im", "i'm"},
      {"ive", "i've"},       {"youre", "you're"},     {"theyre", "they're"}, {"thats", "that's"}};
  return map;
}

bool contraction_pair(std::string_view head, std::string_view tail) {
  static const std::unordered_map<std::string_view, std::string_view> heads = {
      {"t", "can don doesn didn isn wasn won wouldn couldn shouldn haven hasn aren weren ain"},
      {"s", "it that there what here let he she who"},
      {"m", "i"},
      {"re", "you we they"},
      {"ve", "i you we they"},
      {"ll", "i you we they it"},
      {"d", "i you we they"}};
  auto it = heads.find(tail);
  if (it == heads.end()) return false;
  std::string_view list = it->second;
  for (std::size_t pos = 0; pos < list.size();) {
    std::size_t space = list.find(' ', pos);
    if (space == std::string_view::npos) space = list.size();
    if (list.substr(pos, space - pos) == head) return true;
    pos = space + 1;
  }
  return false;
}

void repair_contractions(std::string_view text, std::vector<Word>& words) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    Word w = std::move(words[i]);
    if (i + 1 < words.size() && contraction_pair(w.folded, words[i + 1].folded)) {
      std::string_view gap = text.substr(static_cast<std::size_t>(w.end),
                                         static_cast<std::size_t>(words[i + 1].start - w.end));
      if (!gap.empty() && gap.size() <= 3 && gap.find_first_not_of(' ') == std::string_view::npos) {
        w.folded += "'" + words[i + 1].folded;
        w.stem = stem_of(w.folded);
        w.end = words[i + 1].end;
        ++i;
      }
    } else if (auto it = bare_contractions().find(w.folded); it != bare_contractions().end()) {
      w.folded = std::string(it->second);
      w.stem = stem_of(w.folded);
    }
    words[out++] = std::move(w);
  }
  words.resize(out);
}

// British (and other) spellings read as the American form the tagger stems
// instead (src/tagger/data/spelling_variants.tsv), so "organised" and
// "organized", "colour" and "color" are one feature.
const std::unordered_map<std::string, std::string>& spelling_variants() {
  static const std::unordered_map<std::string, std::string> map = [] {
    std::unordered_map<std::string, std::string> out;
    auto text = find_embedded_file("src/tagger/data/spelling_variants.tsv");
    if (!text) return out;
    std::string_view rest = *text;
    while (!rest.empty()) {
      std::size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      std::size_t tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab == std::string_view::npos) continue;
      out.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    return out;
  }();
  return map;
}

void normalise_spelling(std::vector<Word>& words) {
  const auto& variants = spelling_variants();
  for (auto& w : words)
    if (auto it = variants.find(w.folded); it != variants.end()) w.stem = stem_of(it->second);
}

}  // namespace

std::vector<Word> analyze_words(std::string_view text) {
  thread_local text::Analyzer analyzer;
  std::vector<Word> words;
  words.reserve(text.size() / 5 + 4);
  Collect collect{&words};
  analyzer.run(text, true, sink, &collect);
  repair_contractions(text, words);
  normalise_spelling(words);
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
