// The ICP scoring matrix as data: weighted attributes rated Ideal (5),
// Good (3) or Poor (1) by rules on account fields or on the account's tagged
// evidence, disqualifiers, qualifying signals and tiers. The default ships
// as src/icp/data/icp_matrix.json (its "_comment" documents the format);
// people edit a copy and save it as a new version (icp/matrix_store.hpp).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace grounded::icp {

// A list of words as written (for people) and case-folded (for matching).
struct Words {
  std::vector<std::string> shown;
  std::vector<std::string> folded;
};

// Which of an account's tagged excerpts an evidence rule reads, and what
// each one is worth.
struct EvidenceSelector {
  std::string category;                               // a taxonomy category, e.g. "pain_point"
  std::map<std::string, std::vector<std::string>> where;  // sub-field → accepted values
  std::string points_by;                              // sub-field whose value gives the points ("" = default)
  std::map<std::string, double> points;               // value of points_by → points
  double default_points = 1;
  std::optional<int> recent_days;                     // older (or undated) excerpts count older_factor
  double older_factor = 1;
  Words decision_makers;                              // seniority/role words of a decision-maker
  std::string noun;                                   // "pain point", "objection (root_cause price)"; set by parse_matrix
};

// One test on an account: on a field (range or list) or on its evidence.
// Every test that is set must hold.
struct Condition {
  std::string field;                      // "employees", "industry", "meta.tier" … ("" for evidence)
  std::optional<double> min, max;         // range, inclusive
  std::optional<Words> any_of;            // equal to one of them, ignoring case
  std::optional<Words> none_of;           // set, and equal to none of them
  std::optional<Words> contains_any;      // contains one of them, ignoring case
  std::optional<EvidenceSelector> evidence;
  std::optional<int> min_excerpts, max_excerpts;
  std::optional<double> min_points;
  bool decision_maker = false;            // a matched excerpt spoken by a decision-maker
  std::string description;                // describe(*this), set once by parse_matrix (scoring reads it per account)
};

enum class AttributeKind { range, list, evidence };

struct MatrixAttribute {
  std::string key;
  std::string label;
  double weight = 0;  // percent; all weights total 100
  AttributeKind kind = AttributeKind::list;
  Condition ideal;               // rated 5 when it holds
  std::optional<Condition> good;  // else 3 when it holds; else Poor (1)
};

// A disqualifier (adjust unused) or a positive/negative qualifying signal.
struct MatrixRule {
  std::string key;
  std::string label;
  double adjust = 0;  // added to the weighted score (signals)
  Condition when;
};

struct Tier {
  std::string key;
  std::string label;
  double min = 0;  // lowest score in the tier (unused for `below`)
};

struct Matrix {
  std::string name;
  std::vector<std::string> evidence_statuses;  // tag statuses that count ("accepted", "suggested")
  double evidence_min_confidence = 0;          // suggested tags need at least this confidence
  std::vector<Tier> tiers;                     // highest first
  Tier below;                                  // under the last tier, or disqualified
  std::vector<MatrixAttribute> attributes;
  std::vector<MatrixRule> disqualifiers;
  std::vector<MatrixRule> signals;
  nlohmann::json document;  // the matrix as written (validated), for display and versions
};

// Validates and parses a matrix. Throws Error(invalid_input) listing every
// problem, each naming the attribute (or rule, or tier) and the field:
// "attribute 'company_size' (Company size): 'ideal.min' must be a number",
// "weights total 95%; they must total 100% (Industry 20, …)". Unknown keys,
// unknown tag categories or sub-field values, tiers not in descending order
// and oversized lists are problems too. Field names are checked for shape
// only; matrix_store checks them against the accounts table.
Matrix parse_matrix(const nlohmann::json& document);

// The built-in default (src/icp/data/icp_matrix.json), parsed once.
const Matrix& default_matrix();

// Account fields a matrix reads ("employees", "meta.tier"), without repeats.
std::vector<std::string> fields_read(const Matrix& matrix);

// The condition in words: "industry is one of Logistics, Healthcare",
// "employees from 100 to 1,000", "at least 6 points of pain points".
std::string describe(const Condition& condition);

std::string_view to_string(AttributeKind kind);

}  // namespace grounded::icp
