#include "synth/phrases.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/embedded_files.hpp"
#include "synth/evidence_sentences.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

enum class WordClass { determiner, verb_context, stop, generic };

struct WordLists {
  std::unordered_map<std::string, WordClass> classes;  // generic is kept apart: a generic noun is still a noun
  std::unordered_set<std::string> generic;
  std::unordered_set<std::string> participle_objects;  // words that start a participle's object or clause
  std::unordered_set<std::string> verb_after;          // object pronouns: a verb-first word after one is a verb
  std::unordered_set<std::string> gerund_after;        // prepositions: an -ing verb form after one starts a gerund clause
  std::vector<std::vector<std::string>> fillers;  // each phrase as words
};

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

const WordLists& word_lists() {
  static const WordLists lists = [] {
    WordLists out;
    auto text = find_embedded_file("src/synth/data/phrase_words.txt");
    WordClass current = WordClass::stop;
    std::unordered_set<std::string>* words_only = nullptr;  // sections that list words, not classes
    std::istringstream in{std::string(text ? *text : std::string_view())};
    std::string line;
    while (std::getline(in, line)) {
      line = line.substr(0, line.find('#'));
      if (line.starts_with("[determiner]")) current = WordClass::determiner;
      else if (line.starts_with("[verb_context]")) current = WordClass::verb_context;
      else if (line.starts_with("[stop]")) current = WordClass::stop;
      else if (line.starts_with("[generic]")) current = WordClass::generic;
      else if (line.starts_with("[participle_object]")) words_only = &out.participle_objects;
      else if (line.starts_with("[verb_after]")) words_only = &out.verb_after;
      else if (line.starts_with("[gerund_after]")) words_only = &out.gerund_after;
      else
        for (const std::string& w : words_of(line)) {
          if (words_only) words_only->insert(w);
          else if (current == WordClass::generic) out.generic.insert(w);
          else out.classes.emplace(w, current);
        }
    }
    auto fillers = find_embedded_file("src/synth/data/filler_phrases.txt");
    std::istringstream fin{std::string(fillers ? *fillers : std::string_view())};
    while (std::getline(fin, line)) {
      line = line.substr(0, line.find('#'));
      auto words = words_of(line);
      if (!words.empty()) out.fillers.push_back(std::move(words));
    }
    return out;
  }();
  return lists;
}

const WordClass* word_class(const std::string& folded) {
  const auto& lists = word_lists();
  auto it = lists.classes.find(folded);
  return it == lists.classes.end() ? nullptr : &it->second;
}

// Folded words with curly apostrophes made straight, as the word lists spell them.
std::string straighten(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (i + 2 < folded.size() + 0 && folded.compare(i, 3, "\xE2\x80\x99") == 0) {
      out += '\'';
      i += 2;
    } else {
      out += folded[i];
    }
  }
  return out;
}

struct Word {
  std::string folded;  // case-folded, diacritics removed, apostrophes straight
  std::string stem;
  std::size_t start = 0, end = 0;
};

int collect_word(void* context, std::string_view term, std::string_view unstemmed, int start, int end) {
  auto* words = static_cast<std::vector<Word>*>(context);
  words->push_back({straighten(unstemmed), std::string(term), static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
  return 0;
}

bool all_digits(const std::string& w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; });
}

// Only spaces (or a hyphen joining a compound) between two words keep them in one phrase.
bool joined(std::string_view text, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    if (text[i] != ' ' && text[i] != '-') return false;
  return true;
}

bool is_space_or_quote(std::string_view text, std::size_t i, std::size_t* width) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  *width = 1;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'') return true;
  // “ ” ‘ ’ are E2 80 9C/9D/98/99
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(text[i + 2]);
    if (d == 0x9C || d == 0x9D || d == 0x98 || d == 0x99) {
      *width = 3;
      return true;
    }
  }
  return false;
}

// Part of speech of one word in its place: what the chunker needs to know.
enum class Role { breaker, modifier, noun, verb };

}  // namespace

std::vector<EvidenceSentence> split_sentences(std::string_view excerpt) {
  std::vector<EvidenceSentence> out;
  std::size_t begin = 0;
  auto emit = [&](std::size_t stop) {
    std::string s = text::unquote(excerpt.substr(begin, stop - begin));
    if (!s.empty()) out.push_back({begin, stop, s});
    begin = stop;
  };
  for (std::size_t i = 0; i < excerpt.size(); ++i) {
    char c = excerpt[i];
    if (c == '\n') {
      emit(i + 1);
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    // The sentence ends after the mark and any closing quotes, at a space.
    std::size_t j = i + 1, w = 0;
    while (j < excerpt.size() && (excerpt[j] == '.' || excerpt[j] == '!' || excerpt[j] == '?')) ++j;
    while (j < excerpt.size() && excerpt[j] != ' ' && excerpt[j] != '\n' && is_space_or_quote(excerpt, j, &w)) j += w;
    if (j == excerpt.size() || excerpt[j] == ' ' || excerpt[j] == '\n') {
      emit(j);
      i = j > 0 ? j - 1 : 0;
    }
  }
  if (begin < excerpt.size()) emit(excerpt.size());
  return out;
}

bool is_filler_or_question(std::string_view sentence) {
  std::string s = text::unquote(sentence);
  if (s.empty()) return true;
  if (s.back() == '?') return true;
  // The sentence's words, with filler phrases taken out.
  thread_local text::Analyzer analyzer;
  std::vector<Word> words;
  analyzer.run(s, false, collect_word, &words);
  const auto& lists = word_lists();
  std::vector<bool> filler(words.size(), false);
  for (const auto& phrase : lists.fillers) {
    for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
      bool match = true;
      for (std::size_t k = 0; k < phrase.size() && match; ++k) match = words[i + k].folded == phrase[k];
      if (match)
        for (std::size_t k = 0; k < phrase.size(); ++k) filler[i + k] = true;
    }
  }
  int content = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (filler[i] || all_digits(words[i].folded)) continue;
    if (word_class(words[i].folded)) continue;
    ++content;
  }
  return content < 2;
}

std::vector<EvidenceSentence> evidence_sentences(std::string_view excerpt, std::optional<std::int64_t> span_start,
                                                 std::optional<std::int64_t> span_end) {
  std::vector<EvidenceSentence> all = split_sentences(excerpt);
  std::vector<EvidenceSentence> chosen;
  if (span_start && span_end && *span_start < *span_end) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      const EvidenceSentence& s = all[i];
      if (static_cast<std::int64_t>(s.start) >= *span_end || static_cast<std::int64_t>(s.end) <= *span_start) continue;
      chosen.push_back(s);
      // "Two things, and the first one really broke my trust." says what
      // comes next: the sentence after it is what the tag rests on.
      if (announces(s.text) && i + 1 < all.size() && static_cast<std::int64_t>(all[i + 1].start) >= *span_end)
        chosen.push_back(all[i + 1]);
    }
  }
  if (chosen.empty()) chosen = std::move(all);
  std::erase_if(chosen, [](const EvidenceSentence& s) { return is_filler_or_question(s.text) || !is_evidence_sentence(s.text); });
  return chosen;
}

PhraseFinder::PhraseFinder(const Lexicon& lexicon) : lexicon_(lexicon) {}

namespace {

// Where a word stands, as the chunker reads it.
struct Context {
  const WordClass* previous = nullptr;  // class of the word before, when it has one
  bool in_phrase = false;               // a noun or modifier came just before
  bool previous_plural = false;         // …and it was a plural noun ("invoices slip")
  bool previous_name = false;           // …and it was a name WordNet does not know ("Ledgerline read")
  const std::string* previous_word = nullptr;  // the word before, folded
  bool object_follows = false;          // another word follows in the same clause
};

bool ascii_word(const std::string& w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return (c & 0x80) == 0; });
}

// The part of speech of one word in its place: WordNet's parts of speech,
// settled by position for words that can be both noun and verb.
Role classify(const Word& w, const Context& at, const Lexicon& lexicon) {
  const WordClass* cls = word_class(w.folded);
  if (cls || w.folded.size() < 2 || all_digits(w.folded)) return Role::breaker;
  if (auto apostrophe = w.folded.find('\''); apostrophe != std::string::npos) {
    // "weren't", "they're": never in a phrase; "day's", "Dana's": a possessive modifier.
    if (w.folded.compare(apostrophe, std::string::npos, "'s") != 0) return Role::breaker;
    return word_class(w.folded.substr(0, apostrophe)) ? Role::breaker : Role::modifier;
  }
  bool after_determiner = at.previous && *at.previous == WordClass::determiner;
  bool after_verb_context = at.previous && *at.previous == WordClass::verb_context;
  if (lexicon.verb_only(w.folded)) return Role::verb;
  const Lexicon::Entry* e = lexicon.find(w.folded);
  std::string lemma = lexicon.noun_lemma(w.folded);
  const Lexicon::Entry* n = lemma.empty() ? nullptr : lexicon.find(lemma);
  const Lexicon::Entry* verb = lexicon.verb_base(w.folded);
  if (verb && at.previous_word) {
    const auto& lists = word_lists();
    // "let me set a default": after an object pronoun a word used more as a verb is one.
    if (lists.verb_after.count(*at.previous_word) && verb->verb_tagged >= std::max<int>(1, n ? n->noun_tagged : 0))
      return Role::verb;
    // "without building a spreadsheet": a preposition, an -ing form and its object.
    if (lists.gerund_after.count(*at.previous_word) && w.folded.ends_with("ing") && at.object_follows) return Role::verb;
  }
  if (n) {
    // "we found", "they left": a past tense that is also a noun is a verb
    // unless a determiner makes it a noun; "back", "home": an adverb that is
    // also a noun modifies ("back office") but never heads a phrase alone.
    if (!after_determiner && lexicon.irregular_verb_form(w.folded)) return Role::verb;
    if (!after_determiner && e && e->adv_senses && !at.in_phrase) return Role::modifier;
    if (!verb) return Role::noun;
    int noun_weight = std::max<int>(1, n->noun_tagged);
    if (after_verb_context) return Role::verb;                                    // "we change", "to label"
    if (after_determiner) return Role::noun;                                      // "the change"
    if (at.in_phrase && at.previous_plural) return Role::verb;                    // "invoices slip", "errors cost"
    if (at.in_phrase && at.previous_name && n->noun_tagged == 0 && verb->verb_tagged > 0)
      return Role::verb;  // "Ledgerline read": a word no tagged text uses as a noun
    if (!at.in_phrase && verb->verb_tagged > 2 * noun_weight) return Role::verb;  // "want a", "keeps"
    if (at.in_phrase && w.folded.ends_with("s") && verb->verb_tagged > 3 * noun_weight + 2) return Role::verb;  // "team sees"
    return Role::noun;
  }
  // A verb form WordNet lists only as an adjective or not at all ("paying",
  // "forecasting"): a modifier after a determiner, else a verb.
  if (verb && (w.folded.ends_with("ing") || w.folded.ends_with("ed") || w.folded.ends_with("s")))
    return after_determiner || at.in_phrase ? Role::modifier : Role::verb;
  if (e && (e->adj_senses || e->adv_senses)) return e->adj_senses ? Role::modifier : Role::breaker;
  if (e) return Role::verb;
  // Unknown to WordNet: names, jargon. -ly/-ed words only modify.
  return (w.folded.ends_with("ly") || w.folded.ends_with("ed")) ? Role::modifier : Role::noun;
}

// "an hour finding the one bill", "vendors email asking when …": an -ing
// form of a verb right after a noun and followed by its object or a clause
// (a determiner, pronoun or wh-word) is a participle, not the head of a
// compound ("invoice processing" stays one).
bool starts_participle_clause(std::string_view sentence, const std::vector<Word>& words, std::size_t i, bool after_noun,
                              const Lexicon& lexicon) {
  if (!after_noun || i + 1 >= words.size() || !words[i].folded.ends_with("ing")) return false;
  if (!joined(sentence, words[i].end, words[i + 1].start)) return false;  // "Production scheduling, the …"
  if (!lexicon.verb_base(words[i].folded)) return false;
  const std::string& next = words[i + 1].folded;
  const WordClass* cls = word_class(next);
  if (cls && *cls == WordClass::determiner) return true;
  return word_lists().participle_objects.count(next) > 0;  // "invoice processing is slow" stays a phrase
}

// A capitalised name WordNet does not know, right after a common word and
// followed by a verb ("a webinar Ledgerline did", "the invoices Xero sent"):
// the subject of a clause that begins there.
bool starts_clause_as_subject(std::string_view sentence, const std::vector<Word>& words, std::size_t i,
                              const Lexicon& lexicon) {
  if (!lexicon.available() || i == 0 || i + 1 >= words.size()) return false;
  const Word& w = words[i];
  if (!(sentence[w.start] >= 'A' && sentence[w.start] <= 'Z') || lexicon.find(w.folded) || !lexicon.noun_lemma(w.folded).empty())
    return false;
  const Word& before = words[i - 1];
  if (!(sentence[before.start] >= 'a' && sentence[before.start] <= 'z')) return false;  // "Xero Ledgerline" is one name
  if (!joined(sentence, w.end, words[i + 1].start)) return false;
  const std::string& next = words[i + 1].folded;
  const WordClass* cls = word_class(next);
  if (cls) return *cls == WordClass::verb_context;  // "did", "can", "was"
  return lexicon.verb_only(next) || lexicon.irregular_verb_form(next) ||
         (lexicon.verb_base(next) && lexicon.noun_lemma(next).empty());
}

// Text WordNet does not cover (another language, CJK): most of its words are
// unknown to it. Such text, and all text when WordNet is missing, gets word
// pairs as phrases instead.
bool mostly_unknown(const std::vector<Word>& words, const Lexicon& lexicon) {
  if (!lexicon.available()) return true;  // no parts of speech to chunk by
  int known = 0, unknown = 0;
  for (const Word& w : words) {
    if (word_class(w.folded) || all_digits(w.folded)) continue;
    bool listed = lexicon.find(w.folded) || !lexicon.noun_lemma(w.folded).empty() || lexicon.verb_base(w.folded);
    (listed ? known : unknown) += 1;
  }
  return unknown >= 2 && unknown > known;
}

}  // namespace

NounPhrase PhraseFinder::phrase_of(std::string_view sentence, const std::vector<std::size_t>& run, const void* words_ptr) const {
  const auto& words = *static_cast<const std::vector<Word>*>(words_ptr);
  const auto& lists = word_lists();
  const bool known = lexicon_.available();
  NounPhrase p;
  const Word& head = words[run.back()];
  p.start = words[run.front()].start;
  p.text = std::string(sentence.substr(p.start, head.end - p.start));
  for (std::size_t i : run) {
    p.stems.push_back(words[i].stem);
    p.word_starts.push_back(words[i].start - p.start);
    p.word_ends.push_back(words[i].end - p.start);
    std::string surface(sentence.substr(words[i].start, words[i].end - words[i].start));
    // A common word keeps no sentence-initial capital; names (unknown words) keep theirs.
    bool common = !known || lexicon_.find(words[i].folded) || !lexicon_.noun_lemma(words[i].folded).empty();
    // Acronyms keep their capitals ("CFO", "AP").
    bool acronym = std::count_if(surface.begin(), surface.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) >= 2;
    if (common && !acronym && ascii_word(surface))
      for (char& c : surface)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    p.words.push_back(std::move(surface));
  }
  p.head_lemma = known ? lexicon_.noun_lemma(head.folded) : "";
  if (p.head_lemma.empty()) p.head_lemma = head.folded;
  p.generic_head = lists.generic.count(head.folded) || lists.generic.count(p.head_lemma);
  return p;
}

std::vector<NounPhrase> PhraseFinder::find(std::string_view sentence, std::size_t max_words,
                                           std::vector<std::string>* verb_stems,
                                           std::vector<std::string>* content_stems) {
  std::vector<Word> words;
  analyzer_.run(sentence, true, collect_word, &words);
  std::vector<NounPhrase> out;
  if (mostly_unknown(words, lexicon_)) {
    // Pairs of neighbouring content words, and single words of some length.
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (word_class(words[i].folded) || all_digits(words[i].folded)) continue;
      if (words[i].folded.size() >= 4) out.push_back(phrase_of(sentence, {i}, &words));
      if (i + 1 < words.size() && !word_class(words[i + 1].folded) && !all_digits(words[i + 1].folded) &&
          joined(sentence, words[i].end, words[i + 1].start))
        out.push_back(phrase_of(sentence, {i, i + 1}, &words));
    }
    return out;
  }
  std::vector<std::size_t> run;  // indexes of the current phrase's words
  std::vector<Role> roles(words.size(), Role::breaker);
  auto close = [&]() {
    // A phrase ends in its last noun; trailing modifiers are dropped.
    while (!run.empty() && roles[run.back()] != Role::noun) run.pop_back();
    if (!run.empty()) {
      if (run.size() > max_words) run.erase(run.begin(), run.end() - static_cast<long>(max_words));
      out.push_back(phrase_of(sentence, run, &words));
    }
    run.clear();
  };
  Context at;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (!run.empty() && !joined(sentence, words[i - 1].end, w.start)) {
      close();
      at = Context{};
    }
    if (i > 0 && !joined(sentence, words[i - 1].end, w.start)) at.previous_word = nullptr;  // "them, set"
    at.object_follows = i + 1 < words.size() && joined(sentence, w.end, words[i + 1].start);
    Role role = classify(w, at, lexicon_);
    if (role != Role::breaker && role != Role::verb && starts_participle_clause(sentence, words, i, !run.empty(), lexicon_))
      role = Role::verb;
    roles[i] = role;
    // "a webinar Ledgerline did": a name after a common noun and before a
    // verb is the subject of a new clause, never part of the noun's phrase.
    if (role == Role::noun && !run.empty() && starts_clause_as_subject(sentence, words, i, lexicon_)) close();
    if (role == Role::verb && verb_stems && w.stem.size() >= 3) verb_stems->push_back(w.stem);
    if (role != Role::breaker && content_stems && w.stem.size() >= 3) content_stems->push_back(w.stem);
    if (role == Role::noun || role == Role::modifier) run.push_back(i);
    else close();
    at.previous = word_class(w.folded);
    at.previous_word = &w.folded;
    at.in_phrase = !run.empty();
    at.previous_plural = role == Role::noun && lexicon_.available() && w.folded.ends_with("s") &&
                         lexicon_.noun_lemma(w.folded) != w.folded;
    at.previous_name = role == Role::noun && lexicon_.available() && !lexicon_.find(w.folded) &&
                       lexicon_.noun_lemma(w.folded).empty() && sentence[w.start] >= 'A' && sentence[w.start] <= 'Z';
  }
  close();
  return out;
}

bool reads_as_noun_phrase(std::string_view name, PhraseFinder& finder) {
  std::string t = text::unquote(name);
  if (t.empty()) return false;
  // A gerund and its object ("Chasing managers") is a noun phrase too.
  if (auto space = t.find(' '); space != std::string::npos && space > 4) {
    std::string first = text::lower(t.substr(0, space));
    if (first.ends_with("ing") && finder.lexicon().verb_base(first)) {
      t = t.substr(space + 1);
      // …with the determiner of its object as said ("Checking every bill").
      static const char* const determiners[] = {"the ", "every ", "each ", "all ", "our ", "their ", "my ", "your ",
                                                "this ", "that ", "these ", "those ", "a ", "an "};
      for (const char* d : determiners)
        if (text::lower(t).starts_with(d)) {
          t = t.substr(std::string_view(d).size());
          break;
        }
    }
  }
  auto phrases = finder.find(t, 8);
  if (phrases.size() != 1) return false;
  // The one phrase must be the whole text (nothing dropped around it).
  std::string whole = phrases[0].text;
  if (whole.size() + 2 < t.size()) return false;
  return !(phrases[0].generic_head && phrases[0].stems.size() == 1);
}

}  // namespace grounded::synth
