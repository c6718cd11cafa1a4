// Suggesting tags for excerpts in the database: one source, or the whole
// corpus with progress (store/jobs.hpp) so the UI can poll a background run.
// Interviewer and agent turns are not tagged (they are questions, not
// evidence); each answer is tagged with the interviewer's turn just before it
// as context. A category already on an excerpt (in any status) is not
// suggested again; a rejected one never comes back.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/types.hpp"
#include "store/database.hpp"
#include "tagger/tagger.hpp"

namespace grounded::tagger {

struct TagRunResult {
  std::int64_t excerpts = 0;          // excerpts read (tagged or skipped as questions)
  std::int64_t suggested = 0;         // new suggestions written
  std::int64_t skipped_existing = 0;  // categories already on the excerpt
  std::int64_t skipped_rejected = 0;  // categories a reviewer rejected before
  Id job_id = 0;                      // the jobs row of a tag_all run
};

// (done, total) after each batch; return false to stop early (what was
// written so far stays: each batch is its own transaction).
using TagProgress = std::function<bool(std::int64_t done, std::int64_t total)>;

// Tags one source in one transaction. Error(not_found) for an unknown id.
// `tagger` defaults to one with the database's newest model.
TagRunResult tag_source(store::Database& db, Id source_id, const Tagger* tagger = nullptr);

// Tags every excerpt (of one study when `study_id` is set), in transactions
// of 500 excerpts, reporting progress to `progress` and to the jobs row
// `job_id` (created as kind "tag_all" when not given; finished as done or
// failed). Rethrows after marking the job failed.
TagRunResult tag_all(store::Database& db, const TagProgress& progress = {}, std::optional<Id> job_id = {},
                     const Tagger* tagger = nullptr, std::optional<Id> study_id = {});

// The excerpts tag_all would read: all, or those of one study.
std::int64_t excerpts_to_tag(store::Database& db, std::optional<Id> study_id);

void to_json(nlohmann::json& out, const TagRunResult& result);

}  // namespace grounded::tagger
