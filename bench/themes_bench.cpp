// Theme proposal benchmark: `propose_themes` over 1k, 10k and 100k generated
// tagged excerpts (English sentences built from noun phrases a theme shares,
// with filler, questions and off-theme sentences mixed in). Prints JSON with
// the proposal time, a re-proposal, and — side by side, per DESIGN.md — two
// baselines on the same rows in the same run: the bare SQL read of the
// tagged excerpts, and the previous grouping (TF-IDF + centroid clustering
// of whole turns, synth/clustering.hpp). Target (issue 11): ≤ 30 s at 100k on
// one core, near-linear growth.
//
//   build/themes_bench [sizes...]      (default 1000 10000 100000)
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_clock.hpp"

#include "store/database.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"
#include "synth/clustering.hpp"
#include "synth/lexicon.hpp"
#include "synth/themes.hpp"

using namespace grounded;
using bench::Clock;

namespace {

using bench::cpu_seconds;
using bench::Random;
using bench::seconds_since;

const char* const kModifiers[] = {"vendor", "duplicate", "manual", "monthly", "upstream", "training", "customer",
                                  "approval", "export", "mobile", "security", "pricing", "weekly", "legacy",
                                  "shared", "quarterly", "missing", "late", "broken", "silent", "bank", "sales",
                                  "demand", "release", "schema", "budget", "audit", "payroll", "inventory", "support"};
const char* const kHeads[] = {"bills", "invoices", "reports", "data", "spreadsheets", "approvals", "dashboards",
                              "forecasts", "errors", "delays", "changes", "labels", "models", "pipelines",
                              "receipts", "contracts", "payments", "alerts", "exports", "permissions", "builds",
                              "questionnaires", "reviews", "tickets", "integrations", "migrations", "renewals",
                              "budgets", "audits", "workflows"};
const char* const kFrames[] = {"We keep running into {} every single month.",
                               "Honestly the {} are what slow the whole team down.",
                               "Nobody owns the {} so they pile up before the close.",
                               "Our biggest headache is {} that nobody checks.",
                               "Every quarter we lose days to {} again.",
                               "The {} break whenever someone changes the process."};
const char* const kNoise[] = {"Let me see, let me see.", "Does that answer your question?", "Yeah, yeah.",
                              "It is what it is, I guess.", "What do you mean by that?",
                              "The weather was lovely when we visited the office last spring."};
const char* const kCategories[] = {"pain_point", "goal", "job", "decision_criterion", "objection"};

std::string sentence(Random& r, std::size_t theme) {
  // A theme is a (modifier, head) pair; sometimes a third word in front.
  std::string np = kModifiers[theme % 30] + std::string(" ") + kHeads[(theme / 30) % 30];
  if (r.below(3) == 0) np = std::string(kModifiers[(theme * 7 + 3) % 30]) + " " + np;
  std::string frame = kFrames[r.below(6)];
  return frame.replace(frame.find("{}"), 2, np);
}

struct Built {
  std::int64_t excerpts = 0;
  double seconds = 0;
};

Built build(store::Database& db, int n) {
  auto start = Clock::now();
  Random r{42};
  std::size_t themes = std::max<std::size_t>(20, static_cast<std::size_t>(std::sqrt(static_cast<double>(n)) * 3));
  themes = std::min<std::size_t>(themes, 900);
  std::vector<Id> people;
  store::Transaction tx(db);
  for (int i = 0; i < std::max(10, n / 20); ++i) {
    Participant p;
    p.label = "B" + std::to_string(i);
    people.push_back(store::upsert_participant(db, p));
  }
  store::SourceWriter writer(db);
  store::Statement tag = db.prepare(
      "INSERT INTO tags (excerpt_id, span_start, span_end, category, confidence, origin, status)"
      " VALUES (?1, ?2, ?3, ?4, 0.9, 'rule', 'accepted')");
  Built built;
  const int per_source = 10;
  for (int s = 0; s * per_source < n; ++s) {
    Source source;
    source.kind = SourceKind::interview;
    source.title = "Interview " + std::to_string(s);
    source.participant_id = people[static_cast<std::size_t>(s) % people.size()];
    source.origin = "bench";
    source.format = "text";
    std::vector<Excerpt> excerpts;
    std::vector<std::pair<std::int64_t, std::int64_t>> spans;
    std::vector<std::size_t> categories;
    for (int e = 0; e < per_source && s * per_source + e < n; ++e) {
      // Zipf-ish popularity: a few big themes and a long tail.
      double u = static_cast<double>(r.below(1000)) / 1000.0;
      std::size_t theme = static_cast<std::size_t>(u * u * static_cast<double>(themes));
      std::string text = r.below(2) ? std::string(kNoise[r.below(6)]) + " " : "";
      std::int64_t span_start = static_cast<std::int64_t>(text.size());
      text += sentence(r, theme);
      std::int64_t span_end = static_cast<std::int64_t>(text.size());
      if (r.below(3) == 0) text += std::string(" ") + kNoise[r.below(6)];
      Excerpt x;
      x.speaker = "Participant";
      x.speaker_role = SpeakerRole::participant;
      x.start_byte = static_cast<std::int64_t>(source.body.size());
      source.body += text;
      x.end_byte = static_cast<std::int64_t>(source.body.size());
      source.body += "\n";
      x.text = text;
      excerpts.push_back(std::move(x));
      spans.emplace_back(span_start, span_end);
      categories.push_back(theme % 5);
    }
    writer.insert(source, excerpts);
    for (std::size_t i = 0; i < excerpts.size(); ++i) {
      tag.reset();
      tag.bind(1, excerpts[i].id).bind(2, spans[i].first).bind(3, spans[i].second).bind(4, kCategories[categories[i]]);
      tag.run();
    }
    built.excerpts += static_cast<std::int64_t>(excerpts.size());
  }
  writer.index_pending();
  tx.commit();
  built.seconds = seconds_since(start);
  return built;
}

std::vector<std::pair<std::string, std::string>> read_rows(store::Database& db) {
  store::Statement q = db.prepare(
      "SELECT t.category, e.text FROM tags t JOIN excerpts e ON e.id = t.excerpt_id"
      " WHERE t.status = 'accepted' ORDER BY t.id");
  std::vector<std::pair<std::string, std::string>> rows;
  while (q.step()) rows.emplace_back(q.text(0), q.text(1));
  return rows;
}

// The previous grouping on the same rows: TF-IDF over whole turns, centroid
// clustering per category, then the centroid merge pass (draft.cpp's path).
std::size_t tfidf_baseline(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t clusters = 0;
  for (const char* category : kCategories) {
    synth::TermSpace space;
    std::vector<std::vector<std::uint32_t>> terms;
    for (const auto& [c, text] : rows) {
      if (c != category) continue;
      terms.emplace_back();
      space.terms(text, terms.back());
    }
    auto vectors = synth::tfidf_vectors(terms);
    synth::ClusterOptions options;
    auto first = synth::leader_cluster(vectors, options);
    options.threshold = 0.2;
    options.query_terms = 12;
    clusters += synth::merge_clusters(std::move(first), vectors, options).size();
  }
  return clusters;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1000, 10000, 100000};
  auto start = Clock::now();
  const synth::Lexicon& lexicon = synth::Lexicon::system();
  double lexicon_seconds = seconds_since(start);
  nlohmann::json runs = nlohmann::json::array();
  for (int n : sizes) {
    std::string path = (std::filesystem::temp_directory_path() / ("grounded_themes_bench_" + std::to_string(n) + ".db")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto db = store::Database::open(path);
    Built built = build(db, n);
    start = Clock::now();
    auto rows = read_rows(db);
    double read_seconds = seconds_since(start);
    start = Clock::now();
    double cpu = cpu_seconds();
    std::size_t baseline_clusters = tfidf_baseline(rows);
    double baseline_seconds = seconds_since(start), baseline_cpu = cpu_seconds() - cpu;
    start = Clock::now();
    cpu = cpu_seconds();
    synth::ProposeReport first = synth::propose_themes(db, {});
    double propose_seconds = seconds_since(start), propose_cpu = cpu_seconds() - cpu;
    start = Clock::now();
    synth::ProposeReport again = synth::propose_themes(db, {});
    double repropose_seconds = seconds_since(start);
    runs.push_back({{"excerpts", built.excerpts},
                    {"build_seconds", built.seconds},
                    {"baseline_read_tags_seconds", read_seconds},
                    {"baseline_tfidf_clustering_seconds", baseline_seconds},
                    {"baseline_tfidf_clusters", baseline_clusters},
                    {"propose_seconds", propose_seconds},
                    {"propose_cpu_seconds", propose_cpu},
                    {"baseline_tfidf_clustering_cpu_seconds", baseline_cpu},
                    {"repropose_seconds", repropose_seconds},
                    {"themes", first.themes_created},
                    {"tags_placed", first.members},
                    {"no_evidence", first.no_evidence},
                    {"unthemed", first.unthemed},
                    {"repropose_created", again.themes_created}});
    db = store::Database::open(":memory:");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  nlohmann::json growth = nlohmann::json::array();
  for (std::size_t i = 1; i < runs.size(); ++i) {
    double n0 = runs[i - 1]["excerpts"].get<double>(), n1 = runs[i]["excerpts"].get<double>();
    growth.push_back({{"from", n0},
                      {"to", n1},
                      {"n_ratio", n1 / n0},
                      {"propose_time_ratio", runs[i]["propose_seconds"].get<double>() / runs[i - 1]["propose_seconds"].get<double>()},
                      {"propose_cpu_ratio", runs[i]["propose_cpu_seconds"].get<double>() / runs[i - 1]["propose_cpu_seconds"].get<double>()},
                      {"baseline_tfidf_time_ratio", runs[i]["baseline_tfidf_clustering_seconds"].get<double>() /
                                                        runs[i - 1]["baseline_tfidf_clustering_seconds"].get<double>()}});
  }
  std::cout << nlohmann::json({{"benchmark", "themes_propose"},
                               {"lexicon", lexicon.status()},
                               {"lexicon_load_seconds", lexicon_seconds},
                               {"target", "propose_seconds <= 30 at 100k excerpts on one core, near-linear growth"},
                               {"runs", runs},
                               {"growth", growth}})
                   .dump(2)
            << "\n";
  return 0;
}
