// grounded users add|list|passwd|remove|role — the people who may sign in to
// a team-mode server (src/store/users.hpp). The first admin is made here:
// `grounded serve --team` (or on a non-loopback address) refuses to start
// without one.
#include <iostream>

#include "cli/actor.hpp"
#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "cli/password_input.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/database.hpp"
#include "store/users.hpp"

namespace grounded::cli {
namespace {

const std::string& only_name(const Arguments& args, std::size_t expected, const char* usage) {
  if (args.positionals().size() != expected) throw UsageError(usage);
  return args.positionals()[0];
}

int run_add(const std::vector<std::string>& words) {
  Arguments args(words, {"db", "role"}, {"password-stdin"});
  const std::string& name = only_name(args, 1, "name one user: grounded users add NAME --role ROLE");
  if (!args.has("role")) throw UsageError("give the role: --role admin|researcher|reviewer|viewer");
  store::Role role = store::parse_role(args.get("role"));
  auto db = store::Database::open(database_path_option(args.get("db")));
  if (store::find_user(db, name)) throw conflict("there is already a user named '" + name + "'");
  std::string password = read_new_password(name, args.has("password-stdin"));
  store::User user = store::add_user(db, name, password, role, cli_actor());
  std::cout << "added " << user.username << " (" << store::to_string(user.role) << ")\n";
  return 0;
}

int run_list(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"json"});
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals()[0] + "'");
  auto db = store::Database::open(database_path_option(args.get("db")));
  std::vector<store::User> users = store::list_users(db);
  if (args.has("json")) {
    std::cout << dump_json({{"items", users}, {"total", users.size()}}, 2) << "\n";
    return 0;
  }
  for (const store::User& user : users)
    std::cout << user.username << "\t" << store::to_string(user.role) << "\tsince " << user.created_at << "\n";
  std::cout << users.size() << (users.size() == 1 ? " user\n" : " users\n");
  return 0;
}

int run_passwd(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"password-stdin"});
  const std::string& name = only_name(args, 1, "name one user: grounded users passwd NAME");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::User user = store::require_user(db, name);
  store::set_password(db, user.id, read_new_password(user.username, args.has("password-stdin")), cli_actor());
  std::cout << "changed the password of " << user.username << "; their sessions have ended\n";
  return 0;
}

int run_remove(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {});
  const std::string& name = only_name(args, 1, "name one user: grounded users remove NAME");
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::User user = store::require_user(db, name);
  store::remove_user(db, user.id, cli_actor());
  std::cout << "removed " << user.username << "\n";
  return 0;
}

int run_role(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {});
  only_name(args, 2, "name the user and the role: grounded users role NAME ROLE");
  store::Role role = store::parse_role(args.positionals()[1]);
  auto db = store::Database::open(database_path_option(args.get("db")));
  store::User user = store::require_user(db, args.positionals()[0]);
  store::set_role(db, user.id, role, cli_actor());
  std::cout << user.username << " is now " << store::to_string(role) << "\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("users add", "Add a user who may sign in to a team-mode server",
                 "grounded users add NAME --role admin|researcher|reviewer|viewer [--password-stdin] [--db PATH]\n\n"
                 "Asks for the password twice on the terminal (or reads one line from standard input with\n"
                 "--password-stdin); never give it as an argument. At least 10 characters. Roles, each\n"
                 "including the ones after it: admin (users, settings), researcher (upload, edit, draft),\n"
                 "reviewer (tags, citation verdicts, sign-offs), viewer (read and export).",
                 run_add);
GROUNDED_COMMAND("users list", "List the users of a team-mode server", "grounded users list [--json] [--db PATH]",
                 run_list);
GROUNDED_COMMAND("users passwd", "Set a user's password (ends their sessions)",
                 "grounded users passwd NAME [--password-stdin] [--db PATH]", run_passwd);
GROUNDED_COMMAND("users remove", "Remove a user (never the last admin)", "grounded users remove NAME [--db PATH]",
                 run_remove);
GROUNDED_COMMAND("users role", "Change a user's role (never the last admin's)",
                 "grounded users role NAME admin|researcher|reviewer|viewer [--db PATH]", run_role);

}  // namespace grounded::cli
