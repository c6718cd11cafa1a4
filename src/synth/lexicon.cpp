#include "synth/lexicon.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace grounded::synth {
namespace {

bool read_whole(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// Calls `line` for every line of `text` that is not part of the licence
// header (those start with two spaces).
template <typename F>
void each_line(std::string_view text, F&& line) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(begin, end - begin);
    if (!l.empty() && l[0] != ' ') line(l);
    begin = end + 1;
  }
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::uint32_t number(std::string_view text) {
  std::uint32_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}

std::uint16_t small(std::string_view text) {
  std::uint32_t n = number(text);
  return static_cast<std::uint16_t>(n > 65535 ? 65535 : n);
}

// One index.<pos> line: lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt
// tagsense_cnt synset_offset…
void read_index_line(std::string_view line, char pos, std::unordered_map<std::string, Lexicon::Entry>& words) {
  auto f = fields(line);
  if (f.size() < 6) return;
  std::size_t pointers = number(f[3]);
  std::size_t at = 4 + pointers;
  if (at + 2 > f.size()) return;
  std::uint16_t senses = small(f[at]);
  std::uint16_t tagged = small(f[at + 1]);
  Lexicon::Entry& e = words[std::string(f[0])];
  switch (pos) {
    case 'n':
      e.noun_senses = senses;
      e.noun_tagged = tagged;
      for (std::size_t k = 0; k < 3 && at + 2 + k < f.size(); ++k) e.noun_synsets[k] = number(f[at + 2 + k]);
      break;
    case 'v':
      e.verb_senses = senses;
      e.verb_tagged = tagged;
      break;
    case 'a': e.adj_senses = senses; break;
    default: e.adv_senses = senses; break;
  }
}

void read_exceptions(std::string_view text, std::unordered_map<std::string, std::string>& out) {
  each_line(text, [&](std::string_view line) {
    auto f = fields(line);
    if (f.size() >= 2) out.emplace(std::string(f[0]), std::string(f[1]));
  });
}

bool ends_with(std::string_view word, std::string_view suffix) {
  return word.size() > suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

}  // namespace

Lexicon Lexicon::load(const std::string& dir) {
  Lexicon lexicon;
  const char* parts[] = {"index.noun", "index.verb", "index.adj", "index.adv", "noun.exc", "verb.exc", "data.noun"};
  std::string text[7];
  for (int i = 0; i < 7; ++i) {
    if (!read_whole(dir + "/" + parts[i], text[i])) {
      lexicon.status_ = "WordNet not found (" + dir + "/" + parts[i] +
                        " is missing): install Debian's wordnet-base or set GROUNDED_WORDNET_DIR; themes are "
                        "grouped without part-of-speech hints or synonyms until then";
      return lexicon;
    }
  }
  lexicon.words_.reserve(160000);
  const char pos[] = {'n', 'v', 'a', 'r'};
  for (int i = 0; i < 4; ++i) each_line(text[i], [&](std::string_view line) { read_index_line(line, pos[i], lexicon.words_); });
  read_exceptions(text[4], lexicon.noun_exceptions_);
  read_exceptions(text[5], lexicon.verb_exceptions_);
  lexicon.data_noun_ = std::move(text[6]);
  lexicon.available_ = !lexicon.words_.empty();
  lexicon.status_ = lexicon.available_ ? "WordNet 3.0 from " + dir : "WordNet files in " + dir + " are empty";
  return lexicon;
}

const Lexicon& Lexicon::system() {
  static const Lexicon lexicon = [] {
    const char* dir = std::getenv("GROUNDED_WORDNET_DIR");
    return load(dir && *dir ? dir : "/usr/share/wordnet");
  }();
  return lexicon;
}

const Lexicon::Entry* Lexicon::find(std::string_view word) const {
  auto it = words_.find(std::string(word));
  return it == words_.end() ? nullptr : &it->second;
}

std::string Lexicon::noun_lemma(std::string_view word) const {
  if (const Entry* e = find(word); e && e->noun_senses) return std::string(word);
  auto irregular = noun_exceptions_.find(std::string(word));
  if (irregular != noun_exceptions_.end()) return irregular->second;
  // WordNet's "morphy" detachment rules for nouns.
  static const std::pair<std::string_view, std::string_view> rules[] = {
      {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}, {"s", ""}};
  for (const auto& [suffix, replacement] : rules) {
    if (!ends_with(word, suffix)) continue;
    std::string base = std::string(word.substr(0, word.size() - suffix.size())) + std::string(replacement);
    if (const Entry* e = find(base); e && e->noun_senses) return base;
  }
  return "";
}

std::string Lexicon::verb_lemma(std::string_view word) const {
  if (const Entry* e = find(word); e && e->verb_senses) return std::string(word);
  auto irregular = verb_exceptions_.find(std::string(word));
  if (irregular != verb_exceptions_.end()) {
    const Entry* e = find(irregular->second);
    return e ? irregular->second : "";
  }
  static const std::pair<std::string_view, std::string_view> rules[] = {
      {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}, {"s", ""}};
  for (const auto& [suffix, replacement] : rules) {
    if (!ends_with(word, suffix)) continue;
    std::string base = std::string(word.substr(0, word.size() - suffix.size())) + std::string(replacement);
    if (const Entry* e = find(base); e && e->verb_senses) return base;
  }
  // Doubled consonants: "stopped", "planning".
  for (std::string_view suffix : {"ed", "ing"}) {
    if (!ends_with(word, suffix) || word.size() < suffix.size() + 3) continue;
    std::string_view stem = word.substr(0, word.size() - suffix.size());
    if (stem[stem.size() - 1] != stem[stem.size() - 2]) continue;
    std::string base(stem.substr(0, stem.size() - 1));
    if (const Entry* e = find(base); e && e->verb_senses) return base;
  }
  return "";
}

const Lexicon::Entry* Lexicon::verb_base(std::string_view word) const {
  std::string lemma = verb_lemma(word);
  return lemma.empty() ? nullptr : find(lemma);
}

bool Lexicon::verb_only(std::string_view word) const {
  if (!noun_lemma(word).empty()) return false;
  if (const Entry* e = find(word)) {
    if (e->adj_senses || e->adv_senses) return false;
    if (e->verb_senses) return true;
  }
  if (verb_exceptions_.count(std::string(word))) return true;
  static const std::pair<std::string_view, std::string_view> rules[] = {
      {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}, {"s", ""}};
  for (const auto& [suffix, replacement] : rules) {
    if (!ends_with(word, suffix)) continue;
    std::string base = std::string(word.substr(0, word.size() - suffix.size())) + std::string(replacement);
    if (const Entry* e = find(base); e && e->verb_senses && !e->noun_senses) return true;
  }
  return false;
}

std::vector<std::uint32_t> Lexicon::noun_synonym_sets(std::string_view lemma) const {
  std::vector<std::uint32_t> out;
  const Entry* e = find(lemma);
  if (!e || !e->noun_senses) return out;
  for (std::uint32_t s : e->noun_synsets)
    if (s) out.push_back(s);
  return out;
}

std::uint32_t Lexicon::broader_set(std::string_view lemma) const {
  const Entry* e = find(lemma);
  if (e && e->noun_senses == 1 && e->noun_synsets[0] < data_noun_.size()) {
    // data.noun line at the offset: … p_cnt then "@ OFFSET n 0000" pointers.
    std::size_t start = e->noun_synsets[0];
    std::size_t end = data_noun_.find('\n', start);
    std::string_view line(data_noun_.data() + start, (end == std::string::npos ? data_noun_.size() : end) - start);
    std::size_t hyper = line.find(" @ ");
    if (hyper != std::string_view::npos) {
      auto rest = fields(line.substr(hyper + 3, 24));
      if (!rest.empty()) {
        return number(rest[0]);
      }
    }
  }
  return 0;
}

}  // namespace grounded::synth
