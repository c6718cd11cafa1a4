#include "synth/survey_opposites.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <utility>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "text/index_terms.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

struct Rules {
  std::size_t max_answer_words = 4;
  std::vector<std::pair<std::string, std::string>> pairs;
};

const Rules& rules() {
  static const Rules loaded = [] {
    auto text = find_embedded_file("src/synth/data/survey_opposites.json");
    if (!text) throw Error(ErrorKind::internal, "src/synth/data/survey_opposites.json is not embedded");
    nlohmann::json j = nlohmann::json::parse(*text);
    Rules r;
    r.max_answer_words = j.at("max_answer_words").get<std::size_t>();
    for (const auto& pair : j.at("opposite_words")) r.pairs.emplace_back(pair.at(0), pair.at(1));
    return r;
  }();
  return loaded;
}

std::optional<double> number_of(const std::string& answer) {
  const std::string s = text::trim(answer);
  double value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Numeric scales: the answers on the other side of the midpoint of those given.
std::optional<OppositeAnswers> scale_opposite(const std::vector<std::string>& given, const std::string& wanted) {
  auto w = number_of(wanted);
  if (!w) return std::nullopt;
  double lo = *w, hi = *w;
  for (const std::string& a : given) {
    auto v = number_of(a);
    if (!v) return std::nullopt;  // not a numeric scale
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
  }
  OppositeAnswers out;
  const double mid = (lo + hi) / 2;
  if (hi == lo || *w == mid) return out;
  for (const std::string& a : given) {
    const double v = *number_of(a);
    if (*w > mid ? v < mid : v > mid) out.answers.insert(a);
  }
  out.description = std::string("an answer ") + (*w > mid ? "below " : "above ") + format_number(mid);
  return out;
}

std::set<std::string> words_of(const std::string& answer) {
  auto terms = text::folded_terms(answer);
  return {terms.begin(), terms.end()};
}

}  // namespace

OppositeAnswers opposite_answers(const std::vector<std::string>& given, const std::string& wanted) {
  if (auto scale = scale_opposite(given, wanted)) return *scale;
  OppositeAnswers out;
  const Rules& r = rules();
  const std::set<std::string> mine = words_of(wanted);
  if (mine.empty() || mine.size() > r.max_answer_words) return out;
  for (const std::string& answer : given) {
    if (text::lower(answer) == text::lower(wanted)) continue;
    const std::set<std::string> theirs = words_of(answer);
    if (theirs.size() > r.max_answer_words) continue;
    for (const auto& [first, second] : r.pairs) {
      auto has = [](const std::set<std::string>& words, const std::string& w) { return words.count(w) > 0; };
      const bool opposed = (has(mine, first) && !has(mine, second) && has(theirs, second) && !has(theirs, first)) ||
                           (has(mine, second) && !has(mine, first) && has(theirs, first) && !has(theirs, second));
      if (opposed) {
        out.answers.insert(answer);
        break;
      }
    }
  }
  for (const std::string& a : out.answers) out.description += (out.description.empty() ? "'" : ", '") + a + "'";
  return out;
}

}  // namespace grounded::synth
