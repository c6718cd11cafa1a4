#include "tagger/tag_runner.hpp"

#include <map>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/jobs.hpp"
#include "store/source_body.hpp"
#include "tagger/model_store.hpp"
#include "tagger/tag_store.hpp"

namespace grounded::tagger {
namespace {

struct Row {
  Id id;
  Id source_id;
  std::string role;
  std::string text;
  std::int64_t start_byte;
  std::int64_t end_byte;
};

constexpr const char* kRowColumns = "id, source_id, speaker_role, text, start_byte, end_byte, ordinal";

Row row_of(store::Statement& st) {
  return Row{st.int64(0), st.int64(1), st.text(2), st.text(3), st.int64(4), st.int64(5)};
}

// Writes suggestions for a run of excerpts (ordered by source, ordinal),
// remembering the last interviewer turn per source as the question. A
// review's part is read under the label the export gave it ("Dislikes: "),
// found in the source body between the previous excerpt and this one.
class Writer {
 public:
  Writer(store::Database& db, const Tagger& tagger)
      : db_(db),
        tagger_(tagger),
        existing_(db.prepare("SELECT category, status FROM tags WHERE excerpt_id = ?1")) {}

  void write(const Row& row, TagRunResult& result) {
    ++result.excerpts;
    if (row.source_id != source_) {
      source_ = row.source_id;
      question_.clear();
      source_body_.reset();
      previous_end_ = 0;
    }
    const std::int64_t lead_start = previous_end_;
    previous_end_ = row.end_byte;
    if (row.role == "author") question_ = section_label(lead_start, row.start_byte);
    if (row.role == "interviewer" || row.role == "agent") {
      question_ = row.role == "interviewer" ? row.text : std::string();
      return;
    }
    std::map<std::string, std::string> have;
    existing_.bind(1, row.id);
    while (existing_.step()) {
      std::string status = existing_.text(1);
      auto& slot = have[existing_.text(0)];
      if (slot != "rejected") slot = status;
    }
    existing_.reset();
    for (Tag& tag : tagger_.suggest_tags(row.id, row.text, question_)) {
      auto it = have.find(tag.category);
      if (it != have.end()) {
        (it->second == "rejected" ? result.skipped_rejected : result.skipped_existing)++;
        continue;
      }
      if (insert_tag(db_, tag)) ++result.suggested;
      else ++result.skipped_rejected;
    }
    question_.clear();  // a question informs the answer right after it only
  }

 private:
  // The short label between two parts of a review ("\n\nDislikes: "), or "".
  std::string section_label(std::int64_t from, std::int64_t to) {
    if (from < 0 || to <= from || to - from > 80) return {};
    if (!source_body_) source_body_ = store::source_body(db_, source_);  // once per source, and only for reviews
    if (to > static_cast<std::int64_t>(source_body_->size())) return {};
    return source_body_->substr(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from));
  }

  store::Database& db_;
  const Tagger& tagger_;
  store::Statement existing_;
  Id source_ = 0;
  std::string question_;
  std::optional<std::string> source_body_;
  std::int64_t previous_end_ = 0;
};

std::unique_ptr<Tagger> tagger_for(store::Database& db, const Tagger* given) {
  if (given) return nullptr;
  return std::make_unique<Tagger>(model_for(db));
}

}  // namespace

TagRunResult tag_source(store::Database& db, Id source_id, const Tagger* tagger) {
  auto own = tagger_for(db, tagger);
  const Tagger& t = tagger ? *tagger : *own;
  TagRunResult result;
  store::Transaction tx(db);
  {
    // Checked inside the transaction: a read still open when BEGIN IMMEDIATE
    // runs makes it fail at once, without waiting, while any other
    // connection writes (the flaky "database is locked" of this job).
    auto check = db.prepare("SELECT 1 FROM sources WHERE id = ?1");
    check.bind(1, source_id);
    if (!check.step()) throw not_found("no source with id " + std::to_string(source_id));
  }
  Writer writer(db, t);
  auto st = db.prepare(std::string("SELECT ") + kRowColumns + " FROM excerpts WHERE source_id = ?1 ORDER BY ordinal");
  st.bind(1, source_id);
  while (st.step()) writer.write(row_of(st), result);
  tx.commit();
  return result;
}

std::int64_t excerpts_to_tag(store::Database& db, std::optional<Id> study_id) {
  auto count = db.prepare(
      "SELECT count(*) FROM excerpts WHERE ?1 IS NULL OR source_id IN (SELECT id FROM sources WHERE study_id = ?1)");
  count.bind(1, study_id);
  count.step();
  return count.int64(0);
}

TagRunResult tag_all(store::Database& db, const TagProgress& progress, std::optional<Id> job_id,
                     const Tagger* tagger, std::optional<Id> study_id) {
  auto own = tagger_for(db, tagger);
  const Tagger& t = tagger ? *tagger : *own;
  TagRunResult result;
  const std::int64_t total = excerpts_to_tag(db, study_id);
  result.job_id = job_id ? *job_id : store::start_job(db, "tag_all", total);
  store::run_job(db, result.job_id, "", [&] {
    Writer writer(db, t);
    Id after_source = -1;
    std::int64_t after_ordinal = -1;
    constexpr int batch = 500;
    while (true) {
      // Keyset paging by (source, ordinal): each batch its own transaction,
      // so readers and the jobs row see progress.
      std::vector<Row> rows;
      std::int64_t last_ordinal = after_ordinal;
      {
        auto st = db.prepare(std::string("SELECT ") + kRowColumns +
                             " FROM excerpts WHERE (source_id, ordinal) > (?1, ?2)"
                             " AND (?4 IS NULL OR source_id IN (SELECT id FROM sources WHERE study_id = ?4))"
                             " ORDER BY source_id, ordinal LIMIT ?3");
        st.bind(1, after_source).bind(2, after_ordinal).bind(3, batch).bind(4, study_id);
        while (st.step()) {
          rows.push_back(row_of(st));
          last_ordinal = st.int64(6);
        }
      }
      if (rows.empty()) break;
      store::Transaction tx(db);
      for (const auto& row : rows) writer.write(row, result);
      tx.commit();
      after_source = rows.back().source_id;
      after_ordinal = last_ordinal;
      store::update_job(db, result.job_id, result.excerpts, total);
      if (progress && !progress(result.excerpts, total)) break;
    }
    return store::JobOutcome{
        std::to_string(result.suggested) + " suggestions for " + std::to_string(result.excerpts) + " excerpts",
        dump_json(nlohmann::json(result))};
  });
  return result;
}

void to_json(nlohmann::json& out, const TagRunResult& r) {
  out = {{"excerpts", r.excerpts},
         {"suggested", r.suggested},
         {"skipped_existing", r.skipped_existing},
         {"skipped_rejected", r.skipped_rejected},
         {"job_id", r.job_id}};
}

}  // namespace grounded::tagger
