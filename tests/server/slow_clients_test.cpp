// Slow and oversized clients must not starve the server: health still
// answers while 200 sockets hold half-sent headers, and a declared
// Content-Length over the limit is refused before any body is read.
#include <doctest/doctest.h>

#include <vector>

#include "server_fixture.hpp"

using grounded::test::connect_loopback;
using grounded::test::is_error;
using grounded::test::read_to_end;

namespace {

struct ServerWithDefaults {
  std::filesystem::path dir;
  std::unique_ptr<grounded::server::RunningServer> server;
  ServerWithDefaults() {
    std::string pattern = (std::filesystem::temp_directory_path() / "grounded-slow-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    grounded::test::write_text(dir / "web/index.html", "<!doctype html><title>t</title>");
    grounded::server::ServerOptions options;  // the default pool, as `grounded serve` runs
    options.port = 0;
    options.db_path = (dir / "slow.db").string();
    options.web_dir = (dir / "web").string();
    options.max_upload_bytes = 1024 * 1024;
    server = std::make_unique<grounded::server::RunningServer>(options);
  }
  ~ServerWithDefaults() {
    server.reset();
    std::error_code error;
    std::filesystem::remove_all(dir, error);
  }
};

}  // namespace

TEST_CASE("slow clients: health answers while 200 sockets hold unfinished headers") {
  ServerWithDefaults running;
  int port = running.server->port();
  std::vector<int> slow;
  for (int i = 0; i < 200; ++i) {
    int fd = connect_loopback(port);
    REQUIRE(fd >= 0);
    std::string partial = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nX-Slow: ";
    REQUIRE(::write(fd, partial.data(), partial.size()) == static_cast<ssize_t>(partial.size()));
    slow.push_back(fd);
  }
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(2);  // far below the 10 s the slow sockets may hold a worker
  auto health = client.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  for (int fd : slow) ::close(fd);
}

TEST_CASE("slow clients: an oversized Content-Length is a 413 before the body is sent") {
  ServerWithDefaults running;
  int fd = connect_loopback(running.server->port());
  REQUIRE(fd >= 0);
  timeval wait{2, 0};  // the answer must come without the body, well before the read timeout
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  std::string headers = "POST /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1:" +
                        std::to_string(running.server->port()) +
                        "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1073741824\r\n\r\n";
  REQUIRE(::write(fd, headers.data(), headers.size()) == static_cast<ssize_t>(headers.size()));
  std::string answer = read_to_end(fd);
  ::close(fd);
  CAPTURE(answer);
  CHECK(answer.starts_with("HTTP/1.1 413"));
  CHECK(answer.find("larger than the limit of 1 MB") != std::string::npos);
}
