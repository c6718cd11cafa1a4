// The review cadence of personas: a quarterly review and an annual rebuild
// (intervals and the quarterly steps in src/synth/data/quarterly_review.json),
// what is due or overdue, and the "since last review" view: new evidence,
// new or grown themes and win/loss in the persona's cohort since the last
// quarterly review (or, never reviewed, since the persona was created).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"
#include "segments/segment_history.hpp"
#include "store/deals.hpp"

namespace grounded::synth {

struct ReviewDates {
  Id persona_id = 0;
  std::string persona_name;
  std::string last_review;   // YYYY-MM-DD: the last quarterly review, else the creation date
  std::string next_review;   // last_review + review_every_days
  std::string last_rebuild;  // the last rebuild, else the creation date
  std::string next_rebuild;  // last_rebuild + rebuild_every_days
  bool reviewed_ever = false;
  bool review_overdue = false;   // next_review < today
  bool rebuild_overdue = false;  // next_rebuild < today
  long days_to_review = 0;       // negative when overdue
};

struct ThemeChange {
  std::string category;
  std::string theme;            // the tag's theme, or its category when it has none
  std::int64_t before = 0;      // tagged excerpts in sources added before the review
  std::int64_t since = 0;       // … and since
  std::string change;           // new | grown
};

struct ReviewStep {
  std::string key;
  std::string title;
};

struct SinceReview {
  ReviewDates dates;
  std::string since;               // the date the view counts from
  std::int64_t new_sources = 0;    // cohort sources added since
  std::int64_t new_excerpts = 0;
  std::vector<Id> new_source_ids;  // newest first, at most 50
  std::vector<ThemeChange> themes; // new first, then grown; most grown first
  std::vector<store::Deal> deals;  // deals of the persona's accounts closed since
  std::int64_t won = 0, lost = 0;
  // Segment shifts of the persona's users (its participants' and its
  // accounts' users) and accounts, weekly: the week of `since` against the
  // latest (segments/segment_history.hpp), and how many moved into each segment.
  std::string segments_from, segments_to;
  std::vector<segments::SegmentMove> segment_moves;
  std::map<std::string, std::int64_t> moved_to;  // "at-risk" → 3
  std::vector<ReviewStep> steps;
};

void to_json(nlohmann::json& out, const ReviewDates& dates);
void to_json(nlohmann::json& out, const SinceReview& view);

// `today` as YYYY-MM-DD…; "" = the clock. Error(not_found) for an unknown persona.
ReviewDates review_dates(store::Database& db, Id persona_id, const std::string& today = "");
// Every persona's dates, overdue first, then by next review.
std::vector<ReviewDates> review_schedule(store::Database& db, const std::string& today = "");
SinceReview since_last_review(store::Database& db, Id persona_id, const std::string& today = "");

// Records a quarterly review done today (and a rebuild when `rebuild`);
// audited as persona.cadence_review. Error(not_found) for an unknown persona.
ReviewDates record_cadence_review(store::Database& db, Id persona_id, bool rebuild, const std::string& who,
                                  const std::string& today = "");

}  // namespace grounded::synth
