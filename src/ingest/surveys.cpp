#include "ingest/surveys.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/error.hpp"
#include "ingest/survey_layout.hpp"
#include "ingest/text_util.hpp"
#include "text/strings.hpp"

namespace grounded::ingest {
namespace {

enum class AnswerKind { open, scale, choice, attribute };

const char* name_of(AnswerKind k) {
  switch (k) {
    case AnswerKind::open: return "open";
    case AnswerKind::scale: return "scale";
    case AnswerKind::attribute: return "attribute";
    default: return "choice";
  }
}

bool is_number(std::string_view s) {
  std::string t(trim(s));
  if (t.empty()) return false;
  char* end = nullptr;
  std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == ',';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// A multi-select answer's options: Typeform joins them with "," and no
// space, quoting an option that holds a comma. Sentence commas have a space
// after them, so prose stays whole.
std::vector<std::string> choices_of(std::string_view value) {
  std::vector<std::string> out;
  std::string part;
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted && (i + 1 == value.size() || value[i + 1] != ' ')) {
      if (!trim(part).empty()) out.emplace_back(trim(part));
      part.clear();
    } else part += c;
  }
  if (!trim(part).empty()) out.emplace_back(trim(part));
  return out;
}

// Open (free text) or closed, read from the answers when the export does
// not say: numbers are a scale; short values that recur are choices;
// sentences are open.
AnswerKind classify(const SurveyQuestion& q, const std::vector<std::string>& values) {
  if (!q.attribute.empty()) return AnswerKind::attribute;
  if (q.open) return AnswerKind::open;
  if (q.columns.size() > 1) return AnswerKind::choice;
  std::size_t count = 0, numbers = 0, words = 0, sentences = 0, parts = 0, part_words = 0, recurring = 0;
  std::map<std::string, int> seen;
  for (const auto& v : values) {
    if (v.empty()) continue;
    ++count;
    numbers += is_number(v);
    words += word_count(v);
    char last = v.back();
    sentences += last == '.' || last == '!' || last == '?' || word_count(v) >= 6;
    for (const auto& c : choices_of(v)) {
      ++parts;
      part_words += word_count(c);
      ++seen[text::lower(c)];
    }
  }
  if (count == 0) return AnswerKind::choice;
  if (numbers == count) return AnswerKind::scale;
  std::set<std::string> distinct;
  for (const auto& v : values)
    if (!v.empty()) distinct.insert(text::lower(v));
  if (count >= 20 && distinct.size() <= 12 && count >= 3 * distinct.size()) return AnswerKind::choice;  // a few recurring values
  for (const auto& [part, n] : seen)
    if (n >= 2) recurring += static_cast<std::size_t>(n);
  const double words_per_part = parts ? static_cast<double>(part_words) / parts : 0;
  if (parts >= 4 && recurring * 2 >= parts && words_per_part <= 4) return AnswerKind::choice;
  if (static_cast<double>(words) / count >= 3 && sentences * 3 >= count) return AnswerKind::open;
  return AnswerKind::choice;
}

// "2024-03-12 09:18:47" → "2024-03-12T09:18:47Z"; "3/12/2024 9:14:03" →
// "2024-03-12"; anything else → "".
std::string response_time(std::string_view raw) {
  std::string s(trim(raw));
  if (s.size() >= 19 && s[4] == '-' && s[10] == ' ' && s[13] == ':') return s.substr(0, 10) + "T" + s.substr(11, 8) + "Z";
  const bool year_first = s.size() >= 10 && (s[4] == '-' || s[4] == '/') &&
                          std::all_of(s.begin(), s.begin() + 4, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (year_first) {
    std::string d = s.substr(0, 10);
    d[4] = d[7] = '-';
    return d;
  }
  std::size_t a = s.find('/'), b = a == std::string::npos ? a : s.find('/', a + 1);
  if (b == std::string::npos || b + 5 > s.size()) return {};
  int m = std::atoi(s.substr(0, a).c_str()), d = std::atoi(s.substr(a + 1, b - a - 1).c_str());
  int y = std::atoi(s.substr(b + 1, 4).c_str());
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900) return {};
  char out[24];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  return out;
}

const char* tool_title(const std::string& tool) {
  if (tool == "typeform") return "Typeform";
  if (tool == "google_forms") return "Google Forms";
  if (tool == "surveymonkey") return "SurveyMonkey";
  return "Qualtrics";
}

// One question's answer in one row: the cell, or the chosen options.
std::vector<std::string> answers_in_row(const SurveyQuestion& q, const std::vector<std::string>& row, AnswerKind kind) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < q.columns.size(); ++i) {
    std::string cell(trim(row[q.columns[i]]));
    if (cell.empty()) continue;
    if (!q.options[i].empty()) out.push_back(q.options[i]);
    else if (kind == AnswerKind::choice) for (auto& c : choices_of(cell)) out.push_back(std::move(c));
    else out.push_back(cell);
  }
  return out;
}

}  // namespace

int survey_score(const CsvTable& table) { return survey_header_score(table); }

ParsedFile parse_survey_csv(const CsvTable& table) {
  SurveyLayout layout = survey_layout(table);
  ParsedFile file;
  file.format = layout.tool + "_csv";
  std::vector<AnswerKind> kinds;
  for (const SurveyQuestion& q : layout.questions) {
    std::vector<std::string> values;
    for (std::size_t r = layout.first_row; r < table.rows.size(); ++r)
      for (std::size_t c : q.columns) values.emplace_back(trim(table.rows[r][c]));
    kinds.push_back(classify(q, values));
  }
  for (std::size_t r = layout.first_row; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const int line = table.row_lines[r];
    std::string id = layout.id_column ? std::string(trim(row[*layout.id_column])) : std::string();
    const std::string respondent = id.empty() ? "row " + std::to_string(line) : id;
    const bool partial = layout.partial_column && iequals(trim(row[*layout.partial_column]), layout.partial_value);
    ParsedSource src;
    src.kind = SourceKind::survey;
    // A response id names one person; without one, "Respondent" is generic
    // and becomes "Respondent (file#response=row N)".
    src.participant_name = id.empty() ? "Respondent" : "Respondent " + clip_utf8(id, 12);
    src.participant_named = !id.empty();
    src.origin_suffix = "#response=" + respondent;
    src.title = std::string(tool_title(layout.tool)) + " response " + (id.empty() ? respondent : clip_utf8(id, 12));
    if (layout.date_column) src.occurred_at = response_time(row[*layout.date_column]);
    nlohmann::json closed = nlohmann::json::object();
    nlohmann::json attributes = nlohmann::json::object();
    std::vector<SurveyAnswer> answers;
    for (std::size_t qi = 0; qi < layout.questions.size(); ++qi) {
      const SurveyQuestion& q = layout.questions[qi];
      std::vector<std::string> given = answers_in_row(q, row, kinds[qi]);
      if (given.empty()) continue;
      for (const auto& a : given) answers.push_back({respondent, -1, q.text, a, name_of(kinds[qi])});
      if (kinds[qi] == AnswerKind::open) {
        Turn question{"Survey", SpeakerRole::interviewer, "Question", q.text, std::nullopt, std::nullopt, line};
        Turn answer{src.participant_name, SpeakerRole::participant, "Answer", given[0], std::nullopt, std::nullopt, line};
        src.turns.push_back(std::move(question));
        src.turns.push_back(std::move(answer));
        continue;
      }
      closed[q.text] = given.size() == 1 && q.columns.size() == 1 && kinds[qi] != AnswerKind::choice
                           ? nlohmann::json(given[0])
                           : nlohmann::json(given);
      if (!q.attribute.empty()) attributes[q.attribute] = given[0];
    }
    if (answers.empty() || (partial && src.turns.empty())) {
      ++file.skipped_rows;
      continue;
    }
    if (attributes.contains("role")) src.participant_role = attributes["role"];
    if (attributes.contains("company")) src.account_name = attributes["company"];
    if (!src.turns.empty()) {
      src.meta["survey"] = {{"tool", layout.tool}, {"respondent", respondent}, {"status", partial ? "partial" : "completed"},
                            {"answers", closed}};
      if (!attributes.empty()) src.meta["attributes"] = attributes;
      for (auto& a : answers) a.source = static_cast<int>(file.sources.size());
      file.sources.push_back(std::move(src));
    }
    for (auto& a : answers) file.survey_answers.push_back(std::move(a));
  }
  if (file.sources.empty() && file.survey_answers.empty())
    throw invalid_input("a " + layout.tool + " export without any answered response");
  return file;
}

std::size_t drop_known_respondents(ParsedFile& file, const std::set<std::string>& known) {
  auto is_known = [&](const std::string& respondent) {
    return !respondent.starts_with("row ") && known.count(respondent) > 0;
  };
  std::set<std::string> dropped;
  std::vector<int> new_index(file.sources.size(), -1);
  std::vector<ParsedSource> kept;
  for (std::size_t i = 0; i < file.sources.size(); ++i) {
    const nlohmann::json& survey = file.sources[i].meta["survey"];
    const std::string respondent = survey.is_object() ? survey.value("respondent", "") : "";
    if (!respondent.empty() && is_known(respondent)) continue;
    new_index[i] = static_cast<int>(kept.size());
    kept.push_back(std::move(file.sources[i]));
  }
  std::vector<SurveyAnswer> answers;
  for (SurveyAnswer& a : file.survey_answers) {
    if (is_known(a.respondent)) {
      dropped.insert(a.respondent);
      continue;
    }
    if (a.source >= 0) a.source = new_index[static_cast<std::size_t>(a.source)];
    answers.push_back(std::move(a));
  }
  file.sources = std::move(kept);
  file.survey_answers = std::move(answers);
  return dropped.size();
}

}  // namespace grounded::ingest
