#include "segments/usage_import.hpp"

#include <sqlite3.h>

#include <cstring>
#include <fstream>
#include <memory>

#include "core/error.hpp"
#include "core/json.hpp"
#include "segments/feature_list.hpp"
#include "segments/csv_stream.hpp"
#include "segments/event_formats.hpp"
#include "segments/identity_map.hpp"
#include "segments/line_reader.hpp"
#include "segments/seen_ids.hpp"
#include "segments/segment_history.hpp"
#include "segments/segment_rules.hpp"
#include "segments/usage_aggregator.hpp"
#include "store/audit_log.hpp"
#include "text/utf8.hpp"

namespace grounded::segments {
namespace {

constexpr std::size_t kMaxProblems = 20;
constexpr std::size_t kChunkHashes = 1 << 20;  // 8 MB blobs
constexpr std::int64_t kProgressLines = (1 << 16) - 1;  // progress every 65,536 lines

// Every insert id hash stored by earlier imports (usage_seen_ids: blobs of
// little-endian 64-bit hashes, ascending since the table was split in two).
void load_seen(store::Database& db, SeenIds& seen, std::size_t expected_new) {
  std::size_t stored = 0;
  {
    store::Statement count = db.prepare("SELECT COALESCE(SUM(length(hashes)), 0) / 8 FROM usage_seen_ids");
    if (count.step()) stored = static_cast<std::size_t>(count.int64(0));
  }
  std::vector<std::uint64_t> hashes;
  hashes.reserve(stored);
  store::Statement read = db.prepare("SELECT hashes FROM usage_seen_ids ORDER BY id");
  while (read.step()) {
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(read.handle(), 0));
    int size = sqlite3_column_bytes(read.handle(), 0);
    for (int i = 0; i + 8 <= size; i += 8) {
      std::uint64_t h = 0;
      for (int b = 7; b >= 0; --b) h = (h << 8) | bytes[i + b];
      hashes.push_back(h);
    }
  }
  seen.set_earlier(std::move(hashes));
  seen.reserve(expected_new);
}

// Rewrites the stored hashes as the sorted union of earlier and new ones.
// Nothing to do when the import added no id (a re-import).
void store_seen(store::Database& db, SeenIds& seen) {
  if (seen.new_count() == 0) return;
  db.exec("DELETE FROM usage_seen_ids");
  store::Statement insert = db.prepare("INSERT INTO usage_seen_ids (hashes) VALUES (?1)");
  std::string chunk;
  chunk.reserve(kChunkHashes * 8);
  auto flush = [&] {
    if (chunk.empty()) return;
    sqlite3_bind_blob(insert.handle(), 1, chunk.data(), static_cast<int>(chunk.size()), SQLITE_STATIC);
    insert.run();
    insert.reset();
    chunk.clear();
  };
  seen.for_each_sorted([&](std::uint64_t h) {
    for (int b = 0; b < 8; ++b) chunk += static_cast<char>((h >> (8 * b)) & 0xFF);
    if (chunk.size() >= kChunkHashes * 8) flush();
  });
  flush();
}

// The interned id of an event name (usage_features ids stay small: at most
// 2,048 names an import).
std::uint32_t feature_id(store::Database& db, const std::string& name) {
  store::Statement insert = db.prepare("INSERT INTO usage_features (name) VALUES (?1) ON CONFLICT(name) DO NOTHING");
  insert.bind(1, name).run();
  store::Statement read = db.prepare("SELECT id FROM usage_features WHERE name = ?1");
  read.bind(1, name);
  read.step();
  return static_cast<std::uint32_t>(read.int64(0));
}

// Reads the export into the aggregator (and raw rows, when asked).
class ImportRun {
 public:
  ImportRun(store::Database& db, const ImportOptions& options, ImportReport& report, int session_gap)
      : db_(db), options_(options), report_(report), usage_(session_gap) {}

  void read(std::istream& in, std::int64_t size_hint) {
    size_hint_ = size_hint;
    LineReader lines(in);
    std::string_view first;
    bool too_long = false;
    while (lines.next(first, too_long) && !too_long && first.find_first_not_of(" \t\r") == std::string_view::npos) {
    }
    std::string why;
    auto format = too_long ? std::nullopt : detect_export_format(first, why);
    if (!format)
      throw Error(ErrorKind::unsupported_format,
                  report_.origin + ": not a product-analytics export I can read: " + (too_long ? "its first line is over 1 MB" : why));
    report_.format = std::string(to_string(*format));
    std::size_t expected = size_hint > 0 ? static_cast<std::size_t>(size_hint) / std::max<std::size_t>(first.size() + 1, 60) + 1 : 0;
    load_seen(db_, seen_, expected + expected / 8);
    usage_.reserve(expected + expected / 8);
    if (options_.keep_raw) begin_raw();
    if (*format == ExportFormat::posthog_csv) {
      // The CSV reader needs the stream from its start: rewind.
      in.clear();
      in.seekg(0);
      if (!in) throw invalid_input(report_.origin + ": a PostHog CSV must be a file, not a stream");
      read_csv(in);
    } else {
      JsonLineReader reader(*format);
      EventRecord record;
      std::string_view line = first;
      long long number = lines.number();
      do {
        if (!too_long && line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        ++report_.lines;
        std::string problem = too_long ? "line longer than 1 MB" : reader.read(line, record);
        if (!problem.empty()) bad(number, problem);
        else {
          line_number_ = number;
          take(record, line);
        }
        if ((report_.lines & kProgressLines) == 0) progress(in);
      } while (lines.next(line, too_long) && (number = lines.number(), true));
    }
    progress(in, true);
  }

  void read_csv(std::istream& in) {
    CsvStream csv(in);
    std::vector<std::string> row;
    std::string error;
    if (!csv.next(row, error) || !error.empty()) throw invalid_input(report_.origin + ": no CSV header row");
    PosthogRowReader reader(row);
    EventRecord record;
    std::string line;
    while (csv.next(row, error)) {
      ++report_.lines;
      std::string problem = error.empty() ? reader.read(row, record) : error;
      if (!problem.empty()) {
        bad(csv.line(), problem);
        continue;
      }
      if (options_.keep_raw) {
        line.clear();
        for (const auto& cell : row) line += (line.empty() ? "" : ",") + cell;
      }
      line_number_ = csv.line();
      take(record, line);
      if ((report_.lines & kProgressLines) == 0) progress(in);
    }
  }

  void progress(std::istream& in, bool storing = false) {
    if (!options_.progress) return;
    std::streamoff at = storing ? -1 : static_cast<std::streamoff>(in.tellg());
    if (at >= 0) bytes_read_ = at;
    if (storing) bytes_read_ = std::max(bytes_read_, size_hint_);
    options_.progress({bytes_read_, size_hint_, report_.events, storing});
  }

  void bad(long long line, const std::string& problem) {
    ++report_.bad_lines;
    if (report_.problems.size() < kMaxProblems)
      report_.problems.push_back(report_.origin + " line " + std::to_string(line) + ": " + problem);
  }

  void take(EventRecord& r, std::string_view line) {
    if (!r.email.empty()) usage_.note_email(r.user_id, r.email);
    if (r.kind != EventRecord::Kind::event) {
      ++report_.other_records;
      if (r.kind == EventRecord::Kind::group) usage_.note_group(r.user_id, r.group_id);
      return;
    }
    ++report_.events;
    if (!r.group_id.empty()) usage_.note_group(r.user_id, r.group_id);
    key_.clear();
    key_ += r.user_id;
    key_ += '\x1f';
    if (r.insert_id.empty()) {
      ++report_.without_insert_id;
      key_ += r.name;
      key_ += '\x1f';
      key_ += std::to_string(r.time);
    } else {
      key_ += r.insert_id;
    }
    if (!seen_.insert(hash_insert_id(key_))) {
      ++report_.duplicates;
      return;
    }
    // Names and ids are stored and shown: never invalid UTF-8.
    if (!text::is_valid_utf8(r.name)) r.name = text::repair_utf8(r.name);
    if (!text::is_valid_utf8(r.user_id)) r.user_id = text::repair_utf8(r.user_id);
    if (!usage_.add_event(r.user_id, r.name, r.time)) {
      bad(line_number_, "time after the year 2149");
      return;
    }
    ++report_.new_events;
    if (raw_) {
      raw_->bind(1, report_.import_id).bind(2, r.user_id).bind(3, r.name).bind(4, r.time);
      raw_->bind(5, text::repair_utf8(line)).run();
      raw_->reset();
    }
  }

  void begin_raw() {
    transaction_ = std::make_unique<store::Transaction>(db_);
    create_import_row();
    raw_ = std::make_unique<store::Statement>(db_.prepare(
        "INSERT INTO usage_raw_events (import_id, external_id, event, occurred_at, line) VALUES (?1, ?2, ?3, ?4, ?5)"));
  }

  void create_import_row() {
    db_.prepare("INSERT INTO usage_imports (origin, format, created_by) VALUES (?1, ?2, ?3)")
        .bind(1, report_.origin)
        .bind(2, report_.format)
        .bind(3, options_.who)
        .run();
    report_.import_id = db_.last_insert_id();
  }

  void store(IdentityResolver& resolver) {
    if (!transaction_) {
      transaction_ = std::make_unique<store::Transaction>(db_);
      create_import_row();
    }
    raw_.reset();
    std::vector<std::uint32_t> feature_ids;
    for (const std::string& name : usage_.feature_names()) feature_ids.push_back(feature_id(db_, name));
    // The insert ids are stored and their table freed before the days are
    // written and segments recomputed: the two never hold memory together.
    store_seen(db_, seen_);
    seen_ = SeenIds{};
    std::vector<Id> user_ids(usage_.users().size(), 0);
    std::vector<bool> existed(usage_.users().size(), false);
    store_users(resolver, user_ids, existed);
    store::Statement insert = db_.prepare(
        "INSERT INTO usage_daily (user_id, day, events, sessions, features) VALUES (?1, ?2, ?3, ?4, ?5)");
    store::Statement existing = db_.prepare("SELECT events, sessions, features FROM usage_daily WHERE user_id = ?1 AND day = ?2");
    store::Statement update = db_.prepare(
        "UPDATE usage_daily SET events = ?3, sessions = ?4, features = ?5 WHERE user_id = ?1 AND day = ?2");
    std::vector<std::uint32_t> features;
    usage_.finish([&](const UsageAggregator::Day& d) {
      ++report_.user_days;
      features.clear();
      for (std::uint32_t f : d.features) features.push_back(feature_ids[f]);
      std::int64_t events = d.events, sessions = d.sessions;
      const std::string day = day_label(d.day);
      bool merge = false;
      if (existed[d.user]) {  // an overlapping export: add to what earlier imports counted
        existing.bind(1, user_ids[d.user]).bind(2, day);
        if (existing.step()) {
          merge = true;
          events += existing.int64(0);
          sessions += existing.int64(1);
          std::vector<std::uint32_t> before = split_feature_ids(existing.text_view(2));
          features.insert(features.end(), before.begin(), before.end());
        }
        existing.reset();
      }
      std::sort(features.begin(), features.end());
      features.erase(std::unique(features.begin(), features.end()), features.end());
      store::Statement& write = merge ? update : insert;
      write.bind(1, user_ids[d.user]).bind(2, day).bind(3, events).bind(4, sessions).bind(5, join_feature_ids(features)).run();
      write.reset();
    });
    db_.prepare(
           "UPDATE usage_imports SET lines = ?2, events = ?3, new_events = ?4, duplicates = ?5, bad_lines = ?6 WHERE id = ?1")
        .bind(1, report_.import_id)
        .bind(2, report_.lines)
        .bind(3, report_.events)
        .bind(4, report_.new_events)
        .bind(5, report_.duplicates)
        .bind(6, report_.bad_lines)
        .run();
    recompute_segments(db_, current_segment_rules(db_));
    nlohmann::json after = report_;
    store::append_audit(db_, {0, options_.who, "events.import", "usage_imports", report_.import_id, "", dump_json(after), ""});
    transaction_->commit();
  }

  void store_users(IdentityResolver& resolver, std::vector<Id>& user_ids, std::vector<bool>& existed) {
    store::Statement find = db_.prepare(
        "SELECT id, first_seen, last_seen, participant_id, account_id FROM usage_users WHERE external_id = ?1");
    store::Statement insert = db_.prepare(
        "INSERT INTO usage_users (external_id, group_id, email, participant_id, account_id, first_seen, last_seen)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    store::Statement update = db_.prepare(
        "UPDATE usage_users SET group_id = CASE WHEN ?2 = '' THEN group_id ELSE ?2 END,"
        " email = CASE WHEN ?3 = '' THEN email ELSE ?3 END, participant_id = ?4, account_id = ?5,"
        " first_seen = ?6, last_seen = ?7 WHERE id = ?1");
    const auto& users = usage_.users();
    for (std::size_t i = 0; i < users.size(); ++i) {
      const UsageAggregator::User& u = users[i];
      if (u.events > 0) ++report_.users;
      find.bind(1, u.external_id);
      bool found = find.step();
      Identity who = resolver.resolve(u.external_id, u.email, u.group_id);
      if (found) {
        existed[i] = true;
        user_ids[i] = find.int64(0);
        std::string first = find.text(1), last = find.text(2);
        if (!who.participant_id) who.participant_id = find.optional_int64(3);
        if (!who.account_id) who.account_id = find.optional_int64(4);
        if (u.events > 0) {
          first = std::min(first, day_label(u.first_day));
          last = std::max(last, day_label(u.last_day));
        }
        find.reset();
        update.bind(1, user_ids[i]).bind(2, u.group_id).bind(3, u.email).bind(4, who.participant_id);
        update.bind(5, who.account_id).bind(6, first).bind(7, last).run();
        update.reset();
      } else {
        find.reset();
        if (u.events == 0) continue;  // a group tie or identity for someone with no events yet
        insert.bind(1, u.external_id).bind(2, u.group_id).bind(3, u.email).bind(4, who.participant_id);
        insert.bind(5, who.account_id).bind(6, day_label(u.first_day)).bind(7, day_label(u.last_day)).run();
        insert.reset();
        user_ids[i] = db_.last_insert_id();
        ++report_.new_users;
      }
      if (u.events > 0 && who.participant_id) ++report_.users_with_participant;
      if (u.events > 0 && who.account_id) ++report_.users_with_account;
    }
  }

  void check_bad_lines() {
    if (report_.bad_lines > 10 && report_.bad_lines * 100 > report_.lines) {
      std::string first;
      for (std::size_t i = 0; i < report_.problems.size() && i < 3; ++i) first += (i ? "; " : "") + report_.problems[i];
      throw invalid_input(report_.origin + ": " + std::to_string(report_.bad_lines) + " of " +
                          std::to_string(report_.lines) +
                          " lines are not events this importer can read (more than 1%), so nothing was imported. "
                          "First: " + first);
    }
  }

 private:
  store::Database& db_;
  const ImportOptions& options_;
  ImportReport& report_;
  UsageAggregator usage_;
  SeenIds seen_;
  std::string key_;
  long long line_number_ = 0;
  std::int64_t size_hint_ = 0, bytes_read_ = 0;
  std::unique_ptr<store::Transaction> transaction_;
  std::unique_ptr<store::Statement> raw_;
};

}  // namespace

void to_json(nlohmann::json& out, const ImportReport& r) {
  out = {{"import_id", r.import_id},
         {"origin", r.origin},
         {"format", r.format},
         {"lines", r.lines},
         {"events", r.events},
         {"new_events", r.new_events},
         {"duplicates", r.duplicates},
         {"without_insert_id", r.without_insert_id},
         {"other_records", r.other_records},
         {"bad_lines", r.bad_lines},
         {"problems", r.problems},
         {"users", r.users},
         {"new_users", r.new_users},
         {"user_days", r.user_days},
         {"users_with_participant", r.users_with_participant},
         {"users_with_account", r.users_with_account}};
}

ImportReport import_event_stream(store::Database& db, std::istream& in, const std::string& origin,
                                 std::int64_t size_hint, const ImportOptions& options) {
  ImportReport report;
  report.origin = origin;
  std::map<std::string, IdMapRow> map;
  if (!options.id_map.empty()) map = read_id_map(options.id_map);
  IdentityResolver resolver(db, std::move(map));
  SegmentRules rules = current_segment_rules(db);
  ImportRun run(db, options, report, rules.session_gap_minutes);
  run.read(in, size_hint);
  run.check_bad_lines();
  run.store(resolver);
  return report;
}

nlohmann::json list_imports(store::Database& db, int limit) {
  store::Statement read = db.prepare(
      "SELECT id, origin, format, lines, events, new_events, duplicates, bad_lines, created_by, created_at"
      " FROM usage_imports ORDER BY id DESC LIMIT ?1");
  read.bind(1, static_cast<std::int64_t>(limit));
  nlohmann::json out = nlohmann::json::array();
  while (read.step())
    out.push_back({{"id", read.int64(0)},         {"origin", read.text(1)},      {"format", read.text(2)},
                   {"lines", read.int64(3)},      {"events", read.int64(4)},     {"new_events", read.int64(5)},
                   {"duplicates", read.int64(6)}, {"bad_lines", read.int64(7)},  {"created_by", read.text(8)},
                   {"created_at", read.text(9)}});
  return out;
}

ImportReport import_events(store::Database& db, const std::filesystem::path& path, const ImportOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) throw not_found("no such file: " + path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw invalid_input("cannot read " + path.string());
  auto size = static_cast<std::int64_t>(std::filesystem::file_size(path, error));
  return import_event_stream(db, in, path.filename().string(), error ? 0 : size, options);
}

}  // namespace grounded::segments
