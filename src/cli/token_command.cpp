// grounded token — print or rotate the repository's API token (store/api_token.hpp).
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "store/api_token.hpp"

namespace grounded::cli {
namespace {

int run_token(const std::vector<std::string>& words) {
  Arguments args(words, {"db"}, {"rotate"});
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals().front() + "'");
  std::string db_path = database_path_option(args.get("db"));
  std::string token = args.has("rotate") ? store::rotate_api_token(db_path) : store::load_or_create_api_token(db_path);
  std::cout << token << "\n";
  if (args.has("rotate"))
    std::cerr << "grounded token: rotated; a running server keeps the old token until it restarts\n";
  return 0;
}

}  // namespace

GROUNDED_COMMAND("token", "Print (or --rotate) the API token scripts use to change data over HTTP",
                 "grounded token [--db PATH] [--rotate]\n\n"
                 "Prints the repository's API token, kept with mode 0600 in DB_PATH.token beside the\n"
                 "database (created on first use). Scripts send it to change data through the API:\n\n"
                 "  curl -H \"Authorization: Bearer $(grounded token)\" -H 'Content-Type: application/json' \\\n"
                 "       -d '{}' http://127.0.0.1:8080/api/v1/tagger/run\n\n"
                 "--rotate replaces it (a running server picks the new one up when restarted).",
                 run_token);

}  // namespace grounded::cli
