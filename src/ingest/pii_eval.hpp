// Scoring a redactor against labeled strings (tests/fixtures/pii/pii_cases.csv):
// columns text, type ("email", …, or "clean" for a look-alike that must
// survive) and expected (the substring that must be gone). A case counts as
// found when the expected substring no longer appears and the type's
// placeholder does; a clean case counts as a false positive when anything
// in it changed. An optional fourth column, kind, names a finer group
// ("passport", "tracking", "uuid", …) so figures can be read per kind: for a
// positive, redacted or not; for a clean string, changed or not. Shared by
// the recall test and bench/pii_bench.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace grounded::ingest {

struct PiiCase {
  std::string text, type, expected;
  std::string kind;  // optional finer group; empty when the file has no kind column
  int line = 0;
};

// Throws Error(invalid_input) for a file without the three columns or a
// positive row whose expected substring is not in its text.
std::vector<PiiCase> read_pii_cases(std::string_view csv_text);

struct PiiTypeScore {
  int cases = 0, found = 0;     // positives of this type, and how many were redacted
  int wrong_placeholder = 0;    // gone, but under another type's placeholder
  std::vector<int> missed_lines;
  double recall() const { return cases ? static_cast<double>(found) / cases : 1.0; }
};

// Per kind: cases of that kind, and hits (positives redacted, or clean
// strings changed).
struct PiiKindScore {
  int cases = 0, hits = 0;
};

struct PiiScore {
  std::map<std::string, PiiTypeScore> by_type;  // positives
  std::map<std::string, PiiKindScore> positive_kinds, clean_kinds;  // only rows with a kind
  int clean = 0, clean_changed = 0;              // look-alikes, and how many were altered
  std::vector<int> false_positive_lines;
  int positives() const;
  int found() const;
};

PiiScore score_redactor(const std::vector<PiiCase>& cases, const std::function<std::string(const std::string&)>& redact);

}  // namespace grounded::ingest
