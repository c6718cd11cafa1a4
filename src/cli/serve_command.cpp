// grounded serve — the local server and browser UI (src/server/).
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "server/server.hpp"

namespace grounded::cli {
namespace {

int run_serve(const std::vector<std::string>& words) {
  Arguments args(words,
                 {"db", "host", "port", "web", "samples", "max-upload-mb", "threads", "allow-host", "tls-cert",
                  "tls-key", "trusted-proxy"},
                 {"team"});
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals().front() + "'");
  server::ServerOptions options;
  options.db_path = database_path_option(args.get("db"));
  options.host = args.get("host", options.host);
  if (auto port = args.integer("port")) {
    if (*port < 0 || *port > 65535) throw invalid_input("--port must be from 0 to 65535");
    options.port = static_cast<int>(*port);
  }
  options.web_dir = args.get("web", options.web_dir);
  options.samples_dir = args.get("samples", options.samples_dir);
  if (auto mb = args.integer("max-upload-mb")) {
    if (*mb < 1 || *mb > 4096) throw invalid_input("--max-upload-mb must be from 1 to 4096");
    options.max_upload_bytes = static_cast<std::size_t>(*mb) * 1024 * 1024;
  }
  if (auto threads = args.integer("threads")) options.threads = static_cast<int>(*threads);
  options.allow_hosts = args.all("allow-host");
  options.team = args.has("team");
  options.tls_cert = args.get("tls-cert");
  options.tls_key = args.get("tls-key");
  options.trusted_proxy = args.get("trusted-proxy");
  return server::run_server(options);
}

}  // namespace

GROUNDED_COMMAND("serve", "Serve the browser UI and JSON API on http://127.0.0.1:8080",
                 "grounded serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--web DIR] [--samples DIR]\n"
                 "               [--max-upload-mb 256] [--threads 64] [--allow-host NAME[:PORT]]...\n"
                 "               [--team] [--tls-cert FILE --tls-key FILE] [--trusted-proxy ADDRESS]\n\n"
                 "Serves the browser UI (from --web, default: the web/ folder of the source tree) and the\n"
                 "JSON API under /api/v1/. --port 0 picks a free port (printed on start).\n"
                 "It answers only Host names 127.0.0.1, localhost and [::1] (plus the --host address and\n"
                 "each --allow-host).\n\n"
                 "On loopback (the default) it takes changes only from its own page or with\n"
                 "`Authorization: Bearer TOKEN` (see `grounded token`).\n\n"
                 "Team mode (--team, and always with a --host that is not loopback): people sign in with\n"
                 "a user made by `grounded users add` (at least one admin must exist) and act within their\n"
                 "role; the API token still works for scripts, as an admin. Off loopback it needs TLS:\n"
                 "--tls-cert/--tls-key (PEM), or a reverse proxy that terminates TLS named with\n"
                 "--trusted-proxy ADDRESS (only that address's X-Forwarded-For/-Proto are believed).\n"
                 "--threads is how many requests are handled at once; over plain HTTP slow or idle\n"
                 "connections wait without a thread, and a request head must arrive within 10 s (408).\n"
                 "Ctrl-C or SIGTERM stops it cleanly.",
                 run_serve);

}  // namespace grounded::cli
