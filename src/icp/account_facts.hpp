// What the scorer knows about one account: its fields (whatever columns the
// accounts table has, plus meta.KEY for its meta object) and its tagged
// customer excerpts. Plain values, so scoring is testable without SQLite;
// icp/account_evidence.hpp fills them from the database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace grounded::icp {

struct FieldValue {
  std::string text;                // as stored ("" for a number column)
  std::string folded;              // text lower-cased, for matching
  std::optional<double> number;    // for number columns and numeric meta values
  bool present() const { return number.has_value() || !folded.empty(); }
};

// Builds a FieldValue from text (trimmed, folded) or from a number.
FieldValue text_value(const std::string& text);
FieldValue number_value(double number);

// One tag on one customer excerpt of the account, with what a citation shows.
struct EvidenceExcerpt {
  Id excerpt_id = 0;
  Id source_id = 0;
  std::string quote;               // the excerpt's text
  std::string source_title;
  std::string source_kind;         // interview, ticket, review, survey, note
  std::string occurred_at;         // ISO date of the source; "" when unknown
  std::optional<std::int64_t> start_ms;
  std::string speaker;
  std::string participant_label;
  std::string participant_role;
  std::string seniority;
  std::string category;            // the tag's category
  std::map<std::string, std::string> subfields;  // the tag's sub-fields (text values only)
  std::string tag_status;          // accepted | suggested
  double confidence = 0;
};

struct AccountFacts {
  Id id = 0;
  std::string name;
  std::map<std::string, FieldValue> fields;  // "industry", "employees", "meta.tier", …
  std::vector<EvidenceExcerpt> evidence;     // one entry per tag
};

}  // namespace grounded::icp
