#include "store/jobs.hpp"

#include "core/error.hpp"

namespace grounded::store {

Id start_job(Database& db, const std::string& kind, std::int64_t total) {
  Statement insert = db.prepare("INSERT INTO jobs (kind, status, total) VALUES (?1, 'running', ?2)");
  insert.bind(1, kind).bind(2, total).run();
  return db.last_insert_id();
}

Id queue_job(Database& db, const std::string& kind, std::int64_t total, const std::string& message) {
  Statement insert = db.prepare("INSERT INTO jobs (kind, status, total, message) VALUES (?1, 'queued', ?2, ?3)");
  insert.bind(1, kind).bind(2, total).bind(3, message).run();
  return db.last_insert_id();
}

void update_job(Database& db, Id id, std::int64_t done, std::int64_t total, const std::string& message,
                const std::string& result_json) {
  Statement update = db.prepare(
      "UPDATE jobs SET status = 'running', done = ?2, total = ?3, message = ?4,"
      " result = CASE WHEN ?5 = '' THEN result ELSE ?5 END WHERE id = ?1");
  update.bind(1, id).bind(2, done).bind(3, total).bind(4, message).bind(5, result_json).run();
}

void finish_job(Database& db, Id id, bool ok, const std::string& message, const std::string& result_json) {
  Statement update = db.prepare(
      "UPDATE jobs SET status = ?2, message = ?3, result = ?4, done = CASE WHEN ?2 = 'done' THEN total ELSE done END,"
      " finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
  update.bind(1, id).bind(2, ok ? "done" : "failed").bind(3, message).bind(4, result_json).run();
}

void run_job(Database& db, Id id, const std::string& failure_prefix, const std::function<JobOutcome()>& work) {
  try {
    JobOutcome outcome = work();
    finish_job(db, id, true, outcome.message, outcome.result_json);
  } catch (const std::exception& e) {
    finish_job(db, id, false, failure_prefix + e.what());
    throw;
  }
}

Job get_job(Database& db, Id id) {
  Statement query = db.prepare(
      "SELECT id, kind, status, done, total, message, result, started_at, coalesce(finished_at, '') FROM jobs"
      " WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no job with id " + std::to_string(id));
  return {query.int64(0), query.text(1), query.text(2), query.int64(3), query.int64(4),
          query.text(5),  query.text(6), query.text(7), query.text(8)};
}

}  // namespace grounded::store
