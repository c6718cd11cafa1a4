// Slow and oversized clients must not starve the server (issue 12): /health
// answers while far more sockets than workers hold half-sent headers or
// stalled bodies, request heads and bodies have total deadlines (not
// per-recv timeouts that a trickle resets), and a declared Content-Length
// over the limit is refused before any body is read.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/resource.h>

#include <chrono>
#include <vector>

#include "server_fixture.hpp"

using grounded::test::connect_loopback;
using grounded::test::read_to_end;
using Clock = std::chrono::steady_clock;

namespace {

struct ServerWithDefaults {
  std::filesystem::path dir;
  std::unique_ptr<grounded::server::RunningServer> server;
  explicit ServerWithDefaults(grounded::server::ConnectionLimits limits = {}) {
    std::string pattern = (std::filesystem::temp_directory_path() / "grounded-slow-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    grounded::test::write_text(dir / "web/index.html", "<!doctype html><title>t</title>");
    grounded::server::ServerOptions options;  // the default pool (64 workers), as `grounded serve` runs
    options.port = 0;
    options.db_path = (dir / "slow.db").string();
    options.web_dir = (dir / "web").string();
    options.max_upload_bytes = 16 * 1024 * 1024;
    options.limits = limits;
    server = std::make_unique<grounded::server::RunningServer>(options);
  }
  ~ServerWithDefaults() {
    server.reset();
    std::error_code error;
    std::filesystem::remove_all(dir, error);
  }
  int port() const { return server->port(); }
  std::string host() const { return "Host: 127.0.0.1:" + std::to_string(server->port()) + "\r\n"; }
};

// The test holds both ends of a thousand connections.
void raise_descriptor_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

void send_all(int fd, const std::string& bytes) {
  REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
}

// GET /api/v1/health on a fresh connection: the status, or -1 when no
// answer came within 3 s (the slow sockets would hold workers for 10 s).
int health_status(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(3);
  client.set_read_timeout(3);
  auto health = client.Get("/api/v1/health");
  return health ? health->status : -1;
}

// What the server sends on fd within `wait` (it may close after).
std::string answer_within(int fd, std::chrono::milliseconds wait) {
  timeval tv{static_cast<time_t>(wait.count() / 1000), static_cast<suseconds_t>((wait.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return read_to_end(fd);
}

// A slow socket becomes readable only when the server answers or closes it.
bool closed_by_server(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

}  // namespace

TEST_CASE("slow clients: health answers while 1,000 sockets (far more than workers) hold unfinished headers") {
  raise_descriptor_limit();
  grounded::server::ConnectionLimits limits;
  limits.head_deadline = std::chrono::seconds(120);  // held for the whole test, however loaded the machine
  ServerWithDefaults running(limits);
  std::vector<int> slow;
  for (int i = 0; i < 1000; ++i) {
    int fd = connect_loopback(running.port());
    REQUIRE(fd >= 0);
    send_all(fd, "GET /api/v1/health HTTP/1.1\r\n" + running.host() + "X-Slow: ");
    slow.push_back(fd);
  }
  for (int i = 0; i < 5; ++i) CHECK(health_status(running.port()) == 200);
  // They are held, not dropped: none was closed to make room.
  int held = 0;
  for (int fd : slow) held += closed_by_server(fd) ? 0 : 1;
  CHECK(held == 1000);
  for (int fd : slow) ::close(fd);
}

TEST_CASE("slow clients: health answers while 300 small bodies and 100 large bodies stall") {
  raise_descriptor_limit();
  ServerWithDefaults running;
  std::vector<int> stalled;
  // A small JSON body that never arrives whole: it waits in the front.
  for (int i = 0; i < 300; ++i) {
    int fd = connect_loopback(running.port());
    REQUIRE(fd >= 0);
    send_all(fd, "POST /api/v1/personas HTTP/1.1\r\n" + running.host() +
                     "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"name\":");
    stalled.push_back(fd);
  }
  // Large uploads (with the token, so the upload handler reads them) whose
  // first 64 KB arrived, then nothing: at most a few hold a worker
  // (large-body slots), the rest wait in the front.
  std::string lead = "--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n" +
                     std::string(64 * 1024, 'x');
  for (int i = 0; i < 100; ++i) {
    int fd = connect_loopback(running.port());
    REQUIRE(fd >= 0);
    send_all(fd, "POST /api/v1/sources HTTP/1.1\r\n" + running.host() + "Authorization: Bearer " +
                     running.server->api_token() +
                     "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 8000000\r\n\r\n" + lead);
    stalled.push_back(fd);
  }
  for (int i = 0; i < 5; ++i) CHECK(health_status(running.port()) == 200);
  for (int fd : stalled) ::close(fd);
}

TEST_CASE("slow clients: a head trickled faster than any per-recv timeout still meets its total deadline") {
  grounded::server::ConnectionLimits limits;
  limits.head_deadline = std::chrono::milliseconds(800);
  ServerWithDefaults running(limits);
  int fd = connect_loopback(running.port());
  REQUIRE(fd >= 0);
  auto start = Clock::now();
  send_all(fd, "GET /api/v1/health HTTP/1.1\r\n" + running.host());
  // One header line every 100 ms: never idle long enough for a read timeout.
  std::string answer;
  for (int i = 0; i < 50 && answer.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL) < 0) break;
    char buffer[256];
    ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got > 0) answer.assign(buffer, static_cast<std::size_t>(got));
  }
  if (answer.empty()) answer = answer_within(fd, std::chrono::milliseconds(2000));
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  CAPTURE(answer);
  CHECK(answer.starts_with("HTTP/1.1 408"));
  CHECK(seconds < 3.0);  // the 0.8 s deadline, not 50 lines x 100 ms
}

TEST_CASE("slow clients: a trickled upload body fails at its total deadline and frees its worker") {
  grounded::server::ConnectionLimits limits;
  limits.body_grace = std::chrono::milliseconds(800);
  limits.min_body_rate = 1024 * 1024;  // the 64 KB lead earns ~60 ms more
  ServerWithDefaults running(limits);
  int fd = connect_loopback(running.port());
  REQUIRE(fd >= 0);
  auto start = Clock::now();
  send_all(fd, "POST /api/v1/sources HTTP/1.1\r\n" + running.host() + "Authorization: Bearer " +
                   running.server->api_token() +
                   "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 8000000\r\n\r\n"
                   "--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n" +
                   std::string(64 * 1024, 'y'));
  std::string answer;
  for (int i = 0; i < 50 && answer.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (::send(fd, "yyyyyyyyyy", 10, MSG_NOSIGNAL) < 0) break;
    char buffer[512];
    ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got > 0) answer.assign(buffer, static_cast<std::size_t>(got));
  }
  if (answer.empty()) answer = answer_within(fd, std::chrono::milliseconds(2000));
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  CAPTURE(answer);
  CHECK(answer.starts_with("HTTP/1.1 400"));
  CHECK(seconds < 3.0);
  CHECK(health_status(running.port()) == 200);
}

TEST_CASE("slow clients: keep-alive requests and pipelined requests are served without a worker waiting") {
  ServerWithDefaults running;
  int fd = connect_loopback(running.port());
  REQUIRE(fd >= 0);
  std::string one = "GET /api/v1/health HTTP/1.1\r\n" + running.host() + "\r\n";
  send_all(fd, one + one);  // two pipelined requests in one write
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  send_all(fd, "GET /api/v1/health HTTP/1.1\r\n" + running.host() + "Connection: close\r\n\r\n");
  std::string answer = answer_within(fd, std::chrono::milliseconds(3000));
  ::close(fd);
  std::size_t count = 0;
  for (std::size_t at = answer.find("HTTP/1.1 200"); at != std::string::npos; at = answer.find("HTTP/1.1 200", at + 1))
    ++count;
  CHECK(count == 3);
}

TEST_CASE("slow clients: an oversized Content-Length is a 413 before the body is sent") {
  ServerWithDefaults running;
  int fd = connect_loopback(running.port());
  REQUIRE(fd >= 0);
  timeval wait{2, 0};  // the answer must come without the body, well before the read timeout
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  send_all(fd, "POST /api/v1/sources HTTP/1.1\r\n" + running.host() +
                   "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1073741824\r\n\r\n");
  std::string answer = read_to_end(fd);
  ::close(fd);
  CAPTURE(answer);
  CHECK(answer.starts_with("HTTP/1.1 413"));
  CHECK(answer.find("larger than the limit of 16 MB") != std::string::npos);
}
