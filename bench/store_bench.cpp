// store_bench — the evidence store against a bare FTS5 baseline, same run.
//
//   store_bench [--excerpts 100000] [--db /tmp/store_bench.db] [--seed 42] [--reps 5] [--search-only]
// (--search-only reuses the databases of an earlier run with the same --db.)
//
// (a) ingest: the full store pipeline (store::SourceWriter: sources, excerpts
//     and explicit FTS rows with the "grounded" ICU tokenizer, one
//     transaction per ~1,000 excerpts) vs an external-content FTS5 table with
//     tokenize=unicode61 fed the same excerpt texts through the raw C API in
//     1,000-row transactions. Only time inside the database calls counts;
//     generating the corpus is excluded from both.
// (b) search latency over a fixed query mix: search::search (filters,
//     snippets, facets, candidate cap) vs plain MATCH + bm25 ORDER BY LIMIT 20
//     on the baseline table.
// (c) peak RSS (ru_maxrss and VmHWM) after ingest: the corpus is streamed.
// Prints one JSON object.
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus_generator.hpp"
#include "search/search.hpp"
#include "store/database.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

using namespace grounded;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::int64_t vm_hwm_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix);
}

std::int64_t db_bytes(const std::string& path) {
  std::int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path + suffix, ec);
    if (!ec) total += static_cast<std::int64_t>(n);
  }
  return total;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << "store_bench: " << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

void exec(sqlite3* db, const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql); }

struct IngestFigures {
  double seconds = 0;
  std::int64_t excerpts = 0, bytes = 0;
  nlohmann::json to_json() const {
    return {{"seconds", seconds},
            {"excerpts", excerpts},
            {"text_mb", static_cast<double>(bytes) / 1e6},
            {"mb_per_s", static_cast<double>(bytes) / 1e6 / seconds},
            {"excerpts_per_s", static_cast<double>(excerpts) / seconds}};
  }
};

IngestFigures ingest_grounded(store::Database& db, std::int64_t excerpts, std::uint64_t seed) {
  IngestFigures f;
  bench::CorpusGenerator generator(excerpts, seed);
  bench::GeneratedSource g;
  std::unordered_map<std::string, Id> participants, accounts;
  store::SourceWriter writer(db);
  std::optional<store::Transaction> tx;
  std::int64_t in_tx = 0;
  Source source;
  std::vector<Excerpt> rows;
  while (generator.next(g)) {
    // Building the rows is corpus preparation, not ingest: untimed.
    source = Source{};
    source.kind = parse_source_kind(g.kind);
    source.title = g.title;
    source.occurred_at = g.occurred_at;
    source.origin = "bench-" + std::to_string(g.number) + ".txt";
    source.format = "plain";
    rows.clear();
    for (const auto& t : g.turns) {
      source.body += t.speaker;
      source.body += ": ";
      Excerpt e;
      e.speaker = t.speaker;
      e.speaker_role = parse_speaker_role(t.speaker_role);
      e.start_byte = static_cast<std::int64_t>(source.body.size());
      source.body += t.text;
      e.end_byte = static_cast<std::int64_t>(source.body.size());
      source.body += '\n';
      e.start_ms = t.start_ms;
      e.text = t.text;
      f.bytes += static_cast<std::int64_t>(t.text.size());
      rows.push_back(std::move(e));
    }
    const auto t0 = Clock::now();
    if (!tx) tx.emplace(db);
    auto [pit, pnew] = participants.try_emplace(g.participant_label, 0);
    if (pnew) pit->second = store::upsert_participant(db, Participant{0, g.participant_label, g.participant_role, "", "", {}});
    auto [ait, anew] = accounts.try_emplace(g.account_name, 0);
    if (anew) ait->second = store::upsert_account(db, Account{0, g.account_name, "", {}, {}, "", "", "", ""});
    source.participant_id = pit->second;
    source.account_id = ait->second;
    writer.insert(source, rows);
    in_tx += static_cast<std::int64_t>(rows.size());
    if (in_tx >= 1000) {
      writer.index_pending();
      tx->commit();
      tx.reset();
      in_tx = 0;
    }
    f.seconds += seconds_since(t0);
    f.excerpts += static_cast<std::int64_t>(rows.size());
  }
  const auto t0 = Clock::now();
  writer.index_pending();
  if (tx) tx->commit();
  f.seconds += seconds_since(t0);
  return f;
}

IngestFigures ingest_baseline(sqlite3* db, std::int64_t excerpts, std::uint64_t seed) {
  IngestFigures f;
  exec(db, "PRAGMA journal_mode = WAL");
  exec(db, "PRAGMA synchronous = NORMAL");
  exec(db, "CREATE TABLE excerpts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  exec(db,
       "CREATE VIRTUAL TABLE excerpts_fts USING fts5(text, content='excerpts', content_rowid='id', tokenize='unicode61')");
  sqlite3_stmt *content = nullptr, *fts = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO excerpts (text) VALUES (?1)", -1, &content, nullptr), db, "prepare");
  check(sqlite3_prepare_v2(db, "INSERT INTO excerpts_fts (rowid, text) VALUES (?1, ?2)", -1, &fts, nullptr), db, "prepare");
  bench::CorpusGenerator generator(excerpts, seed);
  bench::GeneratedSource g;
  std::int64_t in_tx = 0;
  while (generator.next(g)) {
    const auto t0 = Clock::now();
    for (const auto& t : g.turns) {
      if (in_tx == 0) exec(db, "BEGIN");
      sqlite3_bind_text(content, 1, t.text.data(), static_cast<int>(t.text.size()), SQLITE_STATIC);
      check(sqlite3_step(content), db, "insert");
      sqlite3_reset(content);
      sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(db));
      sqlite3_bind_text(fts, 2, t.text.data(), static_cast<int>(t.text.size()), SQLITE_STATIC);
      check(sqlite3_step(fts), db, "insert fts");
      sqlite3_reset(fts);
      f.bytes += static_cast<std::int64_t>(t.text.size());
      ++f.excerpts;
      if (++in_tx == 1000) {
        exec(db, "COMMIT");
        in_tx = 0;
      }
    }
    f.seconds += seconds_since(t0);
  }
  const auto t0 = Clock::now();
  if (in_tx) exec(db, "COMMIT");
  f.seconds += seconds_since(t0);
  sqlite3_finalize(content);
  sqlite3_finalize(fts);
  return f;
}

struct BenchQuery {
  std::string label, kind;
  search::SearchQuery query;
};

std::vector<BenchQuery> query_mix(const bench::CorpusGenerator& g) {
  const auto& v = g.vocabulary();
  std::vector<BenchQuery> mix;
  auto add = [&](std::string kind, std::string text) {
    search::SearchQuery q;
    q.text = text;
    mix.push_back({text, std::move(kind), std::move(q)});
  };
  for (std::size_t r : {20000u, 8000u, 3000u}) add("rare", v[r]);
  for (std::size_t r : {150u, 400u, 900u}) add("medium", v[r]);
  for (std::size_t r : {0u, 4u, 29u}) add("common", v[r]);
  add("phrase", "\"" + v[0] + " " + v[1] + "\"");
  add("phrase", "\"budget approval\"");
  add("prefix", "spread*");
  add("prefix", "pri*");
  add("prefix", v[500].substr(0, 3) + "*");
  add("and", "price budget");
  add("and", "invoice manual");
  add("and", v[0] + " " + v[29]);
  {
    search::SearchQuery q;
    q.text = "pricing";
    q.kinds = {"interview"};
    q.speaker_roles = {"participant"};
    mix.push_back({"pricing (interview, participant)", "filter", q});
  }
  {
    search::SearchQuery q;
    q.text = v[2];
    q.date_from = "2024-06";
    mix.push_back({v[2] + " (from 2024-06)", "filter", q});
  }
  return mix;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto i = static_cast<std::size_t>(std::min<double>(static_cast<double>(values.size() - 1),
                                                           p * static_cast<double>(values.size() - 1) + 0.5));
  return values[i];
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t excerpts = 100000;
  std::uint64_t seed = 42;
  int reps = 5;
  bool search_only = false;  // reuse the databases of an earlier run
  std::string path = "/tmp/store_bench.db";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--search-only") {
      search_only = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "usage: store_bench [--excerpts N] [--db PATH] [--seed S] [--reps R]\n";
      return 1;
    }
    const std::string value = argv[++i];
    if (a == "--excerpts") excerpts = std::stoll(value);
    else if (a == "--db") path = value;
    else if (a == "--seed") seed = std::stoull(value);
    else if (a == "--reps") reps = std::max(1, std::stoi(value));
    else {
      std::cerr << "store_bench: unknown option " << a << "\n";
      return 1;
    }
  }
  const std::string baseline_path = path + ".baseline";
  if (!search_only) {
    remove_db(path);
    remove_db(baseline_path);
  }

  nlohmann::json out;
  out["excerpts"] = excerpts;
  out["seed"] = seed;

  // (a) Ingest, ours first so the peak RSS below is ours alone.
  auto db = store::Database::open(path);
  if (const char* pragma = std::getenv("STORE_BENCH_PRAGMA")) db.exec(pragma);  // for experiments
  const IngestFigures ours = search_only ? IngestFigures{} : ingest_grounded(db, excerpts, seed);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  out["peak_rss_after_ingest"] = {{"ru_maxrss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0},
                                  {"vm_hwm_mb", static_cast<double>(vm_hwm_kb()) / 1024.0}};

  sqlite3* base = nullptr;
  if (sqlite3_open(baseline_path.c_str(), &base) != SQLITE_OK) {
    std::cerr << "store_bench: cannot open " << baseline_path << "\n";
    return 1;
  }
  const IngestFigures baseline = search_only ? IngestFigures{} : ingest_baseline(base, excerpts, seed);
  if (!search_only) out["ingest"] = {{"grounded", ours.to_json()},
                   {"baseline_unicode61", baseline.to_json()},
                   {"throughput_ratio", baseline.seconds / ours.seconds}};
  out["db_bytes"] = {{"grounded", db_bytes(path)}, {"baseline", db_bytes(baseline_path)}};

  // (b) Search latency: a warm-up pass, then `reps` timed passes of the mix.
  bench::CorpusGenerator vocabulary_source(0, seed);
  const auto mix = query_mix(vocabulary_source);
  sqlite3_stmt* plain = nullptr;
  check(sqlite3_prepare_v2(base,
                           "SELECT rowid, bm25(excerpts_fts) FROM excerpts_fts WHERE excerpts_fts MATCH ?1 "
                           "ORDER BY bm25(excerpts_fts) LIMIT 20",
                           -1, &plain, nullptr),
        base, "prepare baseline query");
  std::vector<double> ours_ms, base_ms;
  nlohmann::json per_query = nlohmann::json::array();
  for (const auto& bq : mix) {
    const std::string expr = search::to_fts_expression(bq.query.text);
    std::vector<double> o, b;
    search::SearchResult last;
    for (int r = 0; r <= reps; ++r) {
      auto t0 = Clock::now();
      last = search::search(db, bq.query);
      const double ms = seconds_since(t0) * 1000;
      t0 = Clock::now();
      sqlite3_bind_text(plain, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
      int rows = 0;
      while (sqlite3_step(plain) == SQLITE_ROW) ++rows;
      sqlite3_reset(plain);
      const double bms = seconds_since(t0) * 1000;
      if (r == 0) continue;  // warm-up
      o.push_back(ms);
      b.push_back(bms);
    }
    ours_ms.insert(ours_ms.end(), o.begin(), o.end());
    base_ms.insert(base_ms.end(), b.begin(), b.end());
    per_query.push_back({{"query", bq.label},
                         {"kind", bq.kind},
                         {"matches", last.matches},
                         {"ranked_subset", last.ranked_subset},
                         {"grounded_p50_ms", percentile(o, 0.5)},
                         {"baseline_p50_ms", percentile(b, 0.5)}});
  }
  sqlite3_finalize(plain);
  out["search"] = {{"grounded", {{"p50_ms", percentile(ours_ms, 0.5)}, {"p99_ms", percentile(ours_ms, 0.99)},
                                 {"max_ms", percentile(ours_ms, 1.0)}}},
                   {"baseline", {{"p50_ms", percentile(base_ms, 0.5)}, {"p99_ms", percentile(base_ms, 0.99)},
                                 {"max_ms", percentile(base_ms, 1.0)}}},
                   {"p50_ratio", percentile(ours_ms, 0.5) / percentile(base_ms, 0.5)},
                   {"runs_per_query", reps},
                   {"queries", per_query}};
  sqlite3_close(base);
  getrusage(RUSAGE_SELF, &usage);
  out["peak_rss_end"] = {{"ru_maxrss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0},
                         {"vm_hwm_mb", static_cast<double>(vm_hwm_kb()) / 1024.0}};
  std::cout << out.dump(2) << "\n";
  return 0;
}
