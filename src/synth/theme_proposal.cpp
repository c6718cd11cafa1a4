#include "synth/theme_proposal.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <queue>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/embedded_files.hpp"
#include "synth/role_words.hpp"
#include "synth/verb_names.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

// Tiers of grouping keys, most specific first (see the header).
enum Tier { label_tier = 0, phrase_tier = 1, head_tier = 2, subfield_tier = 3, verb_tier = 4, tiers = 5 };

int tier_of(const std::string& key) {
  switch (key[0]) {
    case 'l':
    case 'o': return label_tier;
    case 'p':
    case 'q': return phrase_tier;
    case 'h':
    case 's': return head_tier;
    case 'v': return verb_tier;
    default: return subfield_tier;
  }
}

struct Analysed {
  std::vector<EvidenceSentence> sentences;
  std::vector<NounPhrase> phrases;
  std::vector<int> phrase_sentence;  // index into sentences, -1 for a sub-field's phrase
  std::vector<std::vector<std::uint32_t>> head_sets;  // per phrase: its head's synonym sets
  std::vector<std::string> keys;     // distinct, in tier order
  std::set<std::string> verb_keys;   // v: keys a verb of the evidence carries (see add_verb_keys)
  std::set<std::string> words;       // stems of the content words (not vague heads), for second words
  std::uint32_t broader = 0;         // not used for keys until the category is known
  std::vector<std::uint32_t> broader_of_phrase;
  // In a category whose findings are things named (not statements: a
  // role, a source, a tool, a criterion), the p: and o: keys of the
  // excerpt's other evidence sentences, outside the tag's span: an answer
  // often names several ("Mark signed. Our IT guy reviewed the security
  // questionnaire."). They only let the tag back other themes
  // (KeyCover::share), never group, name or word one. A statement's other
  // sentences may say anything ("it took a lot of awkward phone calls" is
  // no trigger), so statement categories have none.
  std::set<std::string> other_keys;
};

std::string lower_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::string subfield_text(const nlohmann::json& subfields, const char* key) {
  if (subfields.is_object() && subfields.contains(key) && subfields[key].is_string()) return subfields[key].get<std::string>();
  return "";
}

const std::map<std::string, std::string>& root_cause_names() {
  static const auto names = [] {
    std::map<std::string, std::string> out;
    auto text = find_embedded_file("src/synth/data/root_cause_names.txt");
    std::istringstream in{std::string(text ? *text : std::string_view())};
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto tab = line.find('\t');
      if (tab != std::string::npos) out.emplace(line.substr(0, tab), line.substr(tab + 1));
    }
    return out;
  }();
  return names;
}

// A vague noun with a word describing it ("the main reason", "the same
// day", "a clear answer") names nothing a reader could act on: such a pair
// never groups. A noun before it keeps it ("approval time", "data problem").
bool vague_pair(const NounPhrase& p, const Lexicon& lexicon) {
  if (!p.generic_head) return false;
  const Lexicon::Entry* modifier = lexicon.find(text::lower(p.words[p.words.size() - 2]));
  return modifier && modifier->adj_senses > 0;
}

// `roles`: the category groups by who is spoken of (role_words.hpp);
// `statements`: its findings are statements (GroupingOptions::statement_categories).
Analysed analyse(const TagEvidence& e, PhraseFinder& finder, bool roles, bool statements) {
  Analysed a;
  a.sentences = evidence_sentences(e.excerpt_text, e.span_start, e.span_end);
  if (a.sentences.empty()) return a;
  std::vector<std::string> verb_stems, content_stems;
  for (std::size_t s = 0; s < a.sentences.size(); ++s)
    for (NounPhrase& p : finder.find(a.sentences[s].text, 4, &verb_stems, &content_stems)) {
      a.phrases.push_back(std::move(p));
      a.phrase_sentence.push_back(static_cast<int>(s));
    }
  for (const char* field : {"situation", "outcome"})
    for (NounPhrase& p : finder.find(subfield_text(e.subfields, field))) {
      a.phrases.push_back(std::move(p));
      a.phrase_sentence.push_back(-1);
    }
  const Lexicon& lexicon = finder.lexicon();
  std::vector<std::string> keys;
  std::string label = lower_ascii(text::unquote(e.label));
  if (!label.empty()) keys.push_back("l:" + label);
  if (roles)
    for (const EvidenceSentence& sentence : a.sentences)
      for (const std::string& role : RoleWords::builtin().roles_in(sentence.text)) keys.push_back("o:" + role);
  for (const NounPhrase& p : a.phrases) {
    a.head_sets.push_back(lexicon.noun_synonym_sets(p.head_lemma));
    a.broader_of_phrase.push_back(p.generic_head ? 0 : lexicon.broader_set(p.head_lemma));
    std::size_t n = p.stems.size();
    if (n >= 2 && !vague_pair(p, lexicon)) {
      keys.push_back("p:" + p.stems[n - 2] + " " + p.stems[n - 1]);
      for (std::uint32_t set : a.head_sets.back()) keys.push_back("q:" + p.stems[n - 2] + " " + std::to_string(set));
    }
    if (!p.generic_head) {
      keys.push_back("h:" + p.stems[n - 1]);
      for (std::uint32_t set : a.head_sets.back()) keys.push_back("s:" + std::to_string(set));
    }
  }
  if (!statements && e.span_start && e.span_end) {
    for (const EvidenceSentence& sentence : evidence_sentences(e.excerpt_text, std::nullopt, std::nullopt)) {
      bool in_span = std::any_of(a.sentences.begin(), a.sentences.end(),
                                 [&](const EvidenceSentence& own) { return own.start == sentence.start; });
      if (in_span) continue;
      if (roles)
        for (const std::string& role : RoleWords::builtin().roles_in(sentence.text)) a.other_keys.insert("o:" + role);
      for (const NounPhrase& p : finder.find(sentence.text)) {
        std::size_t n = p.stems.size();
        if (n >= 2 && !vague_pair(p, lexicon)) a.other_keys.insert("p:" + p.stems[n - 2] + " " + p.stems[n - 1]);
      }
    }
  }
  std::string cause = subfield_text(e.subfields, "root_cause");
  if (!cause.empty() && cause != "other") keys.push_back("r:" + cause);
  // Distinct, stable: tier first, then first appearance.
  std::set<std::string> seen;
  for (int tier = 0; tier < tiers; ++tier)
    for (const std::string& k : keys)
      if (tier_of(k) == tier && seen.insert(k).second) a.keys.push_back(k);
  // A verb sharing its stem with a noun ("closing", "a 4-day close";
  // "migrated", "migration") says the same thing: v: keys, kept only where
  // a noun of the category carries the stem (add_verb_keys).
  for (const std::string& stem : verb_stems) a.verb_keys.insert("v:" + stem);
  // Second words: everything the sentences speak of but vague heads ("time", "people").
  std::set<std::string> vague;
  for (const NounPhrase& p : a.phrases)
    if (p.generic_head) vague.insert(p.stems.back());
  for (const std::string& stem : content_stems)
    if (!vague.count(stem)) a.words.insert(stem);
  return a;
}

// Does phrase `i` of `a` carry `key`?
bool phrase_matches(const std::string& key, const Analysed& a, std::size_t i) {
  const NounPhrase& p = a.phrases[i];
  std::size_t n = p.stems.size();
  std::string_view body = std::string_view(key).substr(2);
  auto in_sets = [&](std::string_view number) {
    for (std::uint32_t s : a.head_sets[i])
      if (std::to_string(s) == number) return true;
    return a.broader_of_phrase[i] && std::to_string(a.broader_of_phrase[i]) == number;
  };
  switch (key[0]) {
    case 'p': return n >= 2 && body == p.stems[n - 2] + " " + p.stems[n - 1];
    case 'q': {
      auto space = body.find(' ');
      return n >= 2 && body.substr(0, space) == p.stems[n - 2] && in_sets(body.substr(space + 1));
    }
    case 'h':
    case 'v': return !p.generic_head && body == p.stems[n - 1];
    case 's': return !p.generic_head && in_sets(body);
    default: return false;
  }
}

// Does phrase `i` of `a` carry the theme's key, or a key folded into it?
bool group_matches(const ThemeGroup& g, const Analysed& a, std::size_t i) {
  if (phrase_matches(g.key, a, i)) return true;
  for (const std::string& k : g.folded_keys)
    if (phrase_matches(k, a, i)) return true;
  return false;
}

// The phrase's words from `from` on, with the spaces or hyphens between them as written.
std::string join_words(const NounPhrase& p, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < p.words.size(); ++i) {
    out += p.words[i];
    if (i + 1 < p.words.size()) out += p.text.substr(p.word_ends[i], p.word_starts[i + 1] - p.word_ends[i]);
  }
  return out;
}

// A lone-word name says little ("Price", "Middle"): when the members say it
// with a complement ("price per invoice", "middle of preseason"), the most
// common such phrase names the theme instead. The complement is the noun
// phrase right after "of" or "per" (a determiner between them is dropped);
// other prepositions mostly add time or place ("site for months", "Expensify
// for card"), and a product name ("Ledgerline") needs no complement. ""
// when no member has one.
std::string with_complement(const ThemeGroup& g, const std::vector<Analysed>& analysed, const std::string& word) {
  static const char* const links[] = {" of ", " per "};
  if (text::lower(word) != word) return "";  // kept its capitals: a name WordNet does not know
  static const char* const determiners[] = {"the ", "a ", "an ", "our ", "their ", "my ", "your ", "its ", "this ", "that "};
  std::map<std::string, int> counts;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    for (std::size_t i = 0; i < a.phrases.size(); ++i) {
      const NounPhrase& p = a.phrases[i];
      if (a.phrase_sentence[i] < 0 || !group_matches(g, a, i)) continue;
      if (text::lower(p.words.back()) != text::lower(word)) continue;
      const std::string& sentence = a.sentences[static_cast<std::size_t>(a.phrase_sentence[i])].text;
      std::size_t end = p.start + p.text.size();
      for (const char* link : links) {
        std::string_view l(link);
        if (text::lower(sentence.substr(end, l.size())) != l) continue;
        std::size_t at = end + l.size();
        for (const char* d : determiners)
          if (text::lower(sentence.substr(at, std::string_view(d).size())) == d) at += std::string_view(d).size();
        for (std::size_t j = 0; j < a.phrases.size(); ++j)
          if (a.phrase_sentence[j] == a.phrase_sentence[i] && a.phrases[j].start == at && a.phrases[j].words.size() <= 3)
            ++counts[word + std::string(l) + a.phrases[j].text];
      }
    }
  }
  std::string best;
  int n = 0;
  for (const auto& [phrase, count] : counts)
    if (count > n) {
      best = phrase;
      n = count;
    }
  return best;
}

// A lone word that members say as the object of an -ing verb ("chasing
// managers", "copying amounts") names the theme with it: the gerund and its
// object are a noun phrase that says what happens to the thing. The most
// common such form, when at least half the members (one, for a lone tag)
// say it; "" otherwise.
std::string with_gerund(const ThemeGroup& g, const std::vector<Analysed>& analysed, const std::string& word,
                        const Lexicon& lexicon) {
  std::map<std::string, std::set<std::size_t>> users;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    for (std::size_t i = 0; i < a.phrases.size(); ++i) {
      const NounPhrase& p = a.phrases[i];
      if (a.phrase_sentence[i] < 0 || !group_matches(g, a, i) || p.words.size() != 1) continue;
      if (text::lower(p.words.back()) != text::lower(word)) continue;
      const std::string& sentence = a.sentences[static_cast<std::size_t>(a.phrase_sentence[i])].text;
      if (p.start < 2 || sentence[p.start - 1] != ' ') continue;
      std::size_t begin = sentence.rfind(' ', p.start - 2);
      begin = begin == std::string::npos ? 0 : begin + 1;
      std::string verb = text::lower(sentence.substr(begin, p.start - 1 - begin));
      if (verb.size() < 5 || !verb.ends_with("ing") || !lexicon.verb_base(verb)) continue;
      if (!std::all_of(verb.begin(), verb.end(), [](char c) { return c >= 'a' && c <= 'z'; })) continue;
      users[verb + " " + p.text].insert(m);
    }
  }
  std::size_t need = std::max<std::size_t>(1, (g.members.size() + 1) / 2);
  std::string best;
  for (const auto& [form, who] : users)
    if (who.size() >= need && (best.empty() || who.size() > users[best].size())) best = form;
  return best;
}

// A lone word that names an action ("fix", "close", "chase") names the theme
// with the object members say it with: "fix the sync" → "Fixing the sync",
// "chase approvals" → "Chasing approvals", "check every bill" → "Checking
// every bill". The object is the noun phrase right after a form of the verb
// (with the determiner between them as written); the most common such form,
// "" when no member says one.
std::string with_object(const ThemeGroup& g, const std::vector<Analysed>& analysed, const std::string& word,
                        const Lexicon& lexicon) {
  std::string verb = lexicon.verb_lemma(word);
  if (verb.empty()) return "";
  static const char* const determiners[] = {"the", "a", "an", "our", "their", "my", "your", "its", "this", "that",
                                            "these", "those", "all", "every", "each", "his", "her"};
  std::map<std::string, std::set<std::size_t>> users;
  std::map<std::string, std::string> surfaces;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    for (std::size_t j = 0; j < a.phrases.size(); ++j) {
      if (a.phrase_sentence[j] < 0) continue;
      const NounPhrase& object = a.phrases[j];
      if (object.generic_head || object.stems.back() == g.key.substr(2)) continue;
      const std::string& sentence = a.sentences[static_cast<std::size_t>(a.phrase_sentence[j])].text;
      // The word before the phrase, and the one before that when it is a determiner.
      auto word_before = [&](std::size_t end) -> std::pair<std::size_t, std::string> {
        while (end > 0 && sentence[end - 1] == ' ') --end;
        std::size_t begin = end;
        while (begin > 0 && std::isalpha(static_cast<unsigned char>(sentence[begin - 1]))) --begin;
        return {begin, text::lower(sentence.substr(begin, end - begin))};
      };
      auto [at, before] = word_before(object.start);
      std::string article;
      if (std::find(std::begin(determiners), std::end(determiners), before) != std::end(determiners)) {
        article = before + " ";
        before = word_before(at).second;
      }
      if (before.empty() || lexicon.verb_lemma(before) != verb) continue;
      std::size_t n = object.words.size();
      std::string form = gerund_of(verb) + " " + article + join_words(object, n > 3 ? n - 3 : 0);
      std::string key = text::lower(form);
      users[key].insert(m);
      surfaces.emplace(key, form);
    }
  }
  std::string best;
  for (const auto& [form, who] : users)
    if (best.empty() || who.size() > users[best].size()) best = form;
  return best.empty() ? "" : surfaces[best];
}

// A longer phrase members say the lone word in as a modifier: "month-end
// close drags on" → "month-end close" (cut after the word), "the digest
// email" → "digest email" (the word and the head it describes). The most
// common; "" when none does.
std::string phrase_with_word(const ThemeGroup& g, const std::vector<Analysed>& analysed, const std::string& stem) {
  std::map<std::string, std::set<std::size_t>> users;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    for (std::size_t i = 0; i < a.phrases.size(); ++i) {
      const NounPhrase& p = a.phrases[i];
      if (a.phrase_sentence[i] < 0 || p.generic_head) continue;
      for (std::size_t k = 0; k + 1 < p.stems.size(); ++k) {
        if (p.stems[k] != stem) continue;
        NounPhrase cut = p;
        if (k >= 1) cut.words.resize(k + 1);  // "month-end close" of "month-end close process"
        users[join_words(cut, k >= 2 ? k - 2 : 0)].insert(m);
      }
    }
  }
  std::string best;
  for (const auto& [form, who] : users)
    if (best.empty() || who.size() > users[best].size()) best = form;
  return best;
}

// The noun phrase of two or more words most members say in a sentence
// that says the theme's key (a vague pair such as "main reason" never); ""
// when no two members (the one, for a lone tag) say one. The last resort
// for a theme whose key word is a verb said alone: one lone word for
// another would say no more.
std::string best_noun_phrase(const ThemeGroup& g, const std::vector<Analysed>& analysed, const Lexicon& lexicon) {
  std::map<std::string, std::set<std::size_t>> users;
  std::map<std::string, std::string> surfaces;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    std::set<int> saying;  // sentences holding a phrase with the key
    for (std::size_t i = 0; i < a.phrases.size(); ++i)
      if (group_matches(g, a, i)) saying.insert(a.phrase_sentence[i]);
    for (std::size_t i = 0; i < a.phrases.size(); ++i) {
      const NounPhrase& p = a.phrases[i];
      if (a.phrase_sentence[i] < 0 || !saying.count(a.phrase_sentence[i]) || p.generic_head || group_matches(g, a, i))
        continue;
      std::size_t n = p.stems.size();
      if (n < 2 || vague_pair(p, lexicon)) continue;
      std::size_t from = n > 3 ? n - 3 : 0;
      std::string form;
      for (std::size_t k = from; k < n; ++k) form += (k > from ? " " : "") + p.stems[k];
      users[form].insert(m);
      surfaces.emplace(form, join_words(p, from));
    }
  }
  // Said by one member of several, a phrase names that member's point, not the theme's.
  std::size_t need = g.members.size() >= 2 ? 2 : 1;
  std::string best;
  for (const auto& [form, who] : users)
    if (who.size() >= need && (best.empty() || who.size() > users[best].size())) best = form;
  return best.empty() ? "" : surfaces[best];
}

// "4-" when phrase `i` of `a` is written as "a 4-day close": a number joined
// by a hyphen is no word of the phrase, but "Day close" alone misleads.
std::string with_leading_number(const Analysed& a, std::size_t i) {
  if (a.phrase_sentence[i] < 0) return "";
  const std::string& sentence = a.sentences[static_cast<std::size_t>(a.phrase_sentence[i])].text;
  std::size_t at = a.phrases[i].start;
  if (at < 2 || sentence[at - 1] != '-') return "";
  std::size_t begin = at - 1;
  while (begin > 0 && sentence[begin - 1] >= '0' && sentence[begin - 1] <= '9') --begin;
  if (begin == at - 1 || (begin > 0 && sentence[begin - 1] != ' ')) return "";
  return sentence.substr(begin, at - begin);
}

// The name: the longest ending of the members' matching phrases that at
// least half of them (and two, when there are two) use; else the key's own
// words. Always a noun phrase, since every form ends in the phrase's head.
std::string name_for(const ThemeGroup& g, const std::vector<Analysed>& analysed, const std::vector<TagEvidence>& evidence,
                     const Lexicon& lexicon) {
  if (g.key[0] == 'l') return text::capitalise(text::unquote(evidence[g.members.front()].label));
  if (g.key[0] == 'o') return g.key.substr(2);  // the role's name as the data file gives it
  if (g.key[0] == 'r') {
    auto it = root_cause_names().find(g.key.substr(2));
    return it != root_cause_names().end() ? it->second : text::capitalise(g.key.substr(2));
  }
  std::size_t minimum = (g.key[0] == 'p' || g.key[0] == 'q') ? 2 : 1;
  // form (stems of the ending) → members using it, and its surfaces
  std::map<std::string, std::set<std::size_t>> users;
  std::map<std::string, std::map<std::string, int>> surfaces;
  std::map<std::string, std::size_t> lengths;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    for (std::size_t i = 0; i < a.phrases.size(); ++i) {
      const NounPhrase& p = a.phrases[i];
      bool own = phrase_matches(g.key, a, i);
      if (!own && !group_matches(g, a, i)) continue;
      std::size_t n = p.stems.size();
      // Under a synonym key, "vendor bills" and "vendor invoices" are one form.
      std::string head = p.stems[n - 1];
      if (own && g.key[0] == 'q') head = g.key.substr(g.key.find(' ') + 1);
      if (own && g.key[0] == 's') head = g.key.substr(2);
      // A folded phrase ("duplicate bills") names only with its modifier, never as "Bills".
      std::size_t shortest = own ? minimum : 2;
      for (std::size_t len = shortest; len <= std::min<std::size_t>(n, 3); ++len) {
        std::string form;
        for (std::size_t k = n - len; k + 1 < n; ++k) form += p.stems[k] + " ";
        form += head;
        users[form].insert(m);
        std::string surface = join_words(p, n - len);
        if (len == n) surface = with_leading_number(a, i) + surface;
        ++surfaces[form][surface];
        lengths[form] = len;
      }
    }
  }
  std::size_t need = std::max<std::size_t>(g.members.size() >= 2 ? 2 : 1, (g.members.size() + 1) / 2);
  std::string best;
  auto better = [&](const std::string& form) {
    if (best.empty()) return true;
    std::size_t a = users[form].size(), b = users[best].size();
    bool qa = a >= need, qb = b >= need;
    if (qa != qb) return qa;
    if (qa && lengths[form] != lengths[best]) return lengths[form] > lengths[best];
    if (a != b) return a > b;
    if (lengths[form] != lengths[best]) return lengths[form] < lengths[best];
    return form < best;
  };
  for (const auto& [form, members] : users)
    if (better(form)) best = form;
  if (best.empty()) return "";
  if (!g.folded_keys.empty() && lengths[best] == 1) {
    // Folded themes take the phrase most members say in more than one word
    // ("Duplicate bills" over "Duplicate"), when two or more say it.
    std::string phrase;
    for (const auto& [form, members] : users)
      if (lengths[form] >= 2 && members.size() >= 2 && (phrase.empty() || members.size() > users[phrase].size()))
        phrase = form;
    if (!phrase.empty()) best = phrase;
  }
  std::string surface;
  int count = -1;
  for (const auto& [text, n] : surfaces[best])
    if (n > count) {
      surface = text;
      count = n;
    }
  if (surface.find(' ') == std::string::npos && surface.find('-') == std::string::npos &&
      names_an_action(surface, lexicon)) {
    // Never a lone verb: the action with its object, else the key said in
    // more words by any member ("month-end close"), else with its
    // complement, else the members' best noun phrase.
    std::string named = with_object(g, analysed, surface, lexicon);
    if (named.empty()) {
      std::string phrase;
      for (const auto& [form, members] : users) {
        if (lengths[form] < 2) continue;
        if (phrase.empty() || members.size() > users[phrase].size() ||
            (members.size() == users[phrase].size() && lengths[form] > lengths[phrase]))
          phrase = form;
      }
      int n = -1;
      for (const auto& [text, count] : phrase.empty() ? std::map<std::string, int>{} : surfaces[phrase])
        if (count > n) {
          named = text;
          n = count;
        }
    }
    if (named.empty()) named = phrase_with_word(g, analysed, g.key.substr(2));
    if (named.empty()) named = with_complement(g, analysed, surface);
    if (named.empty()) named = best_noun_phrase(g, analysed, lexicon);
    if (!named.empty()) return text::capitalise(named);
  }
  if (surface.find(' ') == std::string::npos && surface.find('-') == std::string::npos) {
    std::string longer = with_complement(g, analysed, surface);
    if (longer.empty()) longer = with_gerund(g, analysed, surface, lexicon);
    if (!longer.empty()) return text::capitalise(longer);
  }
  return text::capitalise(surface);
}

bool starts_with_word(const std::string& text, const std::string& word) {
  if (text.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return text.size() == word.size() || !std::isalpha(static_cast<unsigned char>(text[word.size()]));
}

// Drops leading discourse words ("Yeah, so honestly, …") and keeps the
// clause holding the phrase at [at, at+len) when the sentence is long.
std::string clean_claim(std::string sentence, std::size_t at, std::size_t len) {
  static const char* const openers[] = {"yeah", "yes", "so", "well", "um", "uh", "and", "but", "oh", "okay", "ok",
                                        "honestly", "basically", "actually", "i mean", "you know", "like", "right", "no"};
  if (sentence.size() > 200) {
    // Clause boundaries: ; — – and ", but"/", and"/", so".
    static const char* const bounds[] = {"; ", " — ", " – ", " - ", ", but ", ", and ", ", so ", ", because "};
    std::size_t begin = 0, end = sentence.size();
    for (const char* b : bounds) {
      std::string_view bound(b);
      for (std::size_t pos = sentence.find(bound); pos != std::string::npos; pos = sentence.find(bound, pos + 1)) {
        if (pos + bound.size() <= at) begin = std::max(begin, pos + bound.size());
        else if (pos >= at + len) end = std::min(end, pos);
      }
    }
    sentence = sentence.substr(begin, end - begin);
  }
  std::string s = text::unquote(sentence);
  for (bool again = true; again;) {
    again = false;
    for (const char* opener : openers) {
      if (!starts_with_word(s, opener)) continue;
      std::size_t skip = std::string_view(opener).size();
      while (skip < s.size() && (s[skip] == ',' || s[skip] == ' ' || s[skip] == '.')) ++skip;
      if (skip >= s.size()) break;
      s = s.substr(skip);
      again = true;
      break;
    }
  }
  // …and trailing ones (", so, you know.").
  static const char* const closers[] = {"you know", "so", "right", "i guess", "i mean", "or whatever", "and stuff",
                                        "yeah", "basically", "honestly", "kind of", "sort of", "or something"};
  for (bool again = true; again;) {
    again = false;
    while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ' ' || s.back() == '!')) s.pop_back();
    for (const char* closer : closers) {
      std::string tail = std::string(", ") + closer;
      if (s.size() <= tail.size() + 10) continue;
      std::string end = s.substr(s.size() - tail.size());
      std::transform(end.begin(), end.end(), end.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (end != tail) continue;
      s.resize(s.size() - tail.size());
      again = true;
      break;
    }
  }
  s = text::shorten(s, 200);
  if (s.empty()) return s;
  s = text::capitalise(s);
  char last = s.back();
  if (last != '.' && last != '!' && !s.ends_with("…")) {
    while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':')) s.pop_back();
    s += ".";
  }
  return s;
}

std::size_t words_in(const std::string& s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// The claim: the evidence sentence whose phrases carry the most of the
// theme's shared keys, preferring plain sentences of 6–30 words.
std::string claim_of(const ThemeGroup& g, const std::vector<Analysed>& analysed) {
  std::map<std::string, int> shared;
  for (std::size_t m : g.members)
    for (const std::string& k : analysed[m].keys) ++shared[k];
  double best_score = -1;
  std::string best;
  for (std::size_t m : g.members) {
    const Analysed& a = analysed[m];
    for (std::size_t s = 0; s < a.sentences.size(); ++s) {
      int at = -1, len = 0;
      double score = 0;
      for (std::size_t i = 0; i < a.phrases.size(); ++i) {
        if (a.phrase_sentence[i] != static_cast<int>(s)) continue;
        if (group_matches(g, a, i) || g.key[0] == 'l' || g.key[0] == 'o' || g.key[0] == 'r') {
          if (at < 0) {
            at = static_cast<int>(a.phrases[i].start);
            len = static_cast<int>(a.phrases[i].text.size());
          }
          score += 2;
        }
      }
      if (at < 0) continue;
      for (const std::string& k : a.keys) {
        auto it = shared.find(k);
        if (it != shared.end() && it->second >= 2) score += 0.1 * it->second;
      }
      std::size_t words = words_in(a.sentences[s].text);
      double quality = (words >= 6 && words <= 30) ? 1.0 : (words < 6 ? 0.5 : 0.7);
      score *= quality;
      if (score > best_score) {
        best_score = score;
        best = clean_claim(a.sentences[s].text, static_cast<std::size_t>(at), static_cast<std::size_t>(len));
      }
    }
  }
  return best;
}

// A word WordNet gives an adjective sense as well as a noun one
// ("duplicate", "late"): "duplicate bills" are bills that are duplicates, so
// people who say "the duplicates" speak of the same things. A noun-only
// modifier makes a compound ("branch prediction bug" is no prediction), and
// its phrase never folds into the lone word's theme.
bool describes_its_head(const std::string& word, const Lexicon& lexicon) {
  const Lexicon::Entry* e = lexicon.find(word);
  return e && e->adj_senses > 0;
}

// The key → members index of one category, and the greedy cover over it.
class KeyCover {
 public:
  KeyCover(const std::vector<std::size_t>& members, const std::vector<Analysed>& analysed, const GroupingOptions& options,
           const std::unordered_set<std::string>& topics, const Lexicon& lexicon)
      : members_(members), analysed_(analysed), options_(options), topics_(topics), assigned_(analysed.size(), false),
        lexicon_(lexicon) {
    for (std::size_t m : members) {
      for (const std::string& k : analysed[m].keys) postings_[k].push_back(m);
      for (const std::string& k : analysed[m].other_keys) other_postings_[k].push_back(m);
    }
  }

  std::vector<ThemeGroup> run(const std::string& category) {
    statement_ = std::find(options_.statement_categories.begin(), options_.statement_categories.end(), category) !=
                 options_.statement_categories.end();
    std::vector<ThemeGroup> groups;
    for (int tier = 0; tier < tiers; ++tier) cover_tier(tier, category, groups);
    // A tag still alone joins a theme built on one of its keys, else stands alone.
    std::map<std::string, std::size_t> by_key;
    for (std::size_t i = 0; i < groups.size(); ++i) by_key.emplace(groups[i].key, i);
    for (std::size_t m : members_) {
      if (assigned_[m] || analysed_[m].keys.empty()) continue;
      bool joined = false;
      for (const std::string& k : analysed_[m].keys) {
        auto it = by_key.find(k[0] == 'v' ? "h:" + k.substr(2) : k);
        if (it == by_key.end()) continue;
        if (!may_join(it->first, m)) continue;
        groups[it->second].members.push_back(m);
        joined = true;
        break;
      }
      if (!joined && options_.singletons && analysed_[m].keys.front()[0] != 'v') {
        by_key.emplace(analysed_[m].keys.front(), groups.size());
        groups.push_back({category, analysed_[m].keys.front(), "", "", {m}, {}, {}, {}});
      }
      assigned_[m] = true;
    }
    for (ThemeGroup& g : groups) std::sort(g.members.begin(), g.members.end());
    return groups;
  }

  // Each tag of the category also backs every other theme whose key phrase
  // its evidence says in another phrase than the one its own theme rests on
  // (ThemeGroup::shared_members): "month-end close" backs "Month-end close",
  // not also a theme on "close"; "duplicate bills and late fees" backs both.
  // Only phrases ("vendor bill", or one folded in) and head nouns share,
  // under the rules a lone tag joins by (may_join: never a head too broad to
  // group by, in a statement category only with the theme's second word).
  // Labels, synonyms, root causes and verbs never do: the evidence must say
  // the words.
  void share(std::vector<ThemeGroup>& groups) const {
    std::vector<const ThemeGroup*> own(analysed_.size(), nullptr);
    for (const ThemeGroup& g : groups)
      for (std::size_t m : g.members) own[m] = &g;
    auto says_apart = [&](const std::string& key, std::size_t m) {
      const Analysed& a = analysed_[m];
      for (std::size_t i = 0; i < a.phrases.size(); ++i)
        if (phrase_matches(key, a, i) && !(own[m] && group_matches(*own[m], a, i))) return true;
      return false;
    };
    for (ThemeGroup& g : groups) {
      std::vector<std::string> keys = {g.key};
      keys.insert(keys.end(), g.folded_keys.begin(), g.folded_keys.end());
      std::set<std::size_t> in(g.members.begin(), g.members.end());
      std::set<std::size_t> shared;
      for (const std::string& key : keys) {
        if (key[0] != 'p' && key[0] != 'h' && key[0] != 'o') continue;
        auto posting = postings_.find(key);
        if (posting == postings_.end()) continue;
        // A role is its own word: a tag naming two roles backs both.
        for (std::size_t m : posting->second)
          if (!in.count(m) && may_join(key, m) && (key[0] == 'o' || says_apart(key, m))) shared.insert(m);
        // A phrase or role said in another sentence of the tag's turn.
        if (auto other = other_postings_.find(key); other != other_postings_.end())
          for (std::size_t m : other->second)
            if (!in.count(m)) shared.insert(m);
      }
      g.shared_members.assign(shared.begin(), shared.end());
    }
  }

  // Supporting tags (TagEvidence::supporting) back the theme whose key
  // their own words say, by the rules a lone tag joins by (may_join): a
  // label, a role, a phrase (or one folded in) or a head noun, most specific
  // first. Never a synonym, root cause or verb: a guess below the cut must
  // say the words. Those that say no theme's key are returned.
  std::vector<std::size_t> support(std::vector<ThemeGroup>& groups, const std::vector<std::size_t>& supporting) const {
    std::map<std::string, std::size_t> by_key;
    for (std::size_t i = 0; i < groups.size(); ++i) by_key.emplace(groups[i].key, i);
    std::vector<std::size_t> left;
    for (std::size_t m : supporting) {
      bool joined = false;
      for (const std::string& k : analysed_[m].keys) {
        if (k[0] != 'l' && k[0] != 'o' && k[0] != 'p') continue;
        auto it = by_key.find(k);
        if (it == by_key.end() || !may_join(k, m)) continue;
        groups[it->second].supporting_members.push_back(m);
        joined = true;
        break;
      }
      if (!joined) left.push_back(m);
    }
    for (ThemeGroup& g : groups) std::sort(g.supporting_members.begin(), g.supporting_members.end());
    return left;
  }

 private:
  bool too_broad(const std::string& key, std::size_t size) const {
    if (tier_of(key) != head_tier && tier_of(key) != verb_tier) return false;
    if (topics_.count(key[0] == 'v' ? "h:" + key.substr(2) : key)) return true;
    if (members_.size() < options_.broad_minimum) return false;
    return static_cast<double>(size) > options_.broad_share * static_cast<double>(members_.size());
  }

  bool said_as_noun(const std::string& key) const {
    for (std::size_t m : postings_.at(key))
      if (!assigned_[m] && !analysed_[m].verb_keys.count(key)) return true;
    return false;
  }

  std::size_t unassigned(const std::string& key) const {
    std::size_t n = 0;
    for (std::size_t m : postings_.at(key)) n += assigned_[m] ? 0 : 1;
    return n;
  }

  void cover_tier(int tier, const std::string& category, std::vector<ThemeGroup>& groups) {
    // Max-heap on (count, then smaller key first); counts refreshed lazily.
    using Entry = std::pair<std::size_t, std::string>;
    auto less = [](const Entry& a, const Entry& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; };
    std::priority_queue<Entry, std::vector<Entry>, decltype(less)> heap(less);
    for (const auto& [key, list] : postings_)
      if (tier_of(key) == tier && list.size() >= 2 && !too_broad(key, list.size())) heap.emplace(list.size(), key);
    while (!heap.empty()) {
      Entry top = heap.top();
      heap.pop();
      std::size_t now = unassigned(top.second);
      if (now < 2) continue;
      if (now < top.first) {
        heap.emplace(now, top.second);
        continue;
      }
      // A verb's theme stands on a noun some member still says ("a 4-day
      // close" with "so I can close by day six"); verbs alone never make one.
      if (tier == verb_tier && !said_as_noun(top.second)) continue;
      std::string second;
      if (tier == head_tier && statement_ && !describes(top.second)) {
        second = second_word(top.second);
        if (second.empty() || second_words_.count(top.second)) continue;  // nothing else in common: stay apart
        second_words_.emplace(top.second, second);
      }
      ThemeGroup g{category, top.second, "", "", {}, {}, {}, {}};
      for (std::size_t m : postings_.at(top.second))
        if (!assigned_[m] && (second.empty() || analysed_[m].words.count(second))) {
          assigned_[m] = true;
          g.members.push_back(m);
        }
      groups.push_back(std::move(g));
    }
  }

  // May lone tag `m` join the theme built on `key`? Not on a head too broad
  // to group by (a theme started by a lone tag on the repository's topic
  // would gather every leftover tag saying "invoice"); in a statement
  // category, a head-only theme only with its second word.
  bool may_join(const std::string& key, std::size_t m) const {
    int tier = tier_of(key);
    if (tier != head_tier) return true;
    if (too_broad(key, postings_.at(key).size())) return false;
    if (!statement_ || describes(key)) return true;
    auto second = second_words_.find(key);
    return second != second_words_.end() && analysed_[m].words.count(second->second) > 0;
  }

  // Does a phrase carrying head `key` say it as a word that also describes
  // ("duplicates", "late")? Such a word is the finding itself.
  bool describes(const std::string& key) const {
    for (std::size_t m : postings_.at(key)) {
      const Analysed& a = analysed_[m];
      for (std::size_t i = 0; i < a.phrases.size(); ++i)
        if (phrase_matches(key, a, i) && describes_its_head(text::lower(a.phrases[i].words.back()), lexicon_)) return true;
    }
    return false;
  }

  // The word (stem of a noun, modifier or verb) most of the unassigned
  // members of `key` say besides the heads that carry `key`; "" when no two
  // share one. The repository's topics ("invoice") say nothing in common.
  std::string second_word(const std::string& key) const {
    std::map<std::string, std::size_t> counts;
    for (std::size_t m : postings_.at(key)) {
      if (assigned_[m]) continue;
      const Analysed& a = analysed_[m];
      std::set<std::string> own;  // the heads carrying the key
      for (std::size_t i = 0; i < a.phrases.size(); ++i)
        if (phrase_matches(key, a, i)) own.insert(a.phrases[i].stems.back());
      for (const std::string& w : a.words)
        if (!own.count(w) && !topics_.count("h:" + w)) ++counts[w];
    }
    std::string best;
    std::size_t n = 1;
    for (const auto& [w, c] : counts)
      if (c > n) {
        best = w;
        n = c;
      }
    return best;
  }

  const std::vector<std::size_t>& members_;
  const std::vector<Analysed>& analysed_;
  const GroupingOptions& options_;
  const std::unordered_set<std::string>& topics_;
  std::vector<bool> assigned_;
  std::unordered_map<std::string, std::vector<std::size_t>> postings_;
  std::unordered_map<std::string, std::vector<std::size_t>> other_postings_;  // Analysed::other_keys
  const Lexicon& lexicon_;
  bool statement_ = false;                            // the category's findings are statements
  std::map<std::string, std::string> second_words_;   // head key → the second word its theme's members share
};


// Folds each theme built on a phrase "X Y" (p:/q: key) into the theme built
// on the lone noun X (h: key) when X also describes (describes_its_head), so
// one finding said as "duplicates", "duplicate bills" and "the duplicate
// problem" is one theme and its voices meet. The survivor keeps the lone
// word's key; names are chosen afterwards from all members.
void fold_describing_phrases(std::vector<ThemeGroup>& groups, const std::vector<Analysed>& analysed,
                             const Lexicon& lexicon) {
  std::map<std::string, std::size_t> lone;  // stem → index of its h: group
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].key[0] != 'h') continue;
    std::string stem = groups[g].key.substr(2);
    for (std::size_t m : groups[g].members) {
      const Analysed& a = analysed[m];
      for (std::size_t i = 0; i < a.phrases.size() && !lone.count(stem); ++i)
        if (phrase_matches(groups[g].key, a, i) && describes_its_head(a.phrases[i].words.back(), lexicon))
          lone.emplace(stem, g);
      if (lone.count(stem)) break;
    }
  }
  if (lone.empty()) return;
  std::vector<bool> gone(groups.size(), false);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string& key = groups[g].key;
    if (key[0] != 'p' && key[0] != 'q') continue;
    auto it = lone.find(key.substr(2, key.find(' ') - 2));
    if (it == lone.end()) continue;
    ThemeGroup& into = groups[it->second];
    into.members.insert(into.members.end(), groups[g].members.begin(), groups[g].members.end());
    into.folded_keys.push_back(key);
    gone[g] = true;
  }
  std::vector<ThemeGroup> kept;
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (!gone[g]) {
      std::sort(groups[g].members.begin(), groups[g].members.end());
      kept.push_back(std::move(groups[g]));
    }
  groups = std::move(kept);
}

// The last tier relates verbs to nouns of the same stem. A tag's v: keys
// (Analysed::verb_keys) stay only where a noun head of the category has that
// stem, so a verb alone never groups ("Dana approved", "Tom approved"); a
// tag saying the noun gets the v: key too, so the two can meet once the
// noun tiers have grouped what they could.
void add_verb_keys(const std::vector<std::size_t>& members, std::vector<Analysed>& analysed) {
  std::unordered_map<std::string, std::vector<std::size_t>> noun_heads;  // "v:stem" → members saying the noun
  std::unordered_set<std::string> verbs;
  for (std::size_t m : members) {
    for (const std::string& k : analysed[m].keys)
      if (k[0] == 'h') noun_heads["v:" + k.substr(2)].push_back(m);
    verbs.insert(analysed[m].verb_keys.begin(), analysed[m].verb_keys.end());
  }
  for (std::size_t m : members) {
    Analysed& a = analysed[m];
    std::set<std::string> kept;
    for (const std::string& k : a.verb_keys)
      if (noun_heads.count(k)) kept.insert(k);
    a.verb_keys = kept;
    for (const std::string& k : kept)
      if (std::find(a.keys.begin(), a.keys.end(), k) == a.keys.end()) a.keys.push_back(k);
  }
  for (const std::string& k : verbs) {
    auto it = noun_heads.find(k);
    if (it == noun_heads.end()) continue;
    for (std::size_t m : it->second) {
      Analysed& a = analysed[m];
      if (a.verb_keys.count(k) || std::find(a.keys.begin(), a.keys.end(), k) != a.keys.end()) continue;
      a.keys.push_back(k);
    }
  }
}

}  // namespace

GroupingResult group_evidence(const std::vector<TagEvidence>& evidence, PhraseFinder& finder, const GroupingOptions& options) {
  GroupingResult result;
  std::vector<Analysed> analysed;
  analysed.reserve(evidence.size());
  std::map<std::string, std::vector<std::size_t>> by_category, supporting;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    bool roles = std::find(options.role_categories.begin(), options.role_categories.end(), evidence[i].category) !=
                 options.role_categories.end();
    bool statements = std::find(options.statement_categories.begin(), options.statement_categories.end(),
                                evidence[i].category) != options.statement_categories.end();
    analysed.push_back(analyse(evidence[i], finder, roles, statements));
    bool usable = !analysed.back().sentences.empty() && !analysed.back().keys.empty();
    if (evidence[i].supporting) {
      if (usable) supporting[evidence[i].category].push_back(i);
      else result.supporting_left.push_back(i);
    } else if (analysed.back().sentences.empty()) {
      result.no_evidence.push_back(i);
    } else if (analysed.back().keys.empty()) {
      result.unthemed.push_back(i);
    } else {
      by_category[evidence[i].category].push_back(i);
    }
  }
  // A category with no confident tag has no theme for its supporting tags to back.
  for (const auto& [category, members] : supporting)
    if (!by_category.count(category)) result.supporting_left.insert(result.supporting_left.end(), members.begin(), members.end());
  // Heads (and their synonym sets) the whole repository talks about.
  std::unordered_set<std::string> topics;
  std::size_t total = 0;
  for (const auto& [category, members] : by_category) total += members.size();
  if (total >= options.topic_minimum) {
    std::unordered_map<std::string, std::size_t> df;
    for (const auto& [category, members] : by_category)
      for (std::size_t m : members)
        for (const std::string& k : analysed[m].keys)
          if (tier_of(k) == head_tier) ++df[k];
    for (const auto& [key, n] : df)
      if (static_cast<double>(n) > options.topic_share * static_cast<double>(total)) topics.insert(key);
  }
  for (const auto& [category, members] : by_category) {
    // A single-sense head meets its broader term only when that term is
    // itself a head in this category (forecast → prediction).
    std::unordered_set<std::uint32_t> heads;
    for (std::size_t m : members)
      for (const auto& sets : analysed[m].head_sets) heads.insert(sets.begin(), sets.end());
    for (std::size_t m : members) {
      Analysed& a = analysed[m];
      for (std::size_t i = 0; i < a.phrases.size(); ++i) {
        if (!a.broader_of_phrase[i] || !heads.count(a.broader_of_phrase[i])) {
          a.broader_of_phrase[i] = 0;
          continue;
        }
        std::string key = "s:" + std::to_string(a.broader_of_phrase[i]);
        if (std::find(a.keys.begin(), a.keys.end(), key) == a.keys.end()) a.keys.push_back(key);
      }
      std::stable_sort(a.keys.begin(), a.keys.end(), [](const std::string& x, const std::string& y) { return tier_of(x) < tier_of(y); });
    }
    if (options.relate_verbs) add_verb_keys(members, analysed);
    KeyCover cover(members, analysed, options, topics, finder.lexicon());
    std::vector<ThemeGroup> groups = cover.run(category);
    if (options.fold_describing) fold_describing_phrases(groups, analysed, finder.lexicon());
    if (options.share) cover.share(groups);
    if (auto it = supporting.find(category); it != supporting.end()) {
      std::vector<std::size_t> left = cover.support(groups, it->second);
      result.supporting_left.insert(result.supporting_left.end(), left.begin(), left.end());
    }
    std::stable_sort(groups.begin(), groups.end(), [](const ThemeGroup& a, const ThemeGroup& b) {
      return a.members.size() != b.members.size() ? a.members.size() > b.members.size() : a.members.front() < b.members.front();
    });
    for (ThemeGroup& g : groups) {
      g.name = name_for(g, analysed, evidence, finder.lexicon());
      g.claim = claim_of(g, analysed);
      if (g.name.empty()) g.name = text::capitalise(g.key.substr(2));
      result.groups.push_back(std::move(g));
    }
  }
  std::sort(result.supporting_left.begin(), result.supporting_left.end());
  return result;
}

}  // namespace grounded::synth
