// `grounded tag --all` on a generated interview database, timed as a whole
// process (start, model load, reading excerpts, tagging, writing suggestions
// in batches), against the same answers tagged in-process without a database
// (the baseline: what tagging alone costs) in the same run. Interviews
// alternate an interviewer question and an answer of 1–3 dev-set texts
// (tests/fixtures/tagger/dev_set.csv), about 116 bytes on average (printed
// as mean_answer_bytes; shorter than the speed bench's --join 3, which gives
// 175, because one answer in three is a single dev-set text). The seed model is stored in the database beforehand (its
// one-off training is reported apart). Target: 2,000 interview turns/s.
//
//   tag_all_bench [--turns 20000] [--db /tmp/tag_all_bench.db] [--grounded build/grounded]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "store/database.hpp"
#include "store/sources.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/model_store.hpp"
#include "tagger/tagger.hpp"

using namespace grounded;
using clock_type = std::chrono::steady_clock;

namespace {

const char* kQuestions[] = {
    "Can you walk me through how you handle month-end today?",
    "What's the most frustrating part of that?",
    "Which tools do you use for this, and why those?",
    "What would you like to be able to do that you can't today?",
    "Who else is involved when you pick a new tool?",
    "What made you start looking for something different?",
    "Where do you usually hear about new approaches?",
    "Was there anything that made you hesitate?",
};

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  long turns = 20000;
  std::string db_path = "/tmp/tag_all_bench.db";
  std::string grounded = std::string(GROUNDED_SOURCE_DIR) + "/build/grounded";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--turns")) turns = std::strtol(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--db")) db_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--grounded")) grounded = argv[i + 1];
  }
  std::ifstream in(std::string(GROUNDED_SOURCE_DIR) + "/tests/fixtures/tagger/dev_set.csv", std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const auto texts = tagger::parse_labeled_csv(buffer.str());

  std::filesystem::remove(db_path);
  std::filesystem::remove(db_path + "-wal");
  std::filesystem::remove(db_path + "-shm");
  std::vector<std::string> answers;
  std::size_t answer_bytes = 0;
  double seed_seconds = 0;
  {
    auto db = store::Database::open(db_path);
    store::SourceWriter writer(db);
    store::Transaction tx(db);
    long written = 0, next_text = 0;
    for (int interview = 0; written < turns; ++interview) {
      Source source;
      source.kind = SourceKind::interview;
      source.title = "Interview " + std::to_string(interview + 1);
      source.origin = "generated.txt";
      source.format = "text";
      std::vector<Excerpt> excerpts;
      for (int t = 0; t < 40 && written < turns; ++t, ++written) {
        Excerpt e;
        const bool question = t % 2 == 0;
        e.speaker = question ? "Interviewer" : "P" + std::to_string(interview + 1);
        e.speaker_role = question ? SpeakerRole::interviewer : SpeakerRole::participant;
        std::string text;
        if (question) {
          text = kQuestions[(interview + t / 2) % 8];
        } else {
          const int parts = 1 + static_cast<int>((interview * 7 + t) % 3);  // 1, 2 or 3 dev-set texts
          for (int k = 0; k < parts; ++k) text += (k ? " " : "") + texts[static_cast<std::size_t>(next_text++) % texts.size()].text;
          answers.push_back(text);
          answer_bytes += text.size();
        }
        if (!source.body.empty()) source.body += "\n";
        source.body += e.speaker + ": ";
        e.start_byte = static_cast<std::int64_t>(source.body.size());
        source.body += text;
        e.end_byte = static_cast<std::int64_t>(source.body.size());
        e.ordinal = t;
        e.text = std::move(text);
        excerpts.push_back(std::move(e));
      }
      writer.insert(source, excerpts);
    }
    writer.index_pending();
    tx.commit();
    auto t0 = clock_type::now();
    tagger::model_for(db);  // trains and stores the seed model, as the first use would
    seed_seconds = seconds_since(t0);
  }

  const std::string command = "'" + grounded + "' tag --all --json --db '" + db_path + "' >/dev/null 2>&1";
  auto t1 = clock_type::now();
  const int status = std::system(command.c_str());
  const double process_seconds = seconds_since(t1);
  if (status != 0) {
    std::cerr << command << " failed with status " << status << "\n";
    return 1;
  }

  const tagger::Tagger& tagger = tagger::Tagger::builtin();
  tagger.suggest("warm up");
  auto t2 = clock_type::now();
  std::size_t tags = 0;
  for (const auto& a : answers) tags += tagger.suggest(a).size();
  const double baseline_seconds = seconds_since(t2);

  const double per_second = static_cast<double>(turns) / process_seconds;
  std::printf(
      "{\"benchmark\":\"tag_all\",\"command\":\"grounded tag --all --json --db %s\",\"interview_turns\":%ld,"
      "\"answers\":%zu,\"mean_answer_bytes\":%.1f,\"seed_training_seconds\":%.2f,"
      "\"tag_all\":{\"seconds\":%.3f,\"turns_per_second\":%.0f,\"answers_per_second\":%.0f},"
      "\"baseline_in_process_suggest\":{\"seconds\":%.3f,\"answers_per_second\":%.0f,\"tags\":%zu},"
      "\"target_turns_per_second\":2000,\"meets_target\":%s}\n",
      db_path.c_str(), turns, answers.size(), answers.empty() ? 0.0 : double(answer_bytes) / answers.size(),
      seed_seconds, process_seconds, per_second, answers.size() / process_seconds, baseline_seconds,
      answers.size() / baseline_seconds, tags, per_second >= 2000 ? "true" : "false");
  return 0;
}
