// The people verbs of the built binary (grounded accounts|participants):
// bad values are bad input — exit 2 with a message naming the field — never
// exit 4 (a bug) and never a half-made change.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "shell_run.hpp"
#include "store/database.hpp"
#include "store/people.hpp"

namespace {

using Outcome = grounded::test::ShellOutcome;

// The binary with these arguments; stdout and stderr together.
Outcome run(const std::string& arguments) {
  return grounded::test::run_shell(grounded::test::grounded_bin() + " " + arguments + " 2>&1");
}

}  // namespace

TEST_CASE("grounded accounts edit: a size that is not a whole number is exit 2 naming the field; nothing changes") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("grounded-cli-people-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db_path = (dir / "repo.db").string();
  grounded::Id id = 0;
  {
    auto db = grounded::store::Database::open(db_path);
    grounded::Account account;
    account.name = "Nordlicht GmbH";
    account.employees = 240;
    id = grounded::store::upsert_account(db, account);
  }
  const std::string edit = "accounts edit " + std::to_string(id) + " --db '" + db_path + "' ";

  for (const char* bad : {"lots", "2.5", "12 people", "１２"}) {
    CAPTURE(bad);
    Outcome o = run(edit + "--employees '" + bad + "'");
    CHECK(o.exit_code == 2);
    CHECK(o.output.find("--employees must be a whole number, not '" + std::string(bad) + "'") != std::string::npos);
  }
  Outcome revenue = run(edit + "--revenue lots");
  CHECK(revenue.exit_code == 2);
  CHECK(revenue.output.find("--revenue") != std::string::npos);
  Outcome negative = run(edit + "--employees -3");
  CHECK(negative.exit_code == 2);
  CHECK(negative.output.find("employees") != std::string::npos);
  CHECK(run("accounts edit 999 --employees 5 --db '" + db_path + "'").exit_code == 3);

  {
    auto db = grounded::store::Database::open(db_path);
    CHECK(grounded::store::get_account(db, id).employees == 240);  // every refusal left it as it was
  }
  Outcome good = run(edit + "--employees 250 --json");
  CHECK(good.exit_code == 0);
  CHECK(good.output.find("250") != std::string::npos);
  std::filesystem::remove_all(dir);
}
