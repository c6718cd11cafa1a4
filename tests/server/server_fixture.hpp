// A real server on an ephemeral loopback port with a temp database and a
// temp web folder (plus a secret file beside it, for path traversal tests).
// http() acts as a script: it sends the repository's API token, as curl with
// `Authorization: Bearer $(grounded token)` would. access_test.cpp checks the
// requests that carry no token (forged Host, other origins, the UI's cookie).
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server/server.hpp"

namespace grounded::test {

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

struct TestServer {
  std::filesystem::path dir;
  std::unique_ptr<server::RunningServer> server;
  std::unique_ptr<httplib::Client> client;

  // `adjust` may change the options (and prepare the database at
  // options.db_path) before the server starts: team_fixture.hpp uses it.
  explicit TestServer(std::size_t max_upload_bytes = 4 * 1024 * 1024, std::string samples_dir = "",
                      const std::function<void(server::ServerOptions&)>& adjust = {}) {
    std::string pattern = (std::filesystem::temp_directory_path() / "grounded-server-test-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    write_text(dir / "web/index.html", "<!doctype html><title>Grounded test</title>");
    write_text(dir / "web/css/app.css", "body{}");
    write_text(dir / "web/js/app.js", "export {};");
    write_text(dir / "web/.hidden", "hidden");
    write_text(dir / "secret.txt", "TOP-SECRET");
    server::ServerOptions options;
    options.port = 0;
    options.db_path = (dir / "test.db").string();
    options.web_dir = (dir / "web").string();
    options.samples_dir = samples_dir.empty() ? (dir / "no-samples").string() : samples_dir;
    options.max_upload_bytes = max_upload_bytes;
    options.threads = 8;
    if (adjust) adjust(options);
    server = std::make_unique<server::RunningServer>(options);
    client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    client->set_read_timeout(60);
    client->set_default_headers({{"Authorization", "Bearer " + server->api_token()}});
  }
  ~TestServer() {
    client.reset();
    server.reset();
    std::error_code error;
    std::filesystem::remove_all(dir, error);
  }

  httplib::Client& http() { return *client; }
};

// A raw TCP connection to the server, for requests httplib::Client will not
// send (no Host header, headers that never end). Returns the socket; closed
// by the caller.
inline int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Everything the server sends on `fd` until it closes the connection.
inline std::string read_to_end(int fd) {
  std::string answer;
  char buffer[4096];
  for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(got));
  return answer;
}

inline nlohmann::json body_json(const httplib::Result& result) {
  if (!result) return nlohmann::json();
  return nlohmann::json::parse(result->body, nullptr, false);
}

// True when the response is a JSON error of this kind.
inline bool is_error(const httplib::Result& result, int status, const std::string& kind) {
  if (!result || result->status != status) return false;
  nlohmann::json body = body_json(result);
  return body.is_object() && body.contains("error") && body["error"].value("kind", "") == kind &&
         !body["error"].value("message", "").empty();
}

// Polls GET /api/v1/jobs/{id} until it is done or failed (at most ~60 s);
// returns the last answer.
inline nlohmann::json wait_for_job(TestServer& server, long long id) {
  const std::string path = "/api/v1/jobs/" + std::to_string(id);
  nlohmann::json job;
  for (int i = 0; i < 600; ++i) {
    job = body_json(server.http().Get(path.c_str()));
    if (job.value("status", "") == "done" || job.value("status", "") == "failed") return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return job;
}

inline const char* kInterviewVtt =
    "WEBVTT\n\n"
    "1\n00:00:01.000 --> 00:00:04.000\nInterviewer: How do you approve invoices today?\n\n"
    "2\n00:00:05.000 --> 00:00:12.000\nDana Whitfield: We print them and walk them around the office for signatures, "
    "which takes forever during close week.\n\n"
    "3\n00:00:13.000 --> 00:00:16.000\nInterviewer: What would change that?\n\n"
    "4\n00:00:17.000 --> 00:00:25.000\nDana Whitfield: Honestly the price matters less than getting approvals out of "
    "my inbox. Mobile approval would be a dream.\n";

}  // namespace grounded::test
