// Cohorts: which evidence a persona is built from.
//
// A cohort is a JSON filter; every part is optional and parts combine with AND,
// values inside a list with OR:
//   {"participants": {"ids": [1,2], "roles": ["Controller"], "segments": ["mid-market"]},
//    "accounts":     {"ids": [4], "industries": ["Logistics"], "stages": ["customer"]},
//    "source_kinds": ["interview", "ticket"],
//    "studies":      ["Q3 discovery"],
//    "segments":     ["at-risk"],
//    "tags":         {"categories": ["pain_point"], "themes": ["manual re-keying"]}}
// Role, segment, industry, stage and theme match case-insensitively. A
// participant filter excludes evidence with no known participant; an account
// filter excludes evidence with no known account. The tag filter keeps only
// excerpts carrying a (non-rejected) tag with one of those categories/themes.
// Studies are named (case-insensitively); a name no study has matches
// nothing, so a persona over a deleted study is empty rather than broken.
// Segments are behavioral segments from product analytics (power, regular,
// at-risk, new; segments/segment_history.hpp), as of the latest week: an
// excerpt passes when its participant's analytics user is in one of them,
// or, for a participant with no usage data, its account is. Evidence from
// people and accounts without usage data never passes a segment filter.
// Interviewer and support-agent turns are never part of a cohort: they are
// not customer evidence.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "segments/segment_history.hpp"
#include "store/database.hpp"

namespace grounded::synth {

struct Cohort {
  std::vector<Id> participant_ids;
  std::vector<std::string> roles;
  std::vector<std::string> segments;
  std::vector<Id> account_ids;
  std::vector<std::string> industries;
  std::vector<std::string> stages;
  std::vector<SourceKind> source_kinds;
  std::vector<std::string> tag_categories;
  std::vector<std::string> tag_themes;
  std::vector<std::string> studies;  // study names
  std::vector<std::string> behavior_segments;  // "power", "regular", "at-risk", "new"

  // Parses the JSON text above ("" or "{}" = everyone). Unknown keys, wrong
  // types or unknown source kinds throw Error(invalid_input) naming them.
  static Cohort parse(const std::string& json_text);
  nlohmann::json to_json() const;  // the canonical form stored on the persona
};

// What a cohort holds: the persona's quantitative size.
struct CohortSize {
  std::int64_t participants = 0;
  std::int64_t accounts = 0;
  std::int64_t sources = 0;
  std::int64_t excerpts = 0;
};
void to_json(nlohmann::json& out, const CohortSize& size);

CohortSize cohort_size(store::Database& db, const Cohort& cohort);

// Who and what the cohort holds (sorted, distinct ids).
struct CohortMembers {
  std::vector<Id> participants;
  std::vector<Id> accounts;
  std::vector<Id> sources;
  std::int64_t excerpts = 0;
};
CohortMembers cohort_members(store::Database& db, const Cohort& cohort);

// The facts about one excerpt that cohort filters and evidence strength use.
struct EvidenceContext {
  Id excerpt_id = 0;
  Id source_id = 0;
  std::optional<Id> participant_id;
  std::optional<Id> account_id;
  SourceKind kind = SourceKind::interview;
  std::string occurred_at;
  std::string role;
  std::string segment;
  std::string industry;
  std::string stage;
  std::string behavior_segment;  // "" when the participant and account have no usage data
};

// True when the excerpt's context passes the participant/account/kind parts
// of the cohort (the tag part is checked against the tags table separately).
bool cohort_admits(const Cohort& cohort, const EvidenceContext& context);

// The current behavioral segments, loaded once per query and only when the
// cohort filters on them; fill() sets an excerpt context's behavior_segment
// (its participant's, else its account's) before cohort_admits.
class BehaviorSegments {
 public:
  BehaviorSegments(store::Database& db, const Cohort& cohort);
  void fill(EvidenceContext& context) const;

 private:
  bool active_ = false;
  segments::CurrentSegments current_;
};

// Excerpt ids that pass the tag part of the cohort, or nullopt when the
// cohort has no tag part (everything passes).
std::optional<std::vector<Id>> excerpts_passing_tag_filter(store::Database& db, const Cohort& cohort);

// Source ids (sorted) in the cohort's studies, or nullopt when the cohort
// names no study (every source passes).
std::optional<std::vector<Id>> sources_in_cohort_studies(store::Database& db, const Cohort& cohort);

}  // namespace grounded::synth
