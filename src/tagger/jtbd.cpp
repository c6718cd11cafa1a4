#include "tagger/jtbd.hpp"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/regex_text.hpp"

namespace grounded::tagger {
namespace {

struct Shape {
  std::string name;
  std::vector<std::string> groups;
  std::vector<std::string> requires_words;  // lower-case; one must occur as whole words
  std::unique_ptr<icu::RegexPattern> regex;
};

struct Grammar {
  std::vector<Shape> shapes;
  std::vector<std::string> emotional, social;  // each cue with a leading space: matched at a word start
};

const Grammar& grammar() {
  static const Grammar g = [] {
    Grammar out;
    auto text = find_embedded_file("src/tagger/data/jtbd.json");
    if (!text) throw Error(ErrorKind::internal, "jtbd.json was not embedded");
    auto doc = nlohmann::json::parse(*text);
    for (const auto& p : doc.at("patterns")) {
      Shape shape;
      shape.name = p.at("name").get<std::string>();
      shape.groups = p.at("groups").get<std::vector<std::string>>();
      shape.requires_words = p.value("requires", std::vector<std::string>{});
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse_error;
      shape.regex.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(p.at("regex").get<std::string>()),
                                                   UREGEX_CASE_INSENSITIVE, parse_error, status));
      if (U_FAILURE(status))
        throw Error(ErrorKind::internal, "jtbd.json: bad pattern '" + shape.name + "': " + u_errorName(status));
      out.shapes.push_back(std::move(shape));
    }
    const auto& cues = doc.at("dimension_cues");
    for (const auto& cue : cues.value("emotional", std::vector<std::string>{})) out.emotional.push_back(" " + cue);
    for (const auto& cue : cues.value("social", std::vector<std::string>{})) out.social.push_back(" " + cue);
    return out;
  }();
  return g;
}

std::string trim(std::string_view s) {
  auto junk = [](char c) {
    return c == ' ' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '\n' || c == '\t' ||
           c == '"' || c == '\r';
  };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool has_word(const std::string& lower, const std::string& word) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || c == '\''; };
  for (std::size_t pos = lower.find(word); pos != std::string::npos; pos = lower.find(word, pos + 1)) {
    std::size_t end = pos + word.size();
    if ((pos == 0 || !letter(lower[pos - 1])) && (end >= lower.size() || !letter(lower[end]))) return true;
  }
  return false;
}

// Cheap gate: every shape needs one of these words, and most text has none.
bool may_hold_job(const std::string& lower) {
  for (const char* w : {"want", "need", "like", "wish", "love", "have", "try", "end up", "must", "able", "expect", "can"})
    if (lower.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string job_dimension(std::string_view text) {
  const Grammar& g = grammar();
  std::string lower = " " + lower_ascii(text) + " ";
  for (const auto& cue : g.emotional)
    if (lower.find(cue) != std::string::npos) return "emotional";
  for (const auto& cue : g.social)
    if (lower.find(cue) != std::string::npos) return "social";
  return "functional";
}

std::optional<JobStatement> parse_job_statement(std::string_view text) {
  if (text.size() > 2000) text = text.substr(0, 2000);  // a job statement is a sentence, not an essay
  std::string lower = lower_ascii(text);
  if (!may_hold_job(lower)) return std::nullopt;
  const Grammar& g = grammar();
  UErrorCode status = U_ZERO_ERROR;
  const RegexText regex_text(text);
  if (!regex_text.ok()) return std::nullopt;
  std::optional<JobStatement> found;
  // RegexMatchers are costly to create and not thread-safe: one set per thread.
  thread_local std::vector<std::unique_ptr<icu::RegexMatcher>> matchers;
  if (matchers.size() != g.shapes.size()) {
    matchers.clear();
    for (const Shape& shape : g.shapes) {
      UErrorCode s = U_ZERO_ERROR;
      matchers.emplace_back(shape.regex->matcher(s));
      if (U_FAILURE(s)) throw Error(ErrorKind::internal, "ICU regex matcher unavailable");
    }
  }
  for (std::size_t n = 0; n < g.shapes.size(); ++n) {
    const Shape& shape = g.shapes[n];
    if (!shape.requires_words.empty() &&
        std::none_of(shape.requires_words.begin(), shape.requires_words.end(),
                     [&](const std::string& w) { return has_word(lower, w); }))
      continue;
    status = U_ZERO_ERROR;
    icu::RegexMatcher* m = matchers[n].get();
    regex_text.attach(*m);
    if (!m->find(status) || U_FAILURE(status)) continue;
    JobStatement job;
    job.pattern = shape.name;
    for (std::size_t i = 0; i < shape.groups.size(); ++i) {
      UErrorCode s = U_ZERO_ERROR;
      int group = static_cast<int>(i) + 1;
      int64_t start = m->start64(group, s), end = m->end64(group, s);
      if (U_FAILURE(s) || start < 0 || end < start) continue;
      std::string part = trim(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
      const std::string& name = shape.groups[i];
      if (name == "situation") job.situation = part;
      else if (name == "motivation") job.motivation = part;
      else if (name == "outcome") job.outcome = part;
      else if (name == "role") job.role = part;
    }
    if (!job.role.empty() && job.situation.empty()) job.situation = "as a " + job.role;
    if (job.motivation.empty()) continue;
    job.dimension = job_dimension(job.motivation + " " + job.outcome);
    found = std::move(job);
    break;
  }
  for (auto& m : matchers) m->reset(icu::UnicodeString());  // drop the pointer to `text`
  return found;
}

nlohmann::json job_subfields(const JobStatement& job) {
  nlohmann::json out = nlohmann::json::object();
  if (!job.situation.empty()) out["situation"] = job.situation;
  if (!job.motivation.empty()) out["motivation"] = job.motivation;
  if (!job.outcome.empty()) out["outcome"] = job.outcome;
  if (!job.dimension.empty()) out["dimension"] = job.dimension;
  return out;
}

}  // namespace grounded::tagger
