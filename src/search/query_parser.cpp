#include "search/query_parser.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/types.hpp"
#include "text/index_terms.hpp"
#include "text/utf8.hpp"

namespace grounded::search {
namespace {

struct Term {
  std::string text;
  bool prefix = false;
};

// One clause of the query: a term, or a NEAR group of terms.
struct Item {
  std::vector<Term> terms;  // one, or several for NEAR
  bool near = false;
  int distance = 10;
  bool exclude = false;
};

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string render(const Item& item) {
  auto term = [](const Term& t) { return quote(t.text) + (t.prefix ? "*" : ""); };
  if (!item.near) return term(item.terms.front());
  std::string out = "NEAR(";
  for (std::size_t i = 0; i < item.terms.size(); ++i) out += (i ? " " : "") + term(item.terms[i]);
  return out + ", " + std::to_string(item.distance) + ")";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

class Lexer {
 public:
  explicit Lexer(const std::string& text) : s_(text) {}

  // Clauses in order; "OR" between two clauses is returned as an empty Item
  // with near=false and no terms, marked by or_marker.
  struct Token {
    Item item;
    bool is_or = false;
  };

  std::vector<Token> run(ParsedQuery& parsed) {
    std::vector<Token> out;
    while (true) {
      skip_spaces();
      if (at_end()) break;
      const char c = s_[i_];
      if (c == '(' || c == ')') { ++i_; continue; }  // grouping is not supported: brackets are noise
      bool exclude = false;
      if (c == '-') {
        ++i_;
        if (at_end() || is_space(s_[i_])) continue;  // a lone '-' means nothing
        exclude = true;
      }
      if (s_.compare(i_, 5, "NEAR(") == 0) {
        i_ += 5;
        Item item = near_group();
        item.exclude = exclude;
        out.push_back({std::move(item), false});
        continue;
      }
      Term term;
      bool phrase = false;
      if (s_[i_] == '"') {
        phrase = true;
        term = quoted();
      } else {
        term.text = word();
      }
      if (!phrase && !exclude && term.text == "OR") {
        out.push_back({Item{}, true});
        continue;
      }
      if (!phrase && !exclude && study_with_quoted_name(term.text, parsed)) continue;
      if (!phrase && !exclude && filter_token(term.text, parsed)) continue;
      if (!phrase) strip_prefix_star(term);
      if (term.text.empty()) continue;
      Item item;
      item.terms.push_back(std::move(term));
      item.exclude = exclude;
      out.push_back({std::move(item), false});
    }
    return out;
  }

 private:
  bool at_end() const { return i_ >= s_.size(); }
  void skip_spaces() {
    while (!at_end() && is_space(s_[i_])) ++i_;
  }

  // "..." up to the closing quote, or to the end when the user forgot it.
  // A '*' right after the closing quote makes the phrase's last word a prefix.
  Term quoted() {
    Term t;
    ++i_;
    const std::size_t close = s_.find('"', i_);
    const std::size_t end = close == std::string::npos ? s_.size() : close;
    t.text = s_.substr(i_, end - i_);
    i_ = close == std::string::npos ? s_.size() : close + 1;
    if (!at_end() && s_[i_] == '*') {
      t.prefix = true;
      while (!at_end() && s_[i_] == '*') ++i_;
    }
    return t;
  }

  std::string word() {
    const std::size_t start = i_;
    while (!at_end() && !is_space(s_[i_]) && s_[i_] != '"' && s_[i_] != '(' && s_[i_] != ')') ++i_;
    return s_.substr(start, i_ - start);
  }

  static void strip_prefix_star(Term& t) {
    if (!t.text.empty() && t.text.back() == '*') {
      while (!t.text.empty() && t.text.back() == '*') t.text.pop_back();
      t.prefix = true;
    }
  }

  // NEAR(a "b c" d*, 5): terms up to ')' (or the end), an optional ", N".
  Item near_group() {
    Item item;
    item.near = true;
    while (true) {
      while (!at_end() && (is_space(s_[i_]) || s_[i_] == '(')) ++i_;
      if (at_end()) break;
      if (s_[i_] == ')') { ++i_; break; }
      if (s_[i_] == ',') {
        ++i_;
        while (!at_end() && is_space(s_[i_])) ++i_;
        std::size_t digits = 0;
        while (!at_end() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
          if (digits++ < 4) item.distance = (digits == 1 ? 0 : item.distance * 10) + (s_[i_] - '0');
          ++i_;
        }
        item.distance = std::clamp(item.distance, 0, 100);
        continue;
      }
      Term t;
      if (s_[i_] == '"') {
        t = quoted();
      } else {
        const std::size_t start = i_;
        while (!at_end() && !is_space(s_[i_]) && s_[i_] != '"' && s_[i_] != '(' && s_[i_] != ')' && s_[i_] != ',') ++i_;
        t.text = s_.substr(start, i_ - start);
        strip_prefix_star(t);
      }
      if (!t.text.empty()) item.terms.push_back(std::move(t));
    }
    return item;
  }

  // study:"Name with spaces": the word stops at the quote, so the name is
  // the quoted text right after it.
  bool study_with_quoted_name(const std::string& w, ParsedQuery& parsed) {
    if (at_end() || s_[i_] != '"' || w.size() != 6) return false;
    std::string key = w;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    if (key != "study:") return false;
    Term name = quoted();
    if (!name.text.empty()) parsed.studies.push_back(name.text);
    return true;
  }

  static bool filter_token(const std::string& w, ParsedQuery& parsed) {
    const std::size_t colon = w.find(':');
    if (colon == std::string::npos || colon + 1 >= w.size()) return false;
    std::string key = w.substr(0, colon);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    if (key == "study") {
      parsed.studies.push_back(w.substr(colon + 1));  // names keep their case
      return true;
    }
    std::string value = w.substr(colon + 1);
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    if (key == "kind") {
      parsed.kinds.emplace_back(to_string(parse_source_kind(value)));
    } else if (key == "role") {
      parsed.speaker_roles.emplace_back(to_string(parse_speaker_role(value)));
    } else if (key == "category") {
      parsed.tag_categories.push_back(value);
    } else {
      return false;  // e.g. "text:foo" is a word, never a column filter
    }
    return true;
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

bool searchable(const Term& t) { return !text::folded_terms(t.text).empty(); }

}  // namespace

ParsedQuery parse_query(std::string_view user_query) {
  if (user_query.size() > max_query_bytes) {
    throw invalid_input("The search is too long (" + std::to_string(user_query.size()) + " bytes; at most " +
                        std::to_string(max_query_bytes) + "). Search for a few distinctive words instead.");
  }
  std::string text = text::repair_utf8(user_query);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  ParsedQuery parsed;
  Lexer lexer(text);
  auto tokens = lexer.run(parsed);

  // Drop terms with nothing searchable (punctuation, emoji): FTS5 would treat
  // them as empty phrases, which match nothing and would silently empty the
  // result.
  std::size_t term_count = 0;
  for (auto& token : tokens) {
    if (token.is_or) continue;
    auto& terms = token.item.terms;
    for (const auto& t : terms) {
      if (!searchable(t)) parsed.ignored.push_back(t.text);
    }
    terms.erase(std::remove_if(terms.begin(), terms.end(), [](const Term& t) { return !searchable(t); }), terms.end());
    if (token.item.near && terms.size() < 2) token.item.near = false;  // NEAR of one term is the term
    term_count += terms.size();
  }
  if (term_count > max_query_terms) {
    throw invalid_input("The search has too many terms (" + std::to_string(term_count) + "; at most " +
                        std::to_string(max_query_terms) + ").");
  }

  // Implicit AND between clauses; OR joins its neighbours into one clause.
  std::vector<std::vector<std::string>> clauses;  // each: alternatives joined by OR
  std::vector<std::string> excluded;
  bool pending_or = false;
  for (auto& token : tokens) {
    if (token.is_or) {
      pending_or = !clauses.empty();
      continue;
    }
    Item& item = token.item;
    if (item.terms.empty()) continue;
    std::vector<std::string> rendered;
    if (item.near || item.terms.size() == 1) {
      rendered.push_back(render(item));
    } else {
      for (const auto& t : item.terms) rendered.push_back(render(Item{{t}, false, 10, false}));
    }
    if (!item.exclude) {
      for (const auto& t : item.terms) {
        if (t.prefix) {
          auto words = text::folded_terms(t.text);
          for (std::size_t k = 0; k < words.size(); ++k) parsed.highlight.push_back({words[k], k + 1 == words.size()});
        } else {
          for (auto& w : text::index_terms(t.text)) parsed.highlight.push_back({std::move(w), false});
        }
      }
    }
    if (item.exclude) {
      for (auto& r : rendered) excluded.push_back(std::move(r));
      pending_or = false;
      continue;
    }
    for (std::size_t i = 0; i < rendered.size(); ++i) {
      if (i == 0 && pending_or) {
        clauses.back().push_back(std::move(rendered[i]));
      } else {
        clauses.push_back({std::move(rendered[i])});
      }
    }
    pending_or = false;
  }

  if (clauses.empty()) {
    if (!excluded.empty()) {
      throw invalid_input("Add at least one word to search for: a search of only -excluded words would match everything.");
    }
    if (!parsed.ignored.empty()) {
      throw invalid_input("Nothing to search for: the search has no letters or digits (punctuation and emoji are ignored).");
    }
    if (!parsed.kinds.empty() || !parsed.speaker_roles.empty() || !parsed.tag_categories.empty() ||
        !parsed.studies.empty()) {
      throw invalid_input("Add at least one word to search for besides the kind:, role:, category: or study: filters.");
    }
    throw invalid_input("The search is empty: type at least one word.");
  }

  std::string expr;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    if (i) expr += " AND ";
    const auto& alternatives = clauses[i];
    if (alternatives.size() == 1) {
      expr += alternatives.front();
    } else {
      expr += "(";
      for (std::size_t k = 0; k < alternatives.size(); ++k) expr += (k ? " OR " : "") + alternatives[k];
      expr += ")";
    }
  }
  if (!excluded.empty()) {
    expr = "(" + expr + ")";
    for (const auto& e : excluded) expr += " NOT " + e;
  }
  parsed.fts_expression = std::move(expr);
  return parsed;
}

std::string to_fts_expression(std::string_view user_query) { return parse_query(user_query).fts_expression; }

}  // namespace grounded::search
