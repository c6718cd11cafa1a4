// A dev set measures the tagger honestly only on text it was not trained on:
// no row of tests/fixtures/tagger/dev_voices*.csv or dev_long_turns.csv may be
// a training row or a near copy of one (the same words in another order, a
// word added or dropped).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/embedded_files.hpp"
#include "fixtures_dir.hpp"
#include "tagger/labeled_csv.hpp"
#include "text/analyzer.hpp"

using namespace grounded;

namespace {

// The case-folded words of `text` (not stemmed), hashed, sorted, each once.
std::vector<std::uint64_t> word_set(text::Analyzer& analyzer, const std::string& text) {
  std::vector<std::uint64_t> words;
  analyzer.run(
      text, false,
      [](void* context, std::string_view term, std::string_view, int, int) {
        static_cast<std::vector<std::uint64_t>*>(context)->push_back(std::hash<std::string_view>{}(term));
        return 0;
      },
      &words);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// Shared words over all words of either set.
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST_CASE("the seed model trains on every embedded training_*.csv") {
  std::size_t rows = tagger::parse_labeled_csv(*find_embedded_file("src/tagger/data/seed_training.csv")).size();
  int voices = 0;
  for (const auto& file : embedded_files()) {
    if (!file.path.starts_with("src/tagger/data/training_") || !file.path.ends_with(".csv")) continue;
    rows += tagger::parse_labeled_csv(file.content).size();
    if (file.path.starts_with("src/tagger/data/training_voices_")) ++voices;
  }
  CHECK(voices >= 1);
  CHECK(tagger::seed_training_set().size() == rows);
}

TEST_CASE("the many-voice dev sets share no text, not even nearly, with the training rows") {
  text::Analyzer analyzer;
  std::vector<std::vector<std::uint64_t>> training;
  for (const auto& row : tagger::seed_training_set()) training.push_back(word_set(analyzer, row.text));

  int files = 0;
  std::vector<std::string> copies;
  for (const auto& entry : std::filesystem::directory_iterator(test::fixtures_dir() + "/tagger")) {
    std::string name = entry.path().filename().string();
    const bool long_turns = name == "dev_long_turns.csv";
    if (!(name.starts_with("dev_voices") && name.ends_with(".csv")) && !long_turns) continue;
    ++files;
    auto dev = tagger::parse_labeled_csv(read_text(entry.path()));
    CHECK(dev.size() >= (long_turns ? 30u : 100u));
    for (const auto& row : dev) {
      auto words = word_set(analyzer, row.text);
      for (const auto& seen : training) {
        // Short texts ("Fine.", "Thanks!") may only match exactly.
        bool copy = words.size() < 3 ? words == seen : jaccard(words, seen) >= 0.8;
        if (copy) {
          copies.push_back(name + ": " + row.text);
          break;
        }
      }
    }
  }
  CHECK(files >= 1);
  CHECK_MESSAGE(copies.empty(), copies.size(), " dev rows repeat a training row, e.g. ",
                copies.empty() ? "" : copies.front());
}
