// ICP scoring benchmark (issue 13): every account of a generated database
// scored against the default matrix, as `grounded icp score` and
// GET /api/v1/icp/scores do it (icp::score_accounts: read the accounts'
// columns and meta, read the tags on their customer excerpts, score), beside
// the bare SQL read of the same rows in the same run (step through both
// queries, touch every column, no parsing or scoring). Target: 100k accounts
// in ≤ 2 s.
//
//   build/icp_bench [--accounts 100000] [--tagged 0.1] [--db /tmp/icp_bench.db] [--reps 3] [--seed 42]
//
// --tagged is the share of accounts that get a participant with one
// interview of 6 customer turns and their tags (pain points with an impact,
// price and fit objections, influencer, trigger, goal); the rest have
// fields only, some with gaps (no employees, no stack) as CRM exports do.
// Excerpts are written straight into the tables (no FTS rows: scoring never
// searches).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_clock.hpp"

#include "icp/icp.hpp"
#include "store/database.hpp"

using namespace grounded;
using bench::Clock;

namespace {

using bench::cpu_seconds;
using bench::Random;
using bench::seconds_since;

const char* const kIndustries[] = {"Logistics", "Healthcare", "Construction", "Retail", "Software", "Real Estate",
                                   "Manufacturing", "Staffing", "Legal Services", "Food & Beverage", "Éducation", "物流"};
const char* const kRegions[] = {"North America", "Europe", "APAC", "UK", "LATAM"};
const char* const kStacks[] = {"NetSuite, Slack", "QuickBooks Online, Excel", "Xero, Gmail", "Sage Intacct, Teams",
                               "SAP Business One", "QuickBooks Desktop (migrating to NetSuite)", "Excel"};
const char* const kStages[] = {"customer", "prospect", "churned", "trial"};

struct Turn {
  const char* category;
  const char* subfields;
  const char* text;
};
const Turn kTurns[] = {
    {"pain_point", R"({"impact":"money"})", "We paid a carrier invoice twice because it came in by e-mail and on paper."},
    {"pain_point", R"({"impact":"time"})", "Close takes nine days, most of it chasing approvals around the office."},
    {"objection", R"({"root_cause":"price"})", "Per-invoice pricing adds up fast at our volume."},
    {"influencer", "{}", "Our CFO signs anything over fifty thousand; IT reviews the security questionnaire."},
    {"trigger", "{}", "The audit finding last spring is what started the search."},
    {"objection", R"({"root_cause":"fit"})", "It does not handle our three-way match the way we need."},
};

struct Generated {
  std::int64_t accounts = 0;
  std::int64_t tagged_accounts = 0;
  std::int64_t tags = 0;
};

Generated generate(store::Database& db, int accounts, double tagged_share, std::uint64_t seed) {
  Random random{seed};
  Generated out;
  store::Transaction transaction(db);
  store::Statement account = db.prepare(
      "INSERT INTO accounts (name, industry, employees, revenue, region, stage, stack) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  store::Statement participant = db.prepare(
      "INSERT INTO participants (label, role, seniority, account_id) VALUES (?1, 'Controller', ?2, ?3)");
  store::Statement source = db.prepare(
      "INSERT INTO sources (kind, title, participant_id, account_id, occurred_at, origin, format, body) "
      "VALUES ('interview', ?1, ?2, ?3, ?4, ?1, 'text', ?5)");
  store::Statement excerpt = db.prepare(
      "INSERT INTO excerpts (source_id, ordinal, speaker, speaker_role, participant_id, start_byte, end_byte, text) "
      "VALUES (?1, ?2, 'Participant', 'participant', ?3, 0, 0, ?4)");
  store::Statement tag = db.prepare(
      "INSERT INTO tags (excerpt_id, category, subfields, confidence, origin, status) VALUES (?1, ?2, ?3, ?4, 'model', ?5)");
  for (int i = 0; i < accounts; ++i) {
    std::string name = "Account " + std::to_string(i + 1);
    bool gaps = random.below(10) == 0;
    account.reset();
    account.bind(1, name).bind(2, kIndustries[random.below(std::size(kIndustries))]);
    if (gaps) account.bind_null(3);
    else account.bind(3, static_cast<std::int64_t>(5 + random.below(3000)));
    account.bind(4, static_cast<double>(1e6 + random.below(200) * 1e6));
    account.bind(5, kRegions[random.below(std::size(kRegions))]).bind(6, kStages[random.below(std::size(kStages))]);
    account.bind(7, gaps ? "" : kStacks[random.below(std::size(kStacks))]);
    account.run();
    ++out.accounts;
    if (random.unit() >= tagged_share) continue;
    Id account_id = db.last_insert_id();
    participant.reset();
    participant.bind(1, "P" + std::to_string(i + 1)).bind(2, random.below(3) == 0 ? "director" : "manager").bind(3, account_id);
    participant.run();
    Id participant_id = db.last_insert_id();
    std::string date = "2026-" + std::to_string(10 + random.below(3)).substr(0, 2) + "-1" + std::to_string(random.below(10));
    if (random.below(3) == 0) date = "2024-05-0" + std::to_string(1 + random.below(9));
    source.reset();
    source.bind(1, "Interview with " + name).bind(2, participant_id).bind(3, account_id).bind(4, date).bind(5, "…");
    source.run();
    Id source_id = db.last_insert_id();
    for (int t = 0; t < 6; ++t) {
      const Turn& turn = kTurns[random.below(std::size(kTurns))];
      excerpt.reset();
      excerpt.bind(1, source_id).bind(2, t).bind(3, participant_id).bind(4, turn.text);
      excerpt.run();
      tag.reset();
      bool accepted = random.below(2) == 0;
      tag.bind(1, db.last_insert_id()).bind(2, turn.category).bind(3, turn.subfields);
      tag.bind(4, 0.4 + random.unit() * 0.6).bind(5, accepted ? "accepted" : "suggested");
      tag.run();
      ++out.tags;
    }
    ++out.tagged_accounts;
  }
  transaction.commit();
  return out;
}

// The baseline: the same two reads, every column touched, nothing parsed or scored.
std::int64_t bare_read(store::Database& db) {
  std::int64_t bytes = 0;
  store::Statement accounts = db.prepare("SELECT * FROM accounts ORDER BY name COLLATE NOCASE, id");
  int columns = sqlite3_column_count(accounts.handle());
  while (accounts.step())
    for (int c = 0; c < columns; ++c) bytes += static_cast<std::int64_t>(accounts.text_view(c).size());
  store::Statement tags = db.prepare(icp::account_evidence_sql());
  tags.bind(1, icp::default_matrix().evidence_min_confidence).bind_null(2);
  while (tags.step())
    for (int c = 0; c < 16; ++c) bytes += static_cast<std::int64_t>(tags.text_view(c).size());
  return bytes;
}

struct Timing {
  double wall = 0, cpu = 0;
};

template <typename Work>
Timing timed(Work work) {
  double cpu = cpu_seconds();
  auto start = Clock::now();
  work();
  return {seconds_since(start), cpu_seconds() - cpu};
}

std::string value_of(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == "--" + name) return argv[i + 1];
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  int accounts = std::atoi(value_of(argc, argv, "accounts", "100000").c_str());
  double tagged = std::atof(value_of(argc, argv, "tagged", "0.1").c_str());
  int reps = std::max(1, std::atoi(value_of(argc, argv, "reps", "3").c_str()));
  std::uint64_t seed = std::strtoull(value_of(argc, argv, "seed", "42").c_str(), nullptr, 10);
  std::string path = value_of(argc, argv, "db", "/tmp/icp_bench.db");
  for (const char* suffix : {"", "-wal", "-shm", ".token"}) std::filesystem::remove(path + suffix);

  auto db = store::Database::open(path);
  Generated generated;
  Timing generation = timed([&] { generated = generate(db, accounts, tagged, seed); });

  const double load_before = bench::load_average();
  nlohmann::json runs = nlohmann::json::array();
  std::vector<double> ours, baseline, ours_cpu;
  icp::ScoreBoard board;
  for (int rep = 0; rep < reps; ++rep) {
    std::int64_t bytes = 0;
    Timing bare = timed([&] { bytes = bare_read(db); });
    std::vector<icp::AccountFacts> facts;
    Timing load = timed([&] { facts = icp::load_account_facts(db, icp::default_matrix()); });
    std::size_t scored = 0;
    Timing score = timed([&] {
      for (const auto& f : facts) scored += icp::score_account(icp::default_matrix(), f, "2026-11-29").attributes.size();
    });
    Timing total = timed([&] { board = icp::score_accounts(db, std::nullopt, "2026-11-29"); });
    ours.push_back(total.wall);
    ours_cpu.push_back(total.cpu);
    baseline.push_back(bare.wall);
    runs.push_back({{"bare_sql_read", {{"wall_s", bare.wall}, {"cpu_s", bare.cpu}, {"bytes", bytes}}},
                    {"load_account_facts", {{"wall_s", load.wall}, {"cpu_s", load.cpu}}},
                    {"score_account_x_n", {{"wall_s", score.wall}, {"cpu_s", score.cpu}, {"ratings", scored}}},
                    {"score_accounts_total", {{"wall_s", total.wall}, {"cpu_s", total.cpu}}}});
  }
  std::sort(ours.begin(), ours.end());
  std::sort(baseline.begin(), baseline.end());
  std::sort(ours_cpu.begin(), ours_cpu.end());
  std::int64_t incomplete = 0, with_citations = 0;
  for (const auto& s : board.scores) {
    incomplete += s.complete ? 0 : 1;
    for (const auto& a : s.attributes)
      if (!a.citations.empty()) {
        ++with_citations;
        break;
      }
  }
  nlohmann::json out = {
      {"bench", "icp_bench"},
      {"accounts", generated.accounts},
      {"tagged_accounts", generated.tagged_accounts},
      {"tags", generated.tags},
      {"generation_s", generation.wall},
      {"runs", runs},
      {"best_score_accounts_s", ours.front()},
      {"best_score_accounts_cpu_s", ours_cpu.front()},
      {"best_bare_sql_read_s", baseline.front()},
      {"load_average_1min", {{"before", load_before}, {"after", bench::load_average()}}},
      {"ratio_to_bare_read", ours.front() / std::max(1e-9, baseline.front())},
      {"target_s", 2.0},
      {"within_target", ours.front() <= 2.0},
      {"scores", board.scores.size()},
      {"incomplete", incomplete},
      {"accounts_with_cited_ratings", with_citations},
      {"distribution", board.distribution},
  };
  std::cout << out.dump(2) << "\n";
  for (const char* suffix : {"", "-wal", "-shm", ".token"}) std::filesystem::remove(path + suffix);
  return 0;
}
