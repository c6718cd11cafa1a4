#include "server/server.hpp"

#include <arpa/inet.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "core/error.hpp"
#include "server/access_guard.hpp"
#include "server/fronted_http_server.hpp"
#include "server/http_errors.hpp"
#include "store/api_token.hpp"
#include "store/password_hash.hpp"
#include "store/users.hpp"
#include "server/job_runner.hpp"
#include "server/route_context.hpp"

namespace grounded::server {

bool team_mode(const ServerOptions& options) { return options.team || !is_loopback_host(options.host); }

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

namespace {

// The Content-Security-Policy: our own scripts and styles only, no inline
// script, no framing, no plugins; API calls to ourselves only.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void validate_team(const ServerOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty())
    throw invalid_input("give both --tls-cert and --tls-key (PEM files), or neither");
  for (const std::string* file : {&options.tls_cert, &options.tls_key}) {
    std::error_code error;
    if (!file->empty() && !std::filesystem::is_regular_file(*file, error))
      throw invalid_input("the TLS file '" + *file + "' does not exist or is not a file");
  }
  if (!team_mode(options)) return;
  if (!is_loopback_host(options.host) && options.tls_cert.empty() && options.trusted_proxy.empty())
    throw invalid_input("refusing to serve '" + options.host +
                        "' in plain HTTP: passwords and customer text would cross the network unencrypted. Give "
                        "--tls-cert FILE --tls-key FILE, or run behind a reverse proxy that terminates TLS and "
                        "name it with --trusted-proxy ADDRESS");
  store::Database db = store::Database::open(options.db_path);
  if (store::count_admins(db) == 0)
    throw invalid_input("team mode needs at least one admin user, and '" + options.db_path +
                        "' has none. Create one first: grounded users add NAME --role admin --db " + options.db_path);
}

void validate(const ServerOptions& options) {
  if (options.port < 0 || options.port > 65535) throw invalid_input("--port must be from 0 to 65535");
  if (options.threads < 2 || options.threads > 1024) throw invalid_input("threads must be from 2 to 1024");
  if (options.db_path.empty()) throw invalid_input("no database path given");
  std::error_code error;
  if (!std::filesystem::is_directory(options.web_dir, error))
    throw invalid_input("the web UI folder '" + options.web_dir + "' does not exist (use --web DIR)");
  validate_team(options);
}

std::unique_ptr<httplib::Server> make_http_server(const ServerOptions& options) {
  if (options.tls_cert.empty()) {
    ConnectionLimits limits = options.limits;
    limits.max_body_bytes = options.max_upload_bytes;
    return std::make_unique<FrontedHttpServer>(limits, static_cast<std::size_t>(options.threads));
  }
  auto server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
  if (!server->is_valid())
    throw invalid_input("cannot use the TLS certificate '" + options.tls_cert + "' with the key '" + options.tls_key +
                        "': each must be PEM, and the key must belong to the certificate");
  return server;
}

// Every waiting connection holds a descriptor: use the hard limit, not the
// soft default of 1024, so a thousand slow clients cannot make accept fail.
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

struct RunningServer::Impl {
  explicit Impl(ServerOptions given)
      : options(std::move(given)), runner(options.db_path), context(options, runner), http(make_http_server(options)) {}

  ServerOptions options;
  AccessPolicy access;
  JobRunner runner;
  RouteContext context;
  std::unique_ptr<httplib::Server> http;
  std::thread listener;
  int port = 0;
  bool stopped = false;
};

RunningServer::RunningServer(ServerOptions options) {
  validate(options);
  raise_descriptor_limit();
  { store::Database::open(options.db_path); }  // create and migrate once, before any worker races to
  impl_ = std::make_unique<Impl>(std::move(options));
  Impl& impl = *impl_;
  httplib::Server& http = *impl.http;
  const ServerOptions& opts = impl.options;
  impl.access.host_names = {"127.0.0.1", "localhost", "[::1]"};
  if (opts.host != "127.0.0.1" && opts.host != "localhost" && opts.host != "[::1]")
    impl.access.host_names.push_back(opts.host == "::1" ? "[::1]" : opts.host);
  for (const std::string& name : opts.allow_hosts) impl.access.host_names.push_back(name);
  impl.access.api_token = store::load_or_create_api_token(opts.db_path);
  impl.access.launch_secret = make_launch_secret();
  impl.access.max_body_bytes = opts.max_upload_bytes;
  impl.access.team = team_mode(opts);
  // The decoy hash unknown names are checked against, made now so that the
  // first such sign-in takes no longer than any other (password_hash.hpp).
  if (impl.access.team) store::decoy_password_hash();
  impl.access.transport = {!opts.tls_cert.empty(), opts.trusted_proxy};
  impl.access.session_limits = opts.session_limits;
  RouteContext& context = impl.context;
  impl.access.database = [&context]() -> store::Database& { return context.db(); };

  // The traps of cpp-httplib 0.11.4 (DESIGN.md): Nagle delays every
  // keep-alive response (the front also sets TCP_NODELAY on each accepted
  // socket), the payload is unlimited by default, and its pool holds one
  // worker per open connection, which FrontedHttpServer replaces: request
  // heads and bodies have total deadlines there (ServerOptions::limits).
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(opts.max_upload_bytes);
  if (!opts.tls_cert.empty()) {
    // httplib's SSLServer does its TLS handshake on the worker, so it keeps
    // the pool of one worker per connection and per-recv timeouts (a gap:
    // slow TLS clients can still tie up workers; behind a TLS-terminating
    // proxy the front applies). Plain HTTP takes its settings from opts.limits.
    std::size_t threads = static_cast<std::size_t>(opts.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_keep_alive_max_count(100000);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(10);
    http.set_write_timeout(30);
  }
  httplib::Headers headers = {{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cross-Origin-Opener-Policy", "same-origin"}};
  // Over our own TLS, browsers should never try plain HTTP to us again.
  if (!opts.tls_cert.empty()) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  http.set_default_headers(std::move(headers));
  const AccessPolicy& access = impl.access;
  http.set_pre_routing_handler([&access](const httplib::Request& req, httplib::Response& res) {
    return admit_request(access, req, res) ? httplib::Server::HandlerResponse::Unhandled
                                           : httplib::Server::HandlerResponse::Handled;
  });
  http.set_post_routing_handler([&access](const httplib::Request& req, httplib::Response& res) {
    if (req.path.starts_with("/api/") && !res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
    hand_out_launch_secret(access, req, res);
  });
  install_error_handlers(http, opts.max_upload_bytes);
  register_all_routes(http, impl.context);

  if (opts.port == 0) {
    impl.port = http.bind_to_any_port(opts.host);
  } else {
    impl.port = http.bind_to_port(opts.host, opts.port) ? opts.port : -1;
  }
  if (impl.port <= 0) {
    impl.runner.stop();
    throw Error(ErrorKind::internal, "cannot listen on " + opts.host + ":" + std::to_string(opts.port) +
                                         " (is another program using that port? try --port with another number)");
  }
  if (auto* fronted = dynamic_cast<FrontedHttpServer*>(&http)) fronted->widen_backlog();
  impl.access.port = impl.port;
  impl.listener = std::thread([&http] { http.listen_after_bind(); });
  // stop() is a no-op until the accept loop runs: wait for it, so a server
  // stopped right after it started never leaves the listener running.
  while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

RunningServer::~RunningServer() { stop(); }

int RunningServer::port() const { return impl_->port; }

const ServerOptions& RunningServer::options() const { return impl_->options; }

const std::string& RunningServer::api_token() const { return impl_->access.api_token; }

std::string RunningServer::url() const {
  std::string host = impl_->options.host;
  if (host.find(':') != std::string::npos && !host.starts_with('[')) host = "[" + host + "]";
  return (impl_->options.tls_cert.empty() ? "http://" : "https://") + host + ":" + std::to_string(impl_->port);
}

void RunningServer::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  // stop() closes the listening socket; listen_after_bind then shuts the
  // pool down, which lets in-flight requests finish and joins the workers
  // (closing their thread-local connections).
  impl_->http->stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  impl_->runner.stop();
  try {
    store::Database db = store::Database::open(impl_->options.db_path);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception& e) {
    std::cerr << "grounded serve: checkpoint at exit failed: " << e.what() << "\n";
  }
}

int run_server(const ServerOptions& options) {
  // Block the stop signals in every thread; this thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  RunningServer server(options);
  std::cout << "Grounded is serving " << server.url() << "/ (database: " << options.db_path
            << (team_mode(options) ? "; team mode: sign in with a user from `grounded users list`" : "")
            << "). Press Ctrl-C to stop." << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "Stopping (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << "): finishing requests…" << std::endl;
  server.stop();
  std::cout << "Stopped; database closed." << std::endl;
  return 0;
}

}  // namespace grounded::server
