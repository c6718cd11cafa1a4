// Requests on one kept-alive connection, as a browser sends them: a request
// refused from its head alone (wrong origin, role, token, Host or body type)
// leaves its body unread, and the next request on the connection must still
// be read from its own first byte. It was not: behind the connection front
// the unread body became the start of the next request, which got a 400, so
// a viewer's sign-out after a refused POST never ran and the session stayed
// open (tests/browser/team.test.mjs). Raw sockets, so the test decides what
// shares a connection and when each byte is sent.
#include <doctest/doctest.h>

#include <poll.h>

#include "route_files.hpp"
#include "team_fixture.hpp"

using grounded::test::connect_loopback;
using grounded::test::mutating_routes;
using grounded::test::Route;
using grounded::test::TeamServer;
using grounded::test::TeamSession;
using grounded::test::TestServer;

namespace {

struct Answer {
  int status = -1;  // -1: the connection closed (or nothing came within 10 s)
  std::string head;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  bool closes() const { return head.find("\r\nConnection: close\r\n") != std::string::npos; }
};

// One client connection; requests are sent as given and answers read one
// at a time (Content-Length framed, as every answer of ours is).
class Connection {
 public:
  explicit Connection(int port) : port_(port), fd_(connect_loopback(port)) { REQUIRE(fd_ >= 0); }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  void send(const std::string& bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  }

  Answer read_answer() {
    Answer answer;
    std::size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return answer;
    answer.head = pending_.substr(0, head_end + 2);
    std::size_t length = 0;
    if (std::size_t at = answer.head.find("\r\nContent-Length: "); at != std::string::npos)
      length = std::stoul(answer.head.substr(at + 18));
    while (pending_.size() < head_end + 4 + length)
      if (!fill()) return answer;
    answer.status = std::stoi(answer.head.substr(9, 3));
    answer.body = pending_.substr(head_end + 4, length);
    pending_.erase(0, head_end + 4 + length);
    return answer;
  }

  Answer request(const std::string& bytes) {
    send(bytes);
    return read_answer();
  }

  // True when the server closed the connection (within 10 s).
  bool closed_by_server() {
    while (fill()) {
    }
    return true;
  }

 private:
  bool fill() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return false;
    char buffer[16384];
    ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) return false;
    pending_.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  int port_;
  int fd_;
  std::string pending_;
};

// A request as a browser writes it: head and (when there is one) body.
std::string request(const std::string& method, const std::string& path, const std::string& host,
                    const std::string& headers, const std::string& body = "", bool declare_length = true) {
  std::string text = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers;
  if (declare_length) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return text + "\r\n" + body;
}

std::string session_headers(const TeamServer& server, const TeamSession& session) {
  std::string out;
  for (const auto& [name, value] : server.as(session)) out += name + ": " + value + "\r\n";
  return out;
}

const std::string kJsonBody = "{\"name\":\"Controller Carla, café “owner”\"}";
const std::string kJsonType = "Content-Type: application/json\r\n";

}  // namespace

TEST_CASE("kept alive: a viewer signs in and out on one connection after a refused POST; the cookie then gets 401") {
  TeamServer server;
  TeamSession vic = server.sign_in("vic");
  Connection page(server.server->port());
  const std::string as_vic = session_headers(server, vic);

  CHECK(page.request(request("GET", "/api/v1/sources", page.host(), as_vic, "", false)).status == 200);
  // A viewer may not create personas: refused from the head, body unread.
  CHECK(page.request(request("POST", "/api/v1/personas", page.host(), as_vic + kJsonType, kJsonBody)).status == 403);
  // Sign out on the same connection, as the page's fetch does.
  Answer out = page.request(request("DELETE", "/api/v1/session", page.host(), as_vic, "", false));
  CAPTURE(out.body);
  CHECK(out.status == 200);
  CHECK(out.json()["signed_out"] == true);
  CHECK(out.head.find("Set-Cookie: grounded_session=; ") != std::string::npos);
  CHECK(out.head.find("Max-Age=0") != std::string::npos);
  // The same cookie no longer opens anything, on this connection or another.
  CHECK(page.request(request("GET", "/api/v1/sources", page.host(), as_vic, "", false)).status == 401);
  Connection other(server.server->port());
  CHECK(other.request(request("GET", "/api/v1/sources", other.host(), as_vic, "", false)).status == 401);
  Answer who = other.request(request("GET", "/api/v1/session", other.host(), as_vic, "", false));
  CHECK(who.json()["user"].is_null());
}

TEST_CASE("kept alive: each kind of refusal leaves the connection ready for the next request") {
  TeamServer server;
  TeamSession rita = server.sign_in("rita");
  const std::string as_rita = session_headers(server, rita);
  Connection page(server.server->port());
  const std::string host = page.host();
  struct Refused {
    std::string request;
    int status;
  };
  const std::vector<Refused> refusals = {
      {request("POST", "/api/v1/personas", host, "Origin: http://evil.example\r\nCookie: " + rita.cookie + "\r\n" + kJsonType, kJsonBody), 403},
      {request("POST", "/api/v1/personas", host, "Origin: " + server.origin() + "\r\nCookie: " + rita.cookie + "\r\n" + kJsonType, kJsonBody), 403},  // no CSRF token
      {request("POST", "/api/v1/personas", host, "Authorization: Bearer not-the-token\r\n" + kJsonType, kJsonBody), 401},
      {request("POST", "/api/v1/personas", "attacker.example:80", as_rita + kJsonType, kJsonBody), 421},
      {request("POST", "/api/v1/personas", host, as_rita + "Content-Type: text/plain\r\n", kJsonBody), 415},
      {request("POST", "/api/v1/users", host, as_rita + kJsonType, "{\"username\":\"zoë\",\"password\":\"x\"}"), 403},
  };
  for (const Refused& refused : refusals) {
    CAPTURE(refused.request);
    Answer answer = page.request(refused.request);
    CHECK(answer.status == refused.status);
    // The next request is read from its own first byte, not from the body left behind.
    Answer next = page.request(request("GET", "/api/v1/session", host, as_rita, "", false));
    REQUIRE(next.status == 200);
    CHECK(next.json()["user"]["username"] == "rita");
  }
  // A body refused before it arrived (its head came first, the rest after the answer).
  Answer early = page.request(request("POST", "/api/v1/personas", host, "Origin: http://evil.example\r\n" + kJsonType +
                                                                              "Content-Length: 100000\r\n",
                                      std::string(64 * 1024, ' '), false));
  CHECK(early.status == 403);
  page.send(std::string(100000 - 64 * 1024, ' '));
  Answer after_early = page.request(request("GET", "/api/v1/session", host, as_rita, "", false));
  CHECK(after_early.status == 200);
  // A chunked body, whole: skipped the same way.
  Answer chunked = page.request(request("POST", "/api/v1/personas", host,
                                        "Origin: http://evil.example\r\nTransfer-Encoding: chunked\r\n" + kJsonType,
                                        "5\r\n{\"a\":\r\n3\r\n\"b\"\r\n1\r\n}\r\n0\r\n\r\n", false));
  CHECK(chunked.status == 403);
  CHECK(page.request(request("GET", "/api/v1/session", host, as_rita, "", false)).status == 200);
  // A chunked body still arriving has no end to skip to: that answer is the connection's last, and says so.
  Answer open_chunked = page.request(request("POST", "/api/v1/personas", host,
                                             "Origin: http://evil.example\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n" + kJsonType,
                                             "", false));
  if (open_chunked.status == 100) open_chunked = page.read_answer();  // httplib says "go on" before its checks
  CHECK(open_chunked.status == 403);
  CHECK(open_chunked.closes());
  CHECK(page.closed_by_server());
}

TEST_CASE("kept alive: every route that changes data answers a body-less request after a refused one on its connection") {
  // Body-less as browsers send them: POST, PUT and PATCH with Content-Length: 0, DELETE with no length.
  TestServer server;
  const std::string token = "Authorization: Bearer " + server.server->api_token() + "\r\n";
  Connection script(server.server->port());
  const std::string host = script.host();
  std::vector<Route> routes = mutating_routes();
  REQUIRE(routes.size() >= 20);
  for (const Route& route : routes) {
    CAPTURE(route.method);
    CAPTURE(route.path);
    Answer refused = script.request(request("POST", "/api/v1/personas", host, "Origin: http://evil.example\r\n" + kJsonType, kJsonBody));
    REQUIRE(refused.status == 403);
    Answer answer = script.request(request(route.method, route.path, host, token, "", route.method != "DELETE"));
    CAPTURE(answer.body);
    // Answered by the route's own handler: a JSON answer, never httplib's
    // "the HTTP request could not be read" for a request that began mid-body.
    REQUIRE(answer.status > 0);
    CHECK(answer.body.find("could not be read") == std::string::npos);
    CHECK(answer.json().is_object());
    CHECK_FALSE(answer.closes());
  }
}

TEST_CASE("kept alive: body-less changes take effect after a refused request on the same connection") {
  TeamServer server;
  const std::string token = "Authorization: Bearer " + server.server->api_token() + "\r\n";
  Connection script(server.server->port());
  const std::string host = script.host();
  auto refuse_one = [&] {
    REQUIRE(script.request(request("POST", "/api/v1/personas", host, "Origin: http://evil.example\r\n" + kJsonType, kJsonBody)).status == 403);
  };
  Answer created = script.request(request("POST", "/api/v1/personas", host, token + kJsonType, kJsonBody));
  REQUIRE(created.status == 201);
  const std::string persona = "/api/v1/personas/" + std::to_string(created.json().value("id", 0LL));
  refuse_one();
  CHECK(script.request(request("DELETE", persona, host, token, "", false)).status == 200);
  CHECK(script.request(request("GET", persona, host, token, "", false)).status == 404);

  Answer users = script.request(request("GET", "/api/v1/users", host, token, "", false));
  CAPTURE(users.body);
  const nlohmann::json listed = users.json();
  long long rev = 0;
  for (const auto& user : listed.value("items", nlohmann::json::array()))
    if (user.value("username", "") == "rev") rev = user.value("id", 0LL);
  REQUIRE(rev > 0);
  refuse_one();
  CHECK(script.request(request("DELETE", "/api/v1/users/" + std::to_string(rev), host, token, "", false)).status == 200);
  auto rev_again = server.sign_in_request("rev", grounded::test::kTeamPassword);
  REQUIRE(rev_again);
  CHECK(rev_again->status == 401);
}

TEST_CASE("kept alive: a body-less POST starts its job after a refused request on the same connection") {
  std::string pattern = (std::filesystem::temp_directory_path() / "grounded-kept-alive-XXXXXX").string();
  std::filesystem::path samples = mkdtemp(pattern.data());
  grounded::test::write_text(samples / "dana.vtt", grounded::test::kInterviewVtt);
  {
    TestServer server(4 * 1024 * 1024, samples.string());
    Connection script(server.server->port());
    const std::string host = script.host();
    REQUIRE(script.request(request("POST", "/api/v1/personas", host, "Origin: http://evil.example\r\n" + kJsonType, kJsonBody)).status == 403);
    Answer load = script.request(request("POST", "/api/v1/samples/load", host,
                                         "Authorization: Bearer " + server.server->api_token() + "\r\n", ""));
    CAPTURE(load.body);
    REQUIRE(load.status == 202);
    nlohmann::json job = grounded::test::wait_for_job(server, load.json()["job"].value("id", 0LL));
    CHECK(job["status"] == "done");
    CHECK(grounded::test::body_json(server.http().Get("/api/v1/stats"))["sources"] == 1);
  }
  std::filesystem::remove_all(samples);
}
