#include "ingest/pii_eval.hpp"

#include "core/error.hpp"
#include "ingest/csv_reader.hpp"

namespace grounded::ingest {

std::vector<PiiCase> read_pii_cases(std::string_view csv_text) {
  CsvTable table = read_csv(csv_text);
  auto text = table.column("text"), type = table.column("type"), expected = table.column("expected");
  auto kind = table.column("kind");
  if (!text || !type || !expected) throw invalid_input("PII cases need the columns text, type and expected");
  std::vector<PiiCase> cases;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    PiiCase c{row[*text], row[*type], row[*expected], kind ? row[*kind] : std::string(), table.row_lines[r]};
    if (c.type != "clean" && (c.expected.empty() || c.text.find(c.expected) == std::string::npos))
      throw invalid_input("PII case on line " + std::to_string(c.line) + ": expected '" + c.expected +
                          "' is not in its text");
    cases.push_back(std::move(c));
  }
  return cases;
}

int PiiScore::positives() const {
  int n = 0;
  for (const auto& [_, s] : by_type) n += s.cases;
  return n;
}

int PiiScore::found() const {
  int n = 0;
  for (const auto& [_, s] : by_type) n += s.found;
  return n;
}

PiiScore score_redactor(const std::vector<PiiCase>& cases, const std::function<std::string(const std::string&)>& redact) {
  PiiScore score;
  for (const PiiCase& c : cases) {
    const std::string out = redact(c.text);
    if (c.type == "clean") {
      ++score.clean;
      const bool changed = out != c.text;
      if (changed) {
        ++score.clean_changed;
        score.false_positive_lines.push_back(c.line);
      }
      if (!c.kind.empty()) {
        ++score.clean_kinds[c.kind].cases;
        score.clean_kinds[c.kind].hits += changed;
      }
      continue;
    }
    PiiTypeScore& s = score.by_type[c.type];
    ++s.cases;
    const bool gone = out.find(c.expected) == std::string::npos;
    const bool placeholder = out.find("[" + c.type + "]") != std::string::npos;
    if (!c.kind.empty()) {
      ++score.positive_kinds[c.kind].cases;
      score.positive_kinds[c.kind].hits += gone && placeholder;
    }
    if (gone && placeholder) {
      ++s.found;
    } else {
      if (gone) ++s.wrong_placeholder;
      s.missed_lines.push_back(c.line);
    }
  }
  return score;
}

}  // namespace grounded::ingest
