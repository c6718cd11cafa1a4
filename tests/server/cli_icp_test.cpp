// `grounded icp matrix edit --file F` of the built binary: a matrix whose
// weights do not total 100 is exit 2 naming the total and each weight, and
// no version is saved; a valid edit saves version 1 and scores read it.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "shell_run.hpp"

namespace {

grounded::test::ShellOutcome run(const std::string& arguments) {
  return grounded::test::run_shell(grounded::test::grounded_bin() + " " + arguments + " 2>&1");
}

}  // namespace

TEST_CASE("grounded icp matrix edit: weights that do not total 100 are exit 2 and save nothing; a valid edit is a version") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("grounded-cli-icp-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = " --db '" + (dir / "repo.db").string() + "'";

  grounded::test::ShellOutcome shown = run("icp matrix show --json" + db);
  REQUIRE(shown.exit_code == 0);
  nlohmann::json matrix = nlohmann::json::parse(shown.output)["matrix"];
  REQUIRE(matrix["attributes"][0]["weight"] == 20);

  matrix["attributes"][0]["weight"] = 25;  // 105 in all
  std::ofstream(dir / "bad.json") << matrix.dump();
  grounded::test::ShellOutcome bad = run("icp matrix edit --file '" + (dir / "bad.json").string() + "'" + db);
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("weights total 105%; they must total 100% (Industry 25, Company size 15") != std::string::npos);
  CHECK(run("icp matrix versions" + db).output.find("version 1") == std::string::npos);

  matrix["attributes"][1]["weight"] = 10;  // 100 again
  std::ofstream(dir / "good.json") << matrix.dump();
  grounded::test::ShellOutcome good = run("icp matrix edit --file '" + (dir / "good.json").string() + "'" + db);
  CHECK(good.exit_code == 0);
  CHECK(good.output.find("saved ICP matrix version 1: Industry 25%, Company size 10%") != std::string::npos);
  CHECK(run("icp matrix versions" + db).output.find("version 1") != std::string::npos);

  std::ofstream(dir / "broken.json") << "{\"attributes\": [";
  CHECK(run("icp matrix edit --file '" + (dir / "broken.json").string() + "'" + db).exit_code == 2);
  std::filesystem::remove_all(dir);
}
