// server_bench — the in-process half of bench/server_bench.sh (which drives
// the HTTP half with wrk). Modes:
//
//   server_bench --build-db DB [--excerpts 100000] [--seed 42]
//       generates the deterministic corpus (corpus_generator.hpp) and ingests
//       it through the real pipeline (ingest::ingest_bytes) into DB.
//   server_bench --write-queries FILE
//       writes the search mix, one URL query string a line, for the wrk script.
//   server_bench --baseline DB [--seconds 10] [--threads 1]
//       runs the same mix through search::search in-process (one connection
//       per thread) and prints JSON: queries/s and latency percentiles.
//
// The mix matches bench/store_bench.cpp: rare, medium and common terms,
// phrases, prefixes, two-term AND, and filters.
#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench_http.hpp"
#include "corpus_generator.hpp"
#include "ingest/ingest.hpp"
#include "search/search.hpp"
#include "store/database.hpp"
#include "store/sources.hpp"

using namespace grounded;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<search::SearchQuery> query_mix() {
  bench::CorpusGenerator g(1, 42);
  const auto& v = g.vocabulary();
  std::vector<search::SearchQuery> mix;
  auto add = [&](std::string text) {
    search::SearchQuery q;
    q.text = std::move(text);
    mix.push_back(q);
  };
  for (std::size_t r : {20000u, 8000u, 3000u}) add(v[r]);
  for (std::size_t r : {150u, 400u, 900u}) add(v[r]);
  for (std::size_t r : {0u, 4u, 29u}) add(v[r]);
  add("\"" + v[0] + " " + v[1] + "\"");
  add("\"budget approval\"");
  add("spread*");
  add("pri*");
  add(v[500].substr(0, 3) + "*");
  add("price budget");
  add("invoice manual");
  add(v[0] + " " + v[29]);
  search::SearchQuery filtered;
  filtered.text = "pricing";
  filtered.kinds = {"interview"};
  filtered.speaker_roles = {"participant"};
  mix.push_back(filtered);
  search::SearchQuery dated;
  dated.text = v[2];
  dated.date_from = "2024-06";
  mix.push_back(dated);
  return mix;
}

using grounded::bench::url_encode;

std::string to_query_string(const search::SearchQuery& q) {
  std::string out = "q=" + url_encode(q.text);
  for (const auto& k : q.kinds) out += "&kind=" + url_encode(k);
  for (const auto& r : q.speaker_roles) out += "&role=" + url_encode(r);
  if (!q.date_from.empty()) out += "&from=" + url_encode(q.date_from);
  return out;
}

int build_db(const std::string& path, std::int64_t excerpts, std::uint64_t seed) {
  store::Database db = store::Database::open(path);
  if (store::count_rows(db, "excerpts") >= excerpts) {
    std::cerr << "server_bench: " << path << " already holds the corpus\n";
    return 0;
  }
  bench::CorpusGenerator generator(excerpts, seed);
  bench::GeneratedSource source;
  auto start = Clock::now();
  std::int64_t stored = 0;
  while (generator.next(source)) {
    ingest::IngestOptions options;
    options.kind = parse_source_kind(source.kind == "review" ? "review" : source.kind == "ticket" ? "ticket" : "interview");
    options.participant = source.participant_label;
    options.role = source.participant_role;
    options.account = source.account_name;
    options.title = source.title;
    options.occurred_at = source.occurred_at;
    options.interviewer = "Interviewer";
    options.redact = false;
    std::string name = "bench-" + std::to_string(source.number) + ".txt";
    auto report = ingest::ingest_bytes(db, name, source.transcript(), options);
    stored += report.excerpt_count;
    if (source.number % 500 == 0) std::cerr << "  " << stored << " excerpts stored\r" << std::flush;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cerr << "server_bench: stored " << stored << " excerpts in " << seconds << " s\n";
  return 0;
}

int baseline(const std::string& path, double seconds, int threads) {
  const auto mix = query_mix();
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::atomic<std::int64_t> errors{0};
  std::vector<std::thread> workers;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      store::Database db = store::Database::open(path);
      std::size_t i = static_cast<std::size_t>(t) * 7;
      while (!stop.load(std::memory_order_relaxed)) {
        auto q0 = Clock::now();
        try {
          search::search(db, mix[i++ % mix.size()]);
        } catch (const std::exception&) {
          ++errors;
        }
        latencies[static_cast<std::size_t>(t)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - q0).count());
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))]; };
  nlohmann::json out = {{"threads", threads},
                        {"queries", all.size()},
                        {"errors", errors.load()},
                        {"seconds", elapsed},
                        {"qps", static_cast<double>(all.size()) / elapsed},
                        {"latency_ms", {{"p50", pct(0.50)}, {"p90", pct(0.90)}, {"p99", pct(0.99)}, {"max", all.empty() ? 0 : all.back()}}}};
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto value = [&](const std::string& name, const std::string& fallback) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == name) return args[i + 1];
    return fallback;
  };
  try {
    if (std::string db = value("--build-db", ""); !db.empty())
      return build_db(db, std::stoll(value("--excerpts", "100000")), std::stoull(value("--seed", "42")));
    if (std::string file = value("--write-queries", ""); !file.empty()) {
      std::ofstream out(file);
      for (const auto& q : query_mix()) out << to_query_string(q) << "\n";
      return 0;
    }
    if (std::string db = value("--baseline", ""); !db.empty())
      return baseline(db, std::stod(value("--seconds", "10")), std::stoi(value("--threads", "1")));
  } catch (const std::exception& e) {
    std::cerr << "server_bench: " << e.what() << "\n";
    return 2;
  }
  std::cerr << "usage: server_bench --build-db DB [--excerpts N] | --write-queries FILE | --baseline DB [--seconds S] [--threads T]\n";
  return 1;
}
