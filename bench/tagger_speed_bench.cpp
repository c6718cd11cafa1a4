// Tagging speed, single-threaded: the full tagger (rules + JTBD parser +
// model) against the keyword baseline on the same texts in the same run.
// Texts: the dev set (tests/fixtures/tagger/dev_set.csv) repeated to
// --count excerpts; --join N glues N consecutive texts into one excerpt, for
// the multi-sentence reviews and answers real imports hold. --adapted
// FILE.csv (text,labels, read in place) also adapts the seed model to those
// rows as `grounded tagger train` does (adaptation.hpp, default weight) and
// times that tagger on the same texts: a repository's model must tag as
// fast as the shipped one. Prints JSON.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tagger/adaptation.hpp"
#include "tagger/keyword_baseline.hpp"
#include "tagger/reviewed_examples.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/tagger.hpp"
#include "tagger/training.hpp"

using namespace grounded::tagger;
using clock_type = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::size_t count = 20000, join = 1;
  std::string path = std::string(GROUNDED_SOURCE_DIR) + "/tests/fixtures/tagger/dev_set.csv";
  std::string adapted_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--count")) count = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--texts")) path = argv[i + 1];
    if (!std::strcmp(argv[i], "--adapted")) adapted_path = argv[i + 1];
    if (!std::strcmp(argv[i], "--join")) join = std::max<std::size_t>(1, std::strtoul(argv[i + 1], nullptr, 10));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto rows = parse_labeled_csv(buffer.str());
  if (rows.empty()) {
    std::cerr << "no texts in " << path << "\n";
    return 1;
  }
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    for (std::size_t k = 0; k < join; ++k) text += (k ? " " : "") + rows[(i * join + k) % rows.size()].text;
    texts.push_back(std::move(text));
    bytes += texts.back().size();
  }

  auto t0 = clock_type::now();
  const Tagger& tagger = Tagger::builtin();  // trains the seed model once
  auto t1 = clock_type::now();
  tagger.suggest("warm up the analyzer and regex caches");
  const KeywordBaseline& baseline = KeywordBaseline::builtin();

  // Wall time and this thread's CPU time: on a shared machine the wall
  // clock also counts other people's work, the CPU time only ours.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
  };
  std::size_t tags = 0;
  auto t2 = clock_type::now();
  double c2 = cpu_now();
  for (const auto& t : texts) tags += tagger.suggest(t).size();
  auto t3 = clock_type::now();
  double c3 = cpu_now();
  std::size_t base_tags = 0;
  for (const auto& t : texts) base_tags += baseline.predict(t).size();
  auto t4 = clock_type::now();
  double c4 = cpu_now();

  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::string adapted_json = "null";
  if (!adapted_path.empty()) {
    std::ifstream adapted_in(adapted_path, std::ios::binary);
    std::stringstream adapted_text;
    adapted_text << adapted_in.rdbuf();
    std::vector<TrainingRow> reviewed = rows_from_labeled(parse_labeled_csv(adapted_text.str()));
    for (auto& row : reviewed) row.weight = default_reviewed_weight();
    const auto a0 = clock_type::now();
    const Tagger adapted(std::make_shared<const Classifier>(adapt_to_reviews(*seed_model(), reviewed, CueRules::builtin())));
    const auto a1 = clock_type::now();
    adapted.suggest("warm up the analyzer and regex caches");
    std::size_t adapted_tags = 0;
    const auto a2 = clock_type::now();
    const double ac2 = cpu_now();
    for (const auto& t : texts) adapted_tags += adapted.suggest(t).size();
    const auto a3 = clock_type::now();
    const double ac3 = cpu_now();
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "{\"reviewed_rows\":%zu,\"training_seconds\":%.2f,\"features\":%zu,\"seed_features\":%zu,"
                  "\"seconds\":%.3f,\"excerpts_per_second\":%.0f,\"cpu_seconds\":%.3f,\"excerpts_per_cpu_second\":%.0f,"
                  "\"tags\":%zu}",
                  reviewed.size(), secs(a0, a1), adapted.model().feature_count(), tagger.model().feature_count(),
                  secs(a2, a3), double(texts.size()) / secs(a2, a3), ac3 - ac2, double(texts.size()) / (ac3 - ac2),
                  adapted_tags);
    adapted_json = buf;
  }
  double tagger_s = secs(t2, t3), base_s = secs(t3, t4);
  double tagger_cpu = c3 - c2, base_cpu = c4 - c3;
  const double n = double(texts.size());
  std::printf(
      "{\"benchmark\":\"tagger_speed\",\"threads\":1,\"excerpts\":%zu,\"mean_bytes\":%.1f,"
      "\"seed_training_seconds\":%.3f,"
      "\"tagger\":{\"seconds\":%.3f,\"excerpts_per_second\":%.0f,\"cpu_seconds\":%.3f,"
      "\"excerpts_per_cpu_second\":%.0f,\"tags\":%zu},"
      "\"keyword_baseline\":{\"seconds\":%.3f,\"excerpts_per_second\":%.0f,\"cpu_seconds\":%.3f,"
      "\"excerpts_per_cpu_second\":%.0f,\"tags\":%zu},"
      "\"adapted\":%s,\"target_excerpts_per_second\":5000,\"meets_target_wall\":%s,\"meets_target_cpu\":%s}\n",
      texts.size(), double(bytes) / n, secs(t0, t1), tagger_s, n / tagger_s, tagger_cpu, n / tagger_cpu, tags, base_s,
      n / base_s, base_cpu, n / base_cpu, base_tags, adapted_json.c_str(), n / tagger_s >= 5000 ? "true" : "false",
      n / tagger_cpu >= 5000 ? "true" : "false");
  return 0;
}
