// `grounded events import`: a product-analytics export (segments/
// event_formats.hpp) → usage per user and day, mapped to participants and
// accounts (identity_map.hpp), then segments recomputed (segment_history.hpp).
//
// The file is streamed line by line, never held in memory. Events are
// de-duplicated on the export's insert id ($insert_id, insert_id, messageId,
// uuid; without one, on event name + user + time) against this file and every
// earlier import, so re-importing a file or an overlapping export never
// counts an event twice. Only aggregates are stored unless keep_raw.
//
// Bad lines are skipped and counted, and the first 20 are reported with the
// file name and line number: one truncated line at the end of a
// multi-million-line download should not block the other events, and a
// fixed re-import cannot double-count. When more than 1% of the lines (and
// more than 10) are bad, the file is probably not the export it looks like:
// the import is refused, naming the first bad lines, and nothing is written.
// Everything else is one transaction too: an error leaves the database as it was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::segments {

// How far an import is, for a job's progress (the server's upload).
struct ImportProgress {
  std::int64_t bytes_read = 0;
  std::int64_t bytes_total = 0;  // 0 when unknown (a stream)
  std::int64_t events = 0;       // events read so far
  bool storing = false;          // reading is done; usage is written and segments recomputed
};

struct ImportOptions {
  std::filesystem::path id_map;  // empty: map by e-mail and domain only
  bool keep_raw = false;         // also store each new event (usage_raw_events)
  std::string who = "grounded";  // for the audit log
  // Called every 65,536 lines while reading, then once when storing starts.
  // Reading holds no transaction (unless keep_raw), so the callee may write
  // its progress through the same connection and readers see it.
  std::function<void(const ImportProgress&)> progress;
};

struct ImportReport {
  Id import_id = 0;
  std::string origin;
  std::string format;
  std::int64_t lines = 0;          // non-blank lines (CSV: rows) read
  std::int64_t events = 0;         // events read
  std::int64_t new_events = 0;     // counted into usage
  std::int64_t duplicates = 0;     // insert id seen before, in this file or an earlier import
  std::int64_t without_insert_id = 0;
  std::int64_t other_records = 0;  // group/identify/alias records (ties and identities, not events)
  std::int64_t bad_lines = 0;
  std::vector<std::string> problems;  // the first 20 bad lines: "events.jsonl line 7: no time (event_time)"
  std::int64_t users = 0;          // users with events in this file
  std::int64_t new_users = 0;
  std::int64_t user_days = 0;
  std::int64_t users_with_participant = 0;
  std::int64_t users_with_account = 0;
};
void to_json(nlohmann::json& out, const ImportReport& report);

// Imports the file at `path`. Error(not_found) for a missing file,
// Error(unsupported_format) when no export shape is recognised (the message
// says what the first line looked like), Error(invalid_input) for a bad id
// map or too many bad lines — with nothing written.
ImportReport import_events(store::Database& db, const std::filesystem::path& path, const ImportOptions& options);

// The same from a stream named `origin` (the sample study generates its export).
ImportReport import_event_stream(store::Database& db, std::istream& in, const std::string& origin,
                                 std::int64_t size_hint, const ImportOptions& options);

// The latest `limit` imports, newest first: [{id, origin, format, lines,
// events, new_events, duplicates, bad_lines, created_by, created_at}].
nlohmann::json list_imports(store::Database& db, int limit);

}  // namespace grounded::segments
