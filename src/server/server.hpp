// grounded::server — the local HTTP server: JSON API under /api/v1/ and the
// browser UI (static files from web/).
//
// Route handlers only translate HTTP <-> module calls (store, ingest,
// search, ...). Routes live in routes_<resource>.cpp and are listed in
// route_table.cpp (one line per resource: see route_context.hpp).
//
// Security: answers only its own Host names (access_guard.hpp). On loopback
// (the default) it takes changes only from its own page or with the API
// token. Team mode (`team`, and always on a non-loopback address) signs
// people in with passwords, sessions and roles (team_gate.hpp, users from
// `grounded users`); it refuses to start without an admin user, and off
// loopback without TLS (tls_cert/tls_key) or a trusted reverse proxy. Every
// response carries a CSP that forbids inline script, nosniff, frame denial
// and a referrer policy.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "store/sessions.hpp"
#include "store/sign_in.hpp"
#include "server/connection_limits.hpp"

namespace grounded::server {

// A path inside the source tree Grounded was built from (the default web/ and
// samples/ folders of a build that is run in place).
std::string source_tree_path(const std::string& relative);

struct ServerOptions {
  std::string host = "127.0.0.1";  // a non-loopback address turns team mode on
  int port = 8080;                  // 0 = an ephemeral port (see RunningServer::port)
  std::string db_path;              // SQLite file; opened per worker thread, migrated at start
  std::string web_dir = source_tree_path("web");
  std::string samples_dir = source_tree_path("samples");
  std::size_t max_upload_bytes = 256u * 1024 * 1024;  // whole request body; over it: 413 naming the limit
  std::vector<std::string> allow_hosts;  // extra Host names answered (a proxy's name); see access_guard.hpp
  // Workers serve requests that have fully arrived; slow and idle
  // connections wait in the connection front without one
  // (connection_front.hpp), so this bounds requests handled at once, not
  // connections.
  int threads = 64;
  // Deadlines for sending a request, and how many connections may wait
  // (connection_limits.hpp). max_body_bytes is taken from max_upload_bytes.
  ConnectionLimits limits;  // plain HTTP only: TLS (tls_cert) keeps httplib's pool and its per-recv timeouts
  // Team mode (team_gate.hpp): sign-in with users and roles.
  bool team = false;               // also implied by a non-loopback host
  std::string tls_cert;            // PEM certificate (chain) and private key: serve HTTPS
  std::string tls_key;
  std::string trusted_proxy;       // the reverse proxy's address; only its X-Forwarded-* are read
  store::SessionLimits session_limits;
  store::SignInPolicy sign_in_policy;
};

// True when the options ask for team mode (`team`, or a non-loopback host).
bool team_mode(const ServerOptions& options);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

// A server running on background threads. The constructor validates the
// options (Error(invalid_input) for an unusable web dir, a team mode without
// an admin user, a non-loopback host without TLS or a trusted proxy, or an
// unreadable certificate; Error from Database::open for a bad database), opens and migrates the
// database, binds (port 0 = ephemeral) and starts serving; it throws
// Error(internal) when the port cannot be bound. stop() (also run by the
// destructor) lets in-flight requests and running jobs finish, closes every
// connection and checkpoints the WAL (TRUNCATE). Tests use it in-process:
//
//   RunningServer server({.port = 0, .db_path = temp_db});
//   httplib::Client client("127.0.0.1", server.port());
class RunningServer {
 public:
  explicit RunningServer(ServerOptions options);
  ~RunningServer();
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  int port() const;
  const ServerOptions& options() const;
  // "http://127.0.0.1:PORT" ("https://…" with TLS)
  std::string url() const;
  // The repository's API token (store/api_token.hpp) that scripts send as
  // `Authorization: Bearer …` to change data.
  const std::string& api_token() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs until SIGINT or SIGTERM, then stops cleanly (see RunningServer::stop).
// Prints the URL (with the real port when options.port is 0) on stdout.
// Returns the process exit code; throws Error for bad options.
int run_server(const ServerOptions& options);

}  // namespace grounded::server
