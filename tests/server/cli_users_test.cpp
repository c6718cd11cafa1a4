// grounded users add|list|passwd|remove|role from the built binary: the
// password comes from standard input (--password-stdin) or a terminal, never
// from argv; bad input is exit 2 naming the problem, never exit 4.
#include <doctest/doctest.h>

#include <unistd.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "shell_run.hpp"
#include "store/database.hpp"
#include "store/password_hash.hpp"
#include "store/users.hpp"

namespace {

using Outcome = grounded::test::ShellOutcome;

// Runs the binary with `stdin_text` piped in (printf is the shell's, so the
// text never appears in grounded's argv); stdout and stderr together.
Outcome run(const std::string& arguments, const std::string& stdin_text = "") {
  return grounded::test::run_shell("printf '%s\\n' '" + stdin_text + "' | " + grounded::test::grounded_bin() + " " +
                                   arguments + " 2>&1");
}

}  // namespace

TEST_CASE("grounded users: add, list, role, passwd and remove, with the password on stdin") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("grounded-cli-users-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = " --db '" + (dir / "repo.db").string() + "'";

  Outcome added = run("users add Zoë --role admin --password-stdin" + db, "crème brûlée 2026");
  CHECK(added.exit_code == 0);
  CHECK(added.output.find("added Zoë (admin)") != std::string::npos);
  CHECK(run("users add ana --role viewer --password-stdin" + db, "short").exit_code == 2);
  Outcome no_role = run("users add ana --password-stdin" + db, "long enough pass");
  CHECK(no_role.exit_code == 1);
  CHECK(no_role.output.find("--role") != std::string::npos);
  Outcome bad_role = run("users add ana --role boss --password-stdin" + db, "long enough pass");
  CHECK(bad_role.exit_code == 2);
  CHECK(bad_role.output.find("admin, researcher, reviewer or viewer") != std::string::npos);
  CHECK(run("users add ana --role viewer --password-stdin" + db, "long enough pass").exit_code == 0);
  CHECK(run("users add ANA --role viewer --password-stdin" + db, "long enough pass").exit_code == 2);

  Outcome listed = run("users list" + db);
  CHECK(listed.exit_code == 0);
  CHECK(listed.output.find("Zoë\tadmin") != std::string::npos);
  CHECK(listed.output.find("ana\tviewer") != std::string::npos);
  CHECK(listed.output.find("2 users") != std::string::npos);
  CHECK(listed.output.find("argon2") == std::string::npos);

  CHECK(run("users role ana reviewer" + db).exit_code == 0);
  Outcome last_admin = run("users role zoë viewer" + db);
  CHECK(last_admin.exit_code == 2);
  CHECK(last_admin.output.find("last admin") != std::string::npos);
  CHECK(run("users passwd ana --password-stdin" + db, "a brand new secret").exit_code == 0);
  {
    auto database = grounded::store::Database::open((dir / "repo.db").string());
    grounded::store::User ana = grounded::store::require_user(database, "ana");
    CHECK(ana.role == grounded::store::Role::reviewer);
    CHECK(grounded::store::verify_password("a brand new secret",
                                           grounded::store::password_hash_of(database, ana.id)));
  }
  CHECK(run("users remove nobody" + db).exit_code == 3);
  CHECK(run("users remove ana" + db).exit_code == 0);
  CHECK(run("users remove zoë" + db).exit_code == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("grounded users add: without a terminal or --password-stdin it says how to give the password") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("grounded-cli-users-tty-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // setsid: no controlling terminal, as under cron or CI.
  Outcome outcome = grounded::test::run_shell("setsid " + grounded::test::grounded_bin() +
                                              " users add ana --role viewer --db '" + (dir / "repo.db").string() +
                                              "' </dev/null 2>&1");
  CAPTURE(outcome.output);
  CHECK(outcome.exit_code == 1);
  CHECK(outcome.output.find("--password-stdin") != std::string::npos);
  auto database = grounded::store::Database::open((dir / "repo.db").string());
  CHECK(grounded::store::list_users(database).empty());
  std::filesystem::remove_all(dir);
}
