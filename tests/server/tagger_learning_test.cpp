// Learning from the researcher, end to end: the review queue's uncertainty
// order over HTTP, and `grounded tag --stdin --db` (the built binary) using
// the repository's trained model rather than the seed model.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "server/server_fixture.hpp"
#include "server/shell_run.hpp"
#include "store/database.hpp"
#include "tagger/model_store.hpp"
#include "tagger/reviewed_examples.hpp"
#include "fixtures_dir.hpp"

using grounded::test::body_json;
using grounded::test::is_error;
using grounded::test::kInterviewVtt;
using grounded::test::TestServer;
using nlohmann::json;

namespace {

// Runs a shell command, returning its standard output.
std::string run(const std::string& command) {
  grounded::test::ShellOutcome outcome = grounded::test::run_shell(command);
  CHECK(outcome.exit_code == 0);
  return outcome.output;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(grounded::test::fixtures_dir() + "/tagger/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST_CASE("tags api: order=uncertainty puts the suggestions the tagger is least sure of first") {
  TestServer server;
  httplib::MultipartFormDataItems items = {{"files", kInterviewVtt, "dana.vtt", "text/vtt"},
                                           {"participant", "Dana Whitfield", "", ""}};
  REQUIRE(server.http().Post("/api/v1/sources", items)->status == 200);
  auto started = server.http().Post("/api/v1/tagger/run", "", "application/json");
  REQUIRE(started->status == 202);
  json job = grounded::test::wait_for_job(server, body_json(started)["job_id"].get<long long>());
  REQUIRE(job["status"] == "done");
  json tagged = body_json(server.http().Get("/api/v1/tags?status=suggested&order=uncertainty"));
  REQUIRE(tagged["items"].size() >= 2);
  for (const json& tag : tagged["items"]) {
    REQUIRE(tag["uncertainty"].is_number());
    CHECK(tag["uncertainty"].get<double>() >= 0.0);
    CHECK(tag["uncertainty"].get<double>() <= 1.0);
  }
  for (std::size_t i = 1; i < tagged["items"].size(); ++i)
    CHECK(tagged["items"][i - 1]["uncertainty"].get<double>() >= tagged["items"][i]["uncertainty"].get<double>());

  // Two suggestions on one excerpt with known scores, and one from before
  // uncertainty was recorded: uncertainty order differs from confidence order.
  long long excerpt = tagged["items"][0]["excerpt_id"].get<long long>();
  {
    auto db = grounded::store::Database::open((server.dir / "test.db").string());
    db.exec("DELETE FROM tags");
    auto insert = db.prepare("INSERT INTO tags (excerpt_id, category, confidence, uncertainty, origin, rationale) "
                             "VALUES (?1, ?2, ?3, ?4, 'model', ?2)");
    auto add = [&](const char* category, double confidence, std::optional<double> uncertainty) {
      insert.reset();
      insert.bind(1, static_cast<std::int64_t>(excerpt)).bind(2, category).bind(3, confidence).bind(4, uncertainty);
      insert.run();
    };
    add("goal", 0.55, 0.40);          // near the boundary itself, sure about the rest of the excerpt
    add("job", 0.62, 0.70);           // a little surer, but the excerpt is torn between categories
    add("tool", 0.97, 0.05);          // sure
    add("objection", 0.58, std::nullopt);  // old row: counts by its own margin, 1 - |2p - 1| = 0.84
  }
  auto order = [&](const std::string& by) {
    std::vector<std::string> out;
    const json page = body_json(server.http().Get(("/api/v1/tags?status=suggested&order=" + by).c_str()));
    for (const json& tag : page["items"]) out.push_back(tag["category"].get<std::string>());
    return out;
  };
  CHECK(order("uncertainty") == std::vector<std::string>{"objection", "job", "goal", "tool"});
  CHECK(order("confidence") == std::vector<std::string>{"goal", "objection", "job", "tool"});
  auto bad = server.http().Get("/api/v1/tags?order=entropy");
  CHECK(is_error(bad, 400, "invalid_input"));
  CHECK(body_json(bad)["error"]["message"].get<std::string>().find("uncertainty") != std::string::npos);
}

TEST_CASE("grounded tag --stdin --db scores with the repository's trained model") {
  // Per process: several worktrees run this suite at once on one machine.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("grounded-taglearn-cli-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db_path = (dir / "repo.db").string();
  const std::string held_out = read_fixture("learning_held_out.txt");
  std::ofstream(dir / "held_out.txt") << held_out;
  auto categories_of = [&](const std::string& extra) {
    std::string out = run(std::string("'") + GROUNDED_BIN + "' tag --stdin --json" + extra + " < '" +
                          (dir / "held_out.txt").string() + "'");
    std::vector<std::vector<std::string>> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      std::vector<std::string> cats;
      const json parsed = json::parse(line);  // named: a range-for over a temporary's member dangles
      for (const json& t : parsed["tags"]) cats.push_back(t["category"].get<std::string>());
      lines.push_back(cats);
    }
    return lines;
  };
  auto with_pain = [](const std::vector<std::vector<std::string>>& lines) {
    int n = 0;
    for (const auto& cats : lines) n += std::find(cats.begin(), cats.end(), "pain_point") != cats.end();
    return n;
  };
  const auto seed = categories_of("");
  REQUIRE(seed.size() >= 5);
  // A fresh repository uses (and stores) the seed model: same answers.
  CHECK(categories_of(" --db '" + db_path + "'") == seed);
  {
    auto db = grounded::store::Database::open(db_path);
    auto report = grounded::tagger::import_labeled(db, read_fixture("learning_reviewed.csv"), "learning_reviewed.csv", "test");
    CHECK(report.invalid.empty());
    grounded::tagger::train_from_database(db);
  }
  const auto trained = categories_of(" --db '" + db_path + "'");
  REQUIRE(trained.size() == seed.size());
  // A bakery's recurring practices ("by hand", "spend hours"): the seed
  // model calls most of them pain points, the bakery's own model does not.
  CHECK(with_pain(seed) >= 5);
  CHECK(with_pain(trained) <= 2);
  std::filesystem::remove_all(dir);
}
