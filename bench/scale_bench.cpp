// scale_bench — the whole product against bare SQLite FTS5 on one generated
// corpus, side by side in the same run (issue 14):
//
//   scale_bench [--excerpts 100000] [--seed 42] [--work /tmp/scale_bench]
//               [--grounded build/grounded] [--generator build/corpus_generator] [--reps 5]
//               [--ingest-only]
//
// 1. Writes the corpus once as transcript files (corpus_generator --write-dir
//    WORK/corpus-N; kept and reused when it is already there).
// 2. Ingest: times the whole `grounded ingest WORK/corpus-N` process (wall,
//    its user+system CPU, its peak RSS); beside it the bare baseline: the same
//    files read and split into the same excerpt texts, written through the raw
//    C API into a table plus an external-content FTS5 table (unicode61) in
//    1,000-row transactions, WAL with synchronous=NORMAL like Grounded.
//    The ingest runs with --timings: its seconds per stage are in the JSON.
//    --ingest-only stops here (no search, no agreement).
// 3. Search: the real `grounded serve` on loopback, one keep-alive connection,
//    GET /api/v1/search (20 hits with snippets and facets) per query class
//    (rare, medium, and, phrase, common, prefix); beside it the bare query
//    `MATCH ?  ORDER BY rank LIMIT 20` with snippet() in this process. Each
//    query runs once cold (reported apart) and --reps times warm; p50/p99 per
//    class over the warm runs, and the ratio grounded / bare.
// 4. Agreement: for common terms, how many of Grounded's top 20 (speakers=all,
//    so pure relevance) are in the exhaustive BM25 top 20 of the same index.
// Prints one JSON document on stdout; progress on stderr.
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_http.hpp"
#include "corpus_generator.hpp"
#include "store/api_token.hpp"
#include "store/database.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double cpu_seconds(const rusage& usage) {
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double self_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return cpu_seconds(usage);
}

std::int64_t bytes_of(const std::string& db) {
  std::int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ignored;
    auto size = fs::file_size(db + suffix, ignored);
    if (!ignored) total += static_cast<std::int64_t>(size);
  }
  return total;
}

void remove_db(const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm", ".token"}) fs::remove(db + suffix);
}

// Starts a program with stdout and stderr into `log`; returns its pid.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out) dup2(fileno(stdout), 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  if (pid < 0) throw std::runtime_error("cannot fork");
  return pid;
}

struct ProcessRun {
  double wall = 0, cpu = 0;
  std::int64_t peak_rss_kb = 0;
  int exit_code = 0;
};

ProcessRun run_process(const std::vector<std::string>& argv, const std::string& log) {
  ProcessRun run;
  auto start = Clock::now();
  pid_t pid = spawn(argv, log);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.wall = seconds_since(start);
  run.cpu = cpu_seconds(usage);
  run.peak_rss_kb = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

// user+system CPU seconds of a running process, from /proc.
double process_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::int64_t process_peak_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  return 0;
}

// The `{"stage_seconds": …}` line `grounded ingest --timings` writes to its log.
json stage_seconds(const std::string& log) {
  std::ifstream in(log);
  std::string line;
  json stages = json::object();
  while (std::getline(in, line))
    if (line.rfind("{\"stage_seconds\"", 0) == 0) stages = json::parse(line)["stage_seconds"];
  return stages;
}

// --- The bare baseline ------------------------------------------------------

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql); }

// The corpus files in the order `grounded ingest` reads them (sorted).
std::vector<fs::path> corpus_files(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct BareIngest {
  double wall = 0, cpu = 0;
  std::int64_t rows = 0, bytes = 0;
};

BareIngest bare_ingest(const std::string& corpus, const std::string& path) {
  remove_db(path);
  BareIngest out;
  const double cpu0 = self_cpu_seconds();
  auto start = Clock::now();
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
           "CREATE TABLE excerpts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
           "CREATE VIRTUAL TABLE fts USING fts5(text, content='excerpts', content_rowid='id', tokenize='unicode61');");
  sqlite3_stmt* row = nullptr;
  sqlite3_stmt* fts = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO excerpts (id, text) VALUES (?1, ?2)", -1, &row, nullptr), db, "prepare");
  check(sqlite3_prepare_v2(db, "INSERT INTO fts (rowid, text) VALUES (?1, ?2)", -1, &fts, nullptr), db, "prepare");
  exec(db, "BEGIN");
  for (const fs::path& file : corpus_files(corpus)) {
    const std::string text = read_file(file);
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      std::size_t colon = text.find(": ", at);
      if (colon != std::string::npos && colon < end) {
        const std::string_view turn(text.data() + colon + 2, end - colon - 2);
        ++out.rows;
        for (sqlite3_stmt* st : {row, fts}) {
          sqlite3_bind_int64(st, 1, out.rows);
          sqlite3_bind_text(st, 2, turn.data(), static_cast<int>(turn.size()), SQLITE_STATIC);
          check(sqlite3_step(st), db, "insert");
          sqlite3_reset(st);
        }
        if (out.rows % 1000 == 0) exec(db, "COMMIT; BEGIN");
      }
      at = end + 1;
    }
  }
  exec(db, "COMMIT");
  sqlite3_finalize(row);
  sqlite3_finalize(fts);
  sqlite3_close(db);
  out.wall = seconds_since(start);
  out.cpu = self_cpu_seconds() - cpu0;
  out.bytes = bytes_of(path);
  return out;
}

// --- The query mix ------------------------------------------------------------

struct Query {
  std::string query_class;
  std::string text;  // Grounded's user syntax
  std::string bare;  // the same question as a plain FTS5 expression
};

std::vector<Query> query_mix() {
  grounded::bench::CorpusGenerator g(1, 42);
  const auto& v = g.vocabulary();
  auto q = [](const std::string& w) { return "\"" + w + "\""; };
  std::vector<Query> mix;
  for (std::size_t r : {25000u, 20000u, 12000u, 8000u, 5000u}) mix.push_back({"rare", v[r], q(v[r])});
  for (std::size_t r : {150u, 400u, 900u, 2000u}) mix.push_back({"medium", v[r], q(v[r])});
  for (auto [a, b] : {std::pair<std::size_t, std::size_t>{150, 400}, {30, 900}, {0, 29}, {4, 150}})
    mix.push_back({"and", v[a] + " " + v[b], q(v[a]) + " " + q(v[b])});
  mix.push_back({"and", "price budget", "\"price\" \"budget\""});
  mix.push_back({"phrase", "\"" + v[0] + " " + v[1] + "\"", q(v[0] + " " + v[1])});
  mix.push_back({"phrase", "\"budget approval\"", "\"budget approval\""});
  mix.push_back({"phrase", "\"" + v[10] + " " + v[3] + "\"", q(v[10] + " " + v[3])});
  for (std::size_t r : {0u, 4u, 29u, 60u}) mix.push_back({"common", v[r], q(v[r])});
  for (const std::string& p : {std::string("spread"), std::string("pri"), v[500].substr(0, 3), v[3000].substr(0, 4)})
    mix.push_back({"prefix", p + "*", q(p) + "*"});
  return mix;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct Latencies {
  std::map<std::string, std::vector<double>> warm, cold;
  // Per class, the server's own stage times of the warm runs (its
  // Server-Timing header: rank, facets, page, json), summed.
  std::map<std::string, std::map<std::string, double>> stages;
};

// "rank;dur=1.2, facets;dur=0.1" → adds 1.2 to into["rank"], 0.1 to into["facets"].
void add_server_timing(const std::string& header, std::map<std::string, double>& into) {
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(',', at);
    if (end == std::string::npos) end = header.size();
    const std::string part = header.substr(at, end - at);
    const std::size_t dur = part.find(";dur=");
    if (dur != std::string::npos) {
      std::size_t name_start = part.find_first_not_of(' ');
      into[part.substr(name_start, dur - name_start)] += std::atof(part.c_str() + dur + 5);
    }
    at = end + 1;
  }
}

json class_figures(const Latencies& ours, const Latencies& bare) {
  json out = json::object();
  for (const auto& [name, times] : ours.warm) {
    const auto& base = bare.warm.at(name);
    const double p50 = percentile(times, 0.5), p99 = percentile(times, 0.99);
    const double b50 = percentile(base, 0.5), b99 = percentile(base, 0.99);
    json stages = json::object();
    if (auto it = ours.stages.find(name); it != ours.stages.end())
      for (const auto& [stage, total] : it->second) stages[stage] = total / static_cast<double>(times.size());
    out[name] = {{"grounded_ms", {{"p50", p50}, {"p99", p99}, {"cold_max", percentile(ours.cold.at(name), 1.0)}}},
                 {"grounded_server_stage_mean_ms", stages},
                 {"bare_ms", {{"p50", b50}, {"p99", b99}, {"cold_max", percentile(bare.cold.at(name), 1.0)}}},
                 {"ratio_p50", b50 > 0 ? p50 / b50 : 0},
                 {"ratio_p99", b99 > 0 ? p99 / b99 : 0},
                 {"runs", times.size()}};
  }
  return out;
}

using grounded::bench::url_encode;

Latencies bare_search(const std::string& path, const std::vector<Query>& mix, int reps, json& per_query) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db, "open");
  exec(db, "PRAGMA mmap_size = 268435456");
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(db,
                           "SELECT rowid, snippet(fts, 0, '[', ']', '…', 30), bm25(fts) FROM fts "
                           "WHERE fts MATCH ?1 ORDER BY rank LIMIT 20",
                           -1, &st, nullptr),
        db, "prepare");
  Latencies out;
  for (const Query& q : mix) {
    for (int rep = 0; rep <= reps; ++rep) {
      auto start = Clock::now();
      sqlite3_bind_text(st, 1, q.bare.c_str(), -1, SQLITE_TRANSIENT);
      int hits = 0;
      while (sqlite3_step(st) == SQLITE_ROW) ++hits;
      sqlite3_reset(st);
      (rep == 0 ? out.cold : out.warm)[q.query_class].push_back(ms_since(start));
      if (rep == 0) per_query[q.text]["bare_hits"] = hits;
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The exhaustive BM25 top 20 of Grounded's own index for an FTS expression:
// ids and FTS5 ranks (lower is better).
std::vector<std::pair<std::int64_t, double>> exhaustive_top20(grounded::store::Database& db, const std::string& expression) {
  auto st = db.prepare("SELECT rowid, rank FROM excerpts_fts WHERE excerpts_fts MATCH ?1 ORDER BY rank LIMIT 20");
  st.bind(1, expression);
  std::vector<std::pair<std::int64_t, double>> top;
  while (st.step()) top.emplace_back(st.int64(0), st.real(1));
  return top;
}

struct Server {
  pid_t pid = 0;
  int port = 0;
};

Server start_server(const std::string& binary, const std::string& db, const std::string& log) {
  Server server;
  server.pid = spawn({binary, "serve", "--db", db, "--port", "0", "--threads", "8"}, log);
  for (int i = 0; i < 300 && !server.port; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string text = read_file(log);
    auto at = text.find("http://127.0.0.1:");
    if (at != std::string::npos) server.port = std::atoi(text.c_str() + at + 17);
  }
  if (!server.port) throw std::runtime_error("the server did not start; see " + log);
  return server;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto value = [&](const std::string& name, const std::string& fallback) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == name) return args[i + 1];
    return fallback;
  };
  const std::int64_t excerpts = std::stoll(value("--excerpts", "100000"));
  const std::string seed = value("--seed", "42");
  const std::string work = value("--work", "/tmp/scale_bench");
  const std::string binary = fs::absolute(value("--grounded", "build/grounded")).string();
  const std::string generator = fs::absolute(value("--generator", "build/corpus_generator")).string();
  const int reps = std::stoi(value("--reps", "5"));
  const bool ingest_only = std::find(args.begin(), args.end(), "--ingest-only") != args.end();
  try {
    fs::create_directories(work);
    const std::string corpus = work + "/corpus-" + std::to_string(excerpts);
    if (!fs::exists(corpus) && std::find(args.begin(), args.end(), "--search-only") == args.end()) {
      std::cerr << "scale_bench: writing the corpus to " << corpus << "\n";
      ProcessRun gen = run_process({generator, "--excerpts", std::to_string(excerpts), "--seed", seed, "--write-dir", corpus},
                                   work + "/generator.log");
      if (gen.exit_code != 0) throw std::runtime_error("corpus_generator failed; see " + work + "/generator.log");
    }
    const std::string ours_db = work + "/grounded-" + std::to_string(excerpts) + ".db";
    const std::string bare_db = work + "/bare-" + std::to_string(excerpts) + ".db";

    // --search-only: reuse the databases an earlier run wrote (no ingest figures).
    const bool search_only = std::find(args.begin(), args.end(), "--search-only") != args.end();
    if (search_only && !(fs::exists(ours_db) && fs::exists(bare_db)))
      throw std::runtime_error("--search-only needs " + ours_db + " and " + bare_db + " from an earlier run");
    ProcessRun ingest;
    if (!search_only) {
      std::cerr << "scale_bench: grounded ingest\n";
      remove_db(ours_db);
      ingest = run_process({binary, "ingest", corpus, "--db", ours_db, "--json", "--timings"}, work + "/ingest.log");
      if (ingest.exit_code != 0) throw std::runtime_error("grounded ingest failed; see " + work + "/ingest.log");
    }
    std::int64_t our_rows = 0;
    {
      auto db = grounded::store::Database::open(ours_db);
      auto count = db.prepare("SELECT count(*) FROM excerpts");
      count.step();
      our_rows = count.int64(0);
    }
    BareIngest bare;
    if (!search_only) {
      std::cerr << "scale_bench: bare ingest\n";
      bare = bare_ingest(corpus, bare_db);
    }
    json ingest_figures = {
        {"grounded", {{"rows", our_rows}, {"wall_s", ingest.wall}, {"cpu_s", ingest.cpu},
                      {"rows_per_s", our_rows / ingest.wall}, {"rows_per_cpu_s", our_rows / ingest.cpu},
                      {"db_bytes", bytes_of(ours_db)}, {"peak_rss_kb", ingest.peak_rss_kb},
                      {"stage_seconds", stage_seconds(work + "/ingest.log")}}},
        {"bare", {{"rows", bare.rows}, {"wall_s", bare.wall}, {"cpu_s", bare.cpu},
                  {"rows_per_s", bare.rows / bare.wall}, {"rows_per_cpu_s", bare.rows / bare.cpu},
                  {"db_bytes", bare.bytes}}},
        {"ratio_wall", (our_rows / ingest.wall) / (bare.rows / bare.wall)},
        {"ratio_cpu", (our_rows / ingest.cpu) / (bare.rows / bare.cpu)}};
    if (ingest_only && !search_only) {
      std::cout << json{{"excerpts", excerpts}, {"cores", std::thread::hardware_concurrency()},
                        {"ingest", ingest_figures}}.dump(2)
                << "\n";
      return 0;
    }

    const auto mix = query_mix();
    json per_query = json::object();
    std::cerr << "scale_bench: bare search\n";
    const double bare_cpu0 = self_cpu_seconds();
    auto bare_start = Clock::now();
    Latencies bare_lat = bare_search(bare_db, mix, reps, per_query);
    const double bare_search_wall = seconds_since(bare_start), bare_search_cpu = self_cpu_seconds() - bare_cpu0;

    std::cerr << "scale_bench: grounded serve\n";
    Server server = start_server(binary, ours_db, work + "/serve.log");
    Latencies ours_lat;
    json agreement = json::array();
    double server_cpu = 0, server_wall = 0;
    std::int64_t server_rss = 0;
    try {
      httplib::Client http("127.0.0.1", server.port);
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);
      http.set_read_timeout(120);
      http.set_default_headers({{"Authorization", "Bearer " + grounded::store::load_or_create_api_token(ours_db)}});
      const double cpu0 = process_cpu_seconds(server.pid);
      auto start = Clock::now();
      for (const Query& q : mix) {
        const std::string path = "/api/v1/search?limit=20&q=" + url_encode(q.text);
        for (int rep = 0; rep <= reps; ++rep) {
          auto t0 = Clock::now();
          auto res = http.Get(path.c_str());
          const double ms = ms_since(t0);
          if (!res || res->status != 200)
            throw std::runtime_error("search '" + q.text + "' failed: " + (res ? res->body : "no response"));
          (rep == 0 ? ours_lat.cold : ours_lat.warm)[q.query_class].push_back(ms);
          if (rep > 0) add_server_timing(res->get_header_value("Server-Timing"), ours_lat.stages[q.query_class]);
          if (rep == 0) per_query[q.text]["grounded_cold_ms"] = ms;
          if (rep == reps) {  // the answer a warm server gives
            json body = json::parse(res->body);
            per_query[q.text]["class"] = q.query_class;
            per_query[q.text]["grounded_matches"] = body["matches"];
            per_query[q.text]["grounded_ranked"] = body["ranked"];
            per_query[q.text]["grounded_ranked_subset"] = body["ranked_subset"];
            per_query[q.text]["grounded_note"] = body["note"];
          }
        }
      }
      server_wall = seconds_since(start);
      server_cpu = process_cpu_seconds(server.pid) - cpu0;
      auto db = grounded::store::Database::open(ours_db);
      for (const Query& q : mix) {
        if (q.query_class != "common" && q.query_class != "prefix") continue;
        auto res = http.Get(("/api/v1/search?limit=20&speakers=all&q=" + url_encode(q.text)).c_str());
        if (!res || res->status != 200) throw std::runtime_error("search '" + q.text + "' failed");
        json body = json::parse(res->body);
        const auto top = exhaustive_top20(db, body["fts_expression"].get<std::string>());
        std::set<std::int64_t> theirs;
        for (const auto& [id, rank] : top) theirs.insert(id);
        // Many excerpts share a score (same length, same count of the word):
        // which of the tied ones make the top 20 is arbitrary, so a hit
        // scoring at least the exhaustive 20th score agrees too.
        const double cut = top.empty() ? 0 : top.back().second;
        int same_id = 0, as_good = 0;
        for (const json& hit : body["hits"]) {
          same_id += theirs.count(hit["excerpt_id"].get<std::int64_t>()) ? 1 : 0;
          as_good += -hit["rank"].get<double>() <= cut + 1e-9 ? 1 : 0;
        }
        agreement.push_back({{"query", q.text}, {"class", q.query_class}, {"top20_ids_in_exhaustive_top20", same_id},
                             {"top20_scoring_at_least_exhaustive_20th", as_good},
                             {"ranked_subset", body["ranked_subset"]}, {"matches", body["matches"]}});
      }
      server_rss = process_peak_rss_kb(server.pid);
    } catch (...) {
      kill(server.pid, SIGTERM);
      waitpid(server.pid, nullptr, 0);
      throw;
    }
    kill(server.pid, SIGTERM);
    waitpid(server.pid, nullptr, 0);

    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    json out = {
        {"excerpts", excerpts},
        {"cores", std::thread::hardware_concurrency()},
        {"ingest", search_only ? json("skipped (--search-only: databases of an earlier run)") : ingest_figures},
        {"search",
         {{"classes", class_figures(ours_lat, bare_lat)},
          {"grounded_server", {{"wall_s", server_wall}, {"cpu_s", server_cpu}, {"peak_rss_kb", server_rss}}},
          {"bare", {{"wall_s", bare_search_wall}, {"cpu_s", bare_search_cpu}}},
          {"queries", per_query}}},
        {"common_agreement", agreement},
        {"bench_peak_rss_kb", self.ru_maxrss},
    };
    std::cout << out.dump(2) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "scale_bench: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
