// load_bench — the client half of bench/load_run.sh: mixed reads and writes
// over keep-alive connections against a running `grounded serve`, while slow
// clients hold sockets open, and a probe that times /api/v1/health on a fresh
// connection several times a second.
//
//   load_bench --port PORT --token TOKEN [--connections 32] [--seconds 60]
//              [--slow-clients 200] [--baseline-seconds 15] [--write-percent 20]
//
// Two phases in one run: the baseline (the same mix, no slow clients) and the
// loaded phase (the mix while the slow clients hold sockets). A slow client
// sends a request line and then one header line every 4 s, never finishing
// its headers (a per-recv read timeout of 10 s would never fire); when the
// server closes it (its total head deadline answers 408) it reconnects at
// once, so the 200 keep pressing for the whole phase. The report says how
// the closed ones ended (408, other answer, none) and how long they lived.
// Reads: search (the store bench's kind of mix), source lists and pages, one
// source, personas, tags. Writes (`--write-percent`): a new transcript upload
// (multipart, distinct bytes each time, so it is stored), an edit of one of
// five personas (created at start), a human tag on a known excerpt. Each write carries the API token.
// An error is a failed connection or an unexpected status. Prints JSON; exit
// code 1 when the loaded phase had an error or a /health probe took 1 s or
// more (or failed), else 0.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_http.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

struct Options {
  int port = 0;
  std::string token;
  int connections = 32;
  int seconds = 60;
  int baseline_seconds = 15;
  int slow_clients = 200;
  int write_percent = 20;
};

// Latencies of one kind of request, in milliseconds.
struct Series {
  std::vector<double> ms;
  std::int64_t errors = 0;
  std::vector<std::string> first_errors;  // a few, for the report

  void add(const Series& other) {
    ms.insert(ms.end(), other.ms.begin(), other.ms.end());
    errors += other.errors;
    for (const auto& e : other.first_errors)
      if (first_errors.size() < 5) first_errors.push_back(e);
  }
  void fail(std::string why) {
    ++errors;
    if (first_errors.size() < 5) first_errors.push_back(std::move(why));
  }
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

json summary(const Series& s, double seconds) {
  double round_to = 1000.0;
  auto r = [&](double v) { return std::round(v * round_to) / round_to; };
  json out = {{"requests", s.ms.size() + static_cast<std::size_t>(s.errors)},
              {"errors", s.errors},
              {"p50_ms", r(percentile(s.ms, 0.50))},
              {"p99_ms", r(percentile(s.ms, 0.99))},
              {"max_ms", r(s.ms.empty() ? 0 : *std::max_element(s.ms.begin(), s.ms.end()))}};
  if (seconds > 0) out["per_second"] = r(static_cast<double>(s.ms.size()) / seconds);
  if (!s.first_errors.empty()) out["first_errors"] = s.first_errors;
  return out;
}

// What the mix reads and writes against, learnt from the server at start.
struct Targets {
  std::vector<long long> source_ids;
  std::vector<long long> excerpt_ids;
  std::vector<long long> persona_ids;  // a team's handful, created at start and edited by the mix
  std::vector<std::string> queries{"price", "invoice", "budget approval", "\"month end\"", "spread*",
                                   "pri*", "manual", "price budget", "report OR export", "close -invoice"};
};

using grounded::bench::url_encode;

httplib::Client make_client(int port, int timeout_seconds) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(timeout_seconds);
  client.set_read_timeout(timeout_seconds);
  client.set_write_timeout(timeout_seconds);
  return client;
}

Targets discover(int port, const std::string& token) {
  httplib::Client client = make_client(port, 30);
  Targets targets;
  if (auto res = client.Get("/api/v1/sources?limit=500"); res && res->status == 200) {
    json sources = json::parse(res->body);  // named: a range-for over a temporary's member dangles
    for (const auto& item : sources["items"]) targets.source_ids.push_back(item["id"].get<long long>());
  }
  for (const char* q : {"price", "invoice", "report", "manual"})
    if (auto res = client.Get("/api/v1/search?limit=200&q=" + std::string(q)); res && res->status == 200) {
      json found = json::parse(res->body);
      for (const auto& hit : found["hits"]) targets.excerpt_ids.push_back(hit["excerpt_id"].get<long long>());
    }
  httplib::Headers auth{{"Authorization", "Bearer " + token}};
  for (int i = 1; i <= 5; ++i) {
    json body = {{"name", "Load persona " + std::to_string(i)}, {"role", "Controller"}};
    if (auto res = client.Post("/api/v1/personas", auth, body.dump(), "application/json"); res && res->status == 201)
      targets.persona_ids.push_back(json::parse(res->body)["id"].get<long long>());
  }
  if (targets.source_ids.empty() || targets.excerpt_ids.empty() || targets.persona_ids.empty())
    throw std::runtime_error("the server has no sources or no searchable excerpts to load against");
  return targets;
}

// One keep-alive connection running the mix until `deadline`.
class Worker {
 public:
  Worker(const Options& options, const Targets& targets, int id)
      : options_(options), targets_(targets), id_(id), random_(static_cast<unsigned>(id) * 7919u + 17u),
        client_(make_client(options.port, 30)) {}

  void run(Clock::time_point deadline, std::map<std::string, Series>& out) {
    while (Clock::now() < deadline) {
      bool write = static_cast<int>(random_() % 100) < options_.write_percent;
      if (write) one_write(out);
      else one_read(out);
    }
  }

 private:
  template <typename T>
  const T& pick(const std::vector<T>& from) { return from[random_() % from.size()]; }

  // Times `send`, and counts it as an error unless the status is `expected`.
  template <typename Send>
  void timed(Series& series, int expected, Send&& send) {
    auto start = Clock::now();
    httplib::Result res = send();
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!res) return series.fail("connection: " + httplib::to_string(res.error()));
    if (res->status != expected)
      return series.fail("status " + std::to_string(res->status) + ": " + res->body.substr(0, 200));
    series.ms.push_back(ms);
  }

  void one_read(std::map<std::string, Series>& out) {
    switch (random_() % 6) {
      case 0:
      case 1:
        return timed(out["read_search"], 200,
                     [&] { return client_.Get("/api/v1/search?q=" + url_encode(pick(targets_.queries))); });
      case 2:
        return timed(out["read_sources_page"], 200, [&] {
          return client_.Get("/api/v1/sources?limit=50&offset=" + std::to_string(random_() % 200));
        });
      case 3:
        return timed(out["read_source"], 200,
                     [&] { return client_.Get("/api/v1/sources/" + std::to_string(pick(targets_.source_ids))); });
      case 4:
        return timed(out["read_personas"], 200, [&] { return client_.Get("/api/v1/personas"); });
      default:
        return timed(out["read_tags"], 200, [&] { return client_.Get("/api/v1/tags?limit=50"); });
    }
  }

  void one_write(std::map<std::string, Series>& out) {
    httplib::Headers auth{{"Authorization", "Bearer " + options_.token}};
    ++writes_;
    std::string tag = std::to_string(id_) + "-" + std::to_string(writes_);
    switch (random_() % 3) {
      case 0: {
        std::string transcript = "Interviewer: What slows down your close, call " + tag +
                                 "?\nCustomer: Re-keying invoices by hand; the price of the add-on (ticket " + tag +
                                 ") is too high for a team our size.\n";
        httplib::MultipartFormDataItems items{{"files", transcript, "load-" + tag + ".txt", "text/plain"}};
        return timed(out["write_upload"], 200, [&] { return client_.Post("/api/v1/sources", auth, items); });
      }
      case 1: {
        json body = {{"role", "Controller " + tag}};
        std::string path = "/api/v1/personas/" + std::to_string(pick(targets_.persona_ids));
        return timed(out["write_persona_edit"], 200,
                     [&] { return client_.Patch(path, auth, body.dump(), "application/json"); });
      }
      default: {
        json body = {{"excerpt_id", pick(targets_.excerpt_ids)}, {"category", "pain_point"},
                     {"theme", "load " + tag}};
        return timed(out["write_tag"], 201,
                     [&] { return client_.Post("/api/v1/tags", auth, body.dump(), "application/json"); });
      }
    }
  }

  const Options& options_;
  const Targets& targets_;
  int id_;
  std::mt19937 random_;
  httplib::Client client_;
  long long writes_ = 0;
};

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Slow clients: sockets that start a request and never finish its headers.
// One thread serves them all; every 4 s each sends one more header line.
class SlowClients {
 public:
  SlowClients(int port, int count)
      : port_(port), fds_(static_cast<std::size_t>(count), -1), opened_(static_cast<std::size_t>(count)) {}

  void run(const std::atomic<bool>& stop) {
    for (int& fd : fds_) open_one(fd);
    auto next_trickle = Clock::now();
    while (!stop) {
      if (Clock::now() >= next_trickle) {
        for (int& fd : fds_) trickle(fd);
        next_trickle = Clock::now() + std::chrono::seconds(4);
      }
      reap_closed();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    held_at_end_ = 0;
    for (int& fd : fds_) {
      if (fd >= 0 && alive(fd)) ++held_at_end_;
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  }

  json report() const {
    json lifetimes = {{"p50_s", std::round(percentile(lifetimes_s_, 0.5) * 10) / 10},
                      {"max_s", lifetimes_s_.empty() ? 0.0 : std::round(*std::max_element(lifetimes_s_.begin(), lifetimes_s_.end()) * 10) / 10}};
    return {{"count", fds_.size()}, {"held_at_end", held_at_end_}, {"reconnects", reconnects_},
            {"connect_failures", connect_failures_},
            // How the server ended the ones it closed: a 408 is our deadline, cleanly.
            {"closed_with_408", closed_408_}, {"closed_with_other_answer", closed_other_},
            {"closed_without_answer", closed_silent_}, {"lifetime_of_closed", lifetimes}};
  }

 private:
  void open_one(int& fd) {
    opened_[static_cast<std::size_t>(&fd - fds_.data())] = Clock::now();
    fd = connect_loopback(port_);
    if (fd < 0) {
      ++connect_failures_;
      return;
    }
    std::string start = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\n";
    if (::send(fd, start.data(), start.size(), MSG_NOSIGNAL) < 0) {
      ::close(fd);
      fd = -1;
    }
  }

  void trickle(int& fd) {
    static const char line[] = "X-Slow: still-typing\r\n";
    if (fd >= 0 && ::send(fd, line, sizeof line - 1, MSG_NOSIGNAL) < 0) {
      ::close(fd);
      fd = -1;
    }
  }

  // A socket the server closed (or answered) is readable; replace it.
  static bool alive(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }

  void reap_closed() {
    for (int& fd : fds_) {
      if (fd >= 0 && alive(fd)) continue;
      if (fd >= 0) {
        record_close(fd, opened_[static_cast<std::size_t>(&fd - fds_.data())]);
        ::close(fd);
      }
      ++reconnects_;
      open_one(fd);
    }
  }

  void record_close(int fd, Clock::time_point opened) {
    char answer[64] = {};
    ssize_t got = ::recv(fd, answer, sizeof answer - 1, MSG_DONTWAIT);
    if (got <= 0) ++closed_silent_;
    else if (std::string_view(answer, static_cast<std::size_t>(got)).starts_with("HTTP/1.1 408")) ++closed_408_;
    else ++closed_other_;
    lifetimes_s_.push_back(std::chrono::duration<double>(Clock::now() - opened).count());
  }

  int port_;
  std::vector<int> fds_;
  std::vector<Clock::time_point> opened_;
  std::vector<double> lifetimes_s_;
  std::int64_t closed_408_ = 0, closed_other_ = 0, closed_silent_ = 0;
  std::int64_t reconnects_ = 0;
  std::int64_t connect_failures_ = 0;
  std::int64_t held_at_end_ = 0;
};

// GET /api/v1/health on a new connection every 200 ms: what a person or a
// monitor opening the app would wait.
Series probe_health(int port, const std::atomic<bool>& stop) {
  Series series;
  while (!stop) {
    httplib::Client client = make_client(port, 5);
    client.set_keep_alive(false);
    auto start = Clock::now();
    httplib::Result res = client.Get("/api/v1/health");
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!res) series.fail("connection: " + httplib::to_string(res.error()));
    else if (res->status != 200) series.fail("status " + std::to_string(res->status));
    else series.ms.push_back(ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return series;
}

json run_phase(const Options& options, const Targets& targets, int seconds, int slow_clients) {
  std::atomic<bool> stop{false};
  SlowClients slow(options.port, slow_clients);
  std::thread slow_thread([&] { slow.run(stop); });
  if (slow_clients > 0) std::this_thread::sleep_for(std::chrono::seconds(1));  // let them take their workers

  Series health;
  std::thread health_thread([&] { health = probe_health(options.port, stop); });
  std::vector<std::map<std::string, Series>> per_worker(static_cast<std::size_t>(options.connections));
  std::vector<std::thread> workers;
  auto start = Clock::now();
  auto deadline = start + std::chrono::seconds(seconds);
  for (int i = 0; i < options.connections; ++i)
    workers.emplace_back([&, i] {
      Worker worker(options, targets, i);
      worker.run(deadline, per_worker[static_cast<std::size_t>(i)]);
    });
  for (auto& w : workers) w.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  health_thread.join();
  slow_thread.join();

  std::map<std::string, Series> by_kind;
  Series all, reads, writes;
  for (const auto& mine : per_worker)
    for (const auto& [kind, series] : mine) {
      by_kind[kind].add(series);
      all.add(series);
      (kind.starts_with("write") ? writes : reads).add(series);
    }
  json kinds = json::object();
  for (const auto& [kind, series] : by_kind) kinds[kind] = summary(series, elapsed);
  auto over_1s = static_cast<std::int64_t>(std::count_if(health.ms.begin(), health.ms.end(), [](double ms) { return ms >= 1000; }));
  return {{"seconds", std::round(elapsed * 10) / 10},
          {"connections", options.connections},
          {"all", summary(all, elapsed)},
          {"reads", summary(reads, elapsed)},
          {"writes", summary(writes, elapsed)},
          {"by_kind", kinds},
          {"health_fresh_connection", summary(health, 0)},
          {"health_probes_at_or_over_1s", over_1s},
          {"slow_clients", slow.report()}};
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--port") o.port = std::stoi(value);
    else if (flag == "--token") o.token = value;
    else if (flag == "--connections") o.connections = std::stoi(value);
    else if (flag == "--seconds") o.seconds = std::stoi(value);
    else if (flag == "--baseline-seconds") o.baseline_seconds = std::stoi(value);
    else if (flag == "--slow-clients") o.slow_clients = std::stoi(value);
    else if (flag == "--write-percent") o.write_percent = std::stoi(value);
    else throw std::invalid_argument("unknown option " + flag);
  }
  if (o.port <= 0 || o.token.empty()) throw std::invalid_argument("--port and --token are required");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options options = parse_options(argc, argv);
    Targets targets = discover(options.port, options.token);
    json report = {{"write_percent", options.write_percent},
                   {"known_sources", targets.source_ids.size()},
                   {"known_excerpts", targets.excerpt_ids.size()}};
    if (options.baseline_seconds > 0) {
      std::cerr << "load_bench: baseline, " << options.connections << " connections, no slow clients, "
                << options.baseline_seconds << " s\n";
      report["baseline"] = run_phase(options, targets, options.baseline_seconds, 0);
    }
    std::cerr << "load_bench: loaded, " << options.connections << " connections and " << options.slow_clients
              << " slow clients, " << options.seconds << " s\n";
    json loaded = run_phase(options, targets, options.seconds, options.slow_clients);
    bool ok = loaded["all"]["errors"] == 0 && loaded["health_fresh_connection"]["errors"] == 0 &&
              loaded["health_probes_at_or_over_1s"] == 0 && loaded["health_fresh_connection"]["requests"] > 0;
    report["loaded"] = std::move(loaded);
    report["pass"] = ok;
    std::cout << report.dump(2) << "\n";
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "load_bench: " << e.what() << "\n";
    return 2;
  }
}
