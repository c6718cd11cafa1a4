// PII redaction recall and false positives per type on the labeled strings
// in tests/fixtures/pii/pii_cases.csv (or a CSV given on the command line),
// side by side with the redactor as it was before (e-mail, phone, card:
// bench/legacy_redact.inc, kept only here as the baseline). Prints JSON.
// Target (issue 12): recall ≥ 95 % with ≤ 2 % of clean look-alikes changed.
//
//   build/pii_bench [cases.csv] [--misses] [--outputs]
//
// --outputs prints, instead of the scores, every line's text and what the
// redactor made of it, so two builds can be compared line by line (a
// refactor that should change nothing: diff the two outputs).
#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ingest/pii_eval.hpp"
#include "ingest/redact.hpp"
#include "ingest/text_util.hpp"

namespace legacy {
using grounded::ingest::to_lower_ascii;
#include "legacy_redact.inc"
}

using namespace grounded::ingest;

namespace {

nlohmann::json report(const PiiScore& s, bool misses, const std::vector<PiiCase>& cases) {
  nlohmann::json types = nlohmann::json::object();
  for (const auto& [type, t] : s.by_type) {
    types[type] = {{"cases", t.cases}, {"found", t.found}, {"recall", t.recall()}};
    if (t.wrong_placeholder) types[type]["wrong_placeholder"] = t.wrong_placeholder;
    if (misses) {
      nlohmann::json m = nlohmann::json::array();
      for (int line : t.missed_lines)
        for (const auto& c : cases)
          if (c.line == line) m.push_back(c.text);
      types[type]["missed"] = m;
    }
  }
  nlohmann::json out = {{"recall", s.positives() ? static_cast<double>(s.found()) / s.positives() : 1.0},
                        {"positives", s.positives()},
                        {"found", s.found()},
                        {"clean", s.clean},
                        {"clean_changed", s.clean_changed},
                        {"false_positive_rate", s.clean ? static_cast<double>(s.clean_changed) / s.clean : 0.0},
                        {"by_type", types}};
  // Per kind (files with a kind column): "found" of the positives, "changed" of the clean.
  if (!s.positive_kinds.empty()) {
    nlohmann::json k = nlohmann::json::object();
    for (const auto& [kind, t] : s.positive_kinds) k[kind] = {{"cases", t.cases}, {"found", t.hits}};
    out["positive_kinds"] = k;
  }
  if (!s.clean_kinds.empty()) {
    nlohmann::json k = nlohmann::json::object();
    for (const auto& [kind, t] : s.clean_kinds) k[kind] = {{"cases", t.cases}, {"changed", t.hits}};
    out["clean_kinds"] = k;
  }
  if (misses) {
    nlohmann::json fp = nlohmann::json::array();
    for (int line : s.false_positive_lines)
      for (const auto& c : cases)
        if (c.line == line) fp.push_back(c.text);
    out["false_positives"] = fp;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(GROUNDED_SOURCE_DIR) + "/tests/fixtures/pii/pii_cases.csv";
  bool misses = false, outputs = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--misses") == 0) misses = true;
    else if (std::strcmp(argv[i], "--outputs") == 0) outputs = true;
    else path = argv[i];
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "pii_bench: cannot read " << path << "\n";
    return 2;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  std::vector<PiiCase> cases;
  try {
    cases = read_pii_cases(buf.str());
  } catch (const std::exception& e) {  // a malformed cases file is bad input, not a crash
    std::cerr << "pii_bench: " << path << ": " << e.what() << "\n";
    return 2;
  }
  if (outputs) {
    nlohmann::json lines = nlohmann::json::array();
    for (const PiiCase& c : cases) lines.push_back({{"line", c.line}, {"text", c.text}, {"redacted", redact_pii(c.text)}});
    std::cout << lines.dump(1) << "\n";
    return 0;
  }
  const PiiScore now = score_redactor(cases, [](const std::string& t) { return redact_pii(t); });
  const PiiScore before = score_redactor(cases, [](const std::string& t) { return legacy::redact_pii(t); });
  nlohmann::json out = {{"cases_file", path},
                        {"cases", cases.size()},
                        {"redactor", report(now, misses, cases)},
                        {"legacy_redactor", report(before, misses, cases)}};
  std::cout << out.dump(2) << "\n";
  return 0;
}
