// Persistence of tags and of every review action on them.
//
// Contract shared by the tagger (writes suggestions, reviews) and the
// synthesizer (reads accepted and confident suggested tags). Every change a
// person makes is appended to the audit log with who, when, before and after.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::tagger {

// Inserts a suggested (or human) tag; sets tag.id. A suggestion for an
// (excerpt, category) pair that a reviewer already rejected is not inserted
// and the call returns false: rejected suggestions never come back.
bool insert_tag(store::Database& db, Tag& tag);

Tag get_tag(store::Database& db, Id id);  // Error(not_found)
std::vector<Tag> tags_of_excerpt(store::Database& db, Id excerpt_id);
std::vector<Tag> tags_of_source(store::Database& db, Id source_id);

struct TagFilter {
  std::vector<std::string> categories;  // empty = all
  std::vector<TagStatus> statuses;      // empty = all
  std::optional<Id> source_id;
  std::optional<Id> study_id;           // tags on excerpts of that study's sources
  double min_confidence = 0.0;
  // "confidence" (lowest first, the review queue), "uncertainty" (the
  // suggestions whose review teaches the model most first: see
  // tagger/uncertainty.hpp) or "id".
  std::string order = "confidence";
  int limit = 100;
  int offset = 0;
};
// Error(invalid_input) for an unknown order or a negative limit or offset.
std::vector<Tag> list_tags(store::Database& db, const TagFilter& filter);
std::int64_t count_tags(store::Database& db, const TagFilter& filter);

// Review actions, each one transaction with an audit entry ("tag.accept",
// "tag.reject", "tag.edit", "tag.add"; entity "tags"). Error(not_found) for an
// unknown id. `who` is recorded with the time in the tag and the audit log.
void accept_tag(store::Database& db, Id id, const std::string& who);
void reject_tag(store::Database& db, Id id, const std::string& who);
// Changes category and/or sub-fields (JSON object text) and marks it accepted.
// An empty `subfields_json` keeps the current sub-fields when the category is
// unchanged and clears them when it changes. Category and sub-fields are
// checked against the taxonomy (Error(invalid_input)). Changing the category
// of a suggestion also records the old category as rejected for that
// excerpt, so the tagger does not suggest it again.
void edit_tag(store::Database& db, Id id, const std::string& category, const std::string& subfields_json,
              const std::string& who);

// A tag a person adds by hand, on the whole excerpt or a byte span of it.
struct HumanTag {
  Id excerpt_id = 0;
  std::string category;
  std::string subfields_json = "{}";
  std::string theme;
  std::optional<std::int64_t> span_start;  // byte offsets inside the excerpt text
  std::optional<std::int64_t> span_end;
};
// Inserts it as origin human, status accepted, confidence 1, with an audit
// entry. Error(not_found) for an unknown excerpt; Error(invalid_input) for an
// unknown category, bad sub-fields or a span outside the excerpt (or not on
// UTF-8 character boundaries).
Tag add_human_tag(store::Database& db, const HumanTag& request, const std::string& who);

// Whether a reviewer rejected `category` for this excerpt before.
bool was_rejected(store::Database& db, Id excerpt_id, const std::string& category);

}  // namespace grounded::tagger
