// Team mode (issue 12): starting, signing in and out, wrong passwords,
// lock-out, session expiry, CSRF, who the audit log names, TLS and a
// trusted reverse proxy — all against the real server on loopback.
#include <doctest/doctest.h>

#include <thread>

#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "team_fixture.hpp"

using grounded::test::body_json;
using grounded::test::kTeamPassword;
using grounded::test::TeamServer;
using grounded::test::TeamSession;
using grounded::test::write_text;

namespace {

constexpr const char* kJson = "application/json";

std::filesystem::path temp_dir(const std::string& name) {
  std::string pattern = (std::filesystem::temp_directory_path() / ("grounded-" + name + "-XXXXXX")).string();
  return mkdtemp(pattern.data());
}

grounded::server::ServerOptions options_in(const std::filesystem::path& dir) {
  grounded::server::ServerOptions options;
  options.port = 0;
  options.db_path = (dir / "team.db").string();
  write_text(dir / "web/index.html", "<!doctype html><title>t</title>");
  options.web_dir = (dir / "web").string();
  options.threads = 4;
  return options;
}

int status_of(const httplib::Result& result) { return result ? result->status : -1; }

}  // namespace

TEST_CASE("team mode: the server refuses to start without an admin, or off loopback without TLS") {
  std::filesystem::path dir = temp_dir("team-start");
  grounded::server::ServerOptions options = options_in(dir);
  options.team = true;
  CHECK_THROWS_WITH_AS(grounded::server::RunningServer{options},
                       doctest::Contains("grounded users add NAME --role admin"), grounded::Error);
  {
    auto db = grounded::store::Database::open(options.db_path);
    grounded::store::add_user(db, "vic", kTeamPassword, grounded::store::Role::viewer, "test");
  }
  CHECK_THROWS_WITH_AS(grounded::server::RunningServer{options}, doctest::Contains("at least one admin"),
                       grounded::Error);

  grounded::server::ServerOptions open_network = options_in(dir);
  open_network.host = "0.0.0.0";  // team mode without --team
  CHECK(grounded::server::team_mode(open_network));
  CHECK_THROWS_WITH_AS(grounded::server::RunningServer{open_network}, doctest::Contains("--tls-cert"),
                       grounded::Error);
  open_network.trusted_proxy = "10.0.0.5";
  CHECK_THROWS_WITH_AS(grounded::server::RunningServer{open_network}, doctest::Contains("at least one admin"),
                       grounded::Error);

  grounded::server::ServerOptions half_tls = options_in(dir);
  half_tls.tls_cert = (dir / "web/index.html").string();
  CHECK_THROWS_WITH_AS(grounded::server::RunningServer{half_tls}, doctest::Contains("--tls-key"), grounded::Error);
  half_tls.tls_key = half_tls.tls_cert;
  CHECK_THROWS_WITH_AS(grounded::server::RunningServer{half_tls}, doctest::Contains("PEM"), grounded::Error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("team mode: sign in, see who is signed in, sign out; wrong passwords and unknown names look alike") {
  TeamServer server;
  httplib::Client browser = server.browser();
  auto anonymous = browser.Get("/api/v1/session");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 200);
  CHECK(body_json(anonymous)["team"] == true);
  CHECK(body_json(anonymous)["user"].is_null());
  CHECK(status_of(browser.Get("/api/v1/sources")) == 401);
  CHECK(status_of(browser.Get("/")) == 200);  // the UI (and its sign-in page) loads without a session

  auto wrong = server.sign_in_request("rita", "not her password");
  auto unknown = server.sign_in_request("nobody", "not her password");
  REQUIRE(wrong);
  REQUIRE(unknown);
  CHECK(wrong->status == 401);
  CHECK(unknown->status == 401);
  CHECK(wrong->body == unknown->body);
  CHECK(wrong->body.find("wrong user name or password") != std::string::npos);
  CHECK_FALSE(wrong->has_header("Set-Cookie"));

  TeamSession rita = server.sign_in("RITA");  // names are found in any case
  CHECK(rita.set_cookie.starts_with("grounded_session="));
  CHECK(rita.set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(rita.set_cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(rita.set_cookie.find("Secure") == std::string::npos);  // plain HTTP on loopback
  auto who = browser.Get("/api/v1/session", server.as(rita));
  REQUIRE(who);
  CHECK(body_json(who)["user"]["username"] == "rita");
  CHECK(body_json(who)["user"]["role"] == "researcher");
  CHECK(body_json(who)["csrf_token"] == rita.csrf);
  CHECK(status_of(browser.Get("/api/v1/sources", server.as(rita))) == 200);

  // The database holds only a hash of the cookie.
  {
    auto db = grounded::store::Database::open(server.server->options().db_path);
    auto rows = db.prepare("SELECT token_hash FROM sessions");
    while (rows.step()) CHECK(rita.cookie.find(rows.text(0)) == std::string::npos);
  }

  auto out = browser.Delete("/api/v1/session", server.as(rita));
  REQUIRE(out);
  CHECK(out->status == 200);
  CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
  CHECK(status_of(browser.Get("/api/v1/sources", server.as(rita))) == 401);
  auto after = browser.Get("/api/v1/session", server.as(rita));
  CHECK(body_json(after)["user"].is_null());
}

TEST_CASE("team mode: five failures lock a name for 15 minutes, with the time to try again; unknown names alike") {
  TeamServer server;
  for (const char* name : {"vic", "ghost"}) {
    CAPTURE(name);
    for (int i = 0; i < 4; ++i) CHECK(status_of(server.sign_in_request(name, "guess number " + std::to_string(i))) == 401);
    auto fifth = server.sign_in_request(name, "guess number 5");
    REQUIRE(fifth);
    CHECK(fifth->status == 429);
    CHECK(body_json(fifth)["error"]["kind"] == "locked_out");
    std::string message = body_json(fifth)["error"]["message"];
    CHECK(message.find("locked until") != std::string::npos);
    CHECK(message.find("UTC (in 15 minutes)") != std::string::npos);
    CHECK(fifth->get_header_value("Retry-After") == "900");
  }
  // Locked: the right password does not get in either.
  auto right = server.sign_in_request("vic", kTeamPassword);
  REQUIRE(right);
  CHECK(right->status == 429);
  CHECK_FALSE(right->has_header("Set-Cookie"));
  // Other names are not affected.
  server.sign_in("rev");
}

TEST_CASE("team mode: sessions end after the idle limit and after the absolute limit") {
  // Limits 3 s idle and 6 s absolute. vic signs in first, so the password
  // hashing of a sign-in (slow on a loaded machine) is not spent inside rev's
  // absolute window. Limits count whole seconds, so rev's five requests (at
  // 1–5 s) stay inside as long as the last one is made within 7 s.
  TeamServer server([](grounded::server::ServerOptions& options) { options.session_limits = {3, 6}; });
  TeamSession idle = server.sign_in("vic");
  TeamSession busy = server.sign_in("rev");
  httplib::Client browser = server.browser();
  for (int second = 1; second <= 5; ++second) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CAPTURE(second);
    CHECK(status_of(browser.Get("/api/v1/stats", server.as(busy))) == 200);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // vic: 5.5 s or more without a request > 3 s idle.
  auto expired = browser.Get("/api/v1/stats", server.as(idle));
  REQUIRE(expired);
  CHECK(expired->status == 401);
  CHECK(body_json(expired)["error"]["message"].get<std::string>().find("sign in") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  // rev: last request 2.5 s ago (under the idle limit), but 7.5 s after
  // signing in.
  CHECK(status_of(browser.Get("/api/v1/stats", server.as(busy))) == 401);
}

TEST_CASE("team mode: a change needs the session's CSRF token and our own origin") {
  TeamServer server;
  TeamSession rita = server.sign_in("rita");
  httplib::Client browser = server.browser();
  const std::string persona = R"({"name":"AP Alex","kind":"user"})";

  httplib::Headers no_token = {{"Origin", server.origin()}, {"Cookie", rita.cookie}};
  auto missing = browser.Post("/api/v1/personas", no_token, persona, kJson);
  REQUIRE(missing);
  CHECK(missing->status == 403);
  CHECK(body_json(missing)["error"]["message"].get<std::string>().find("CSRF") != std::string::npos);

  httplib::Headers wrong_token = {{"Origin", server.origin()}, {"Cookie", rita.cookie}, {"X-CSRF-Token", "00" + rita.csrf.substr(2)}};
  CHECK(status_of(browser.Post("/api/v1/personas", wrong_token, persona, kJson)) == 403);

  // Another user's token does not fit this session.
  TeamSession rev = server.sign_in("rev");
  httplib::Headers swapped = {{"Origin", server.origin()}, {"Cookie", rita.cookie}, {"X-CSRF-Token", rev.csrf}};
  CHECK(status_of(browser.Post("/api/v1/personas", swapped, persona, kJson)) == 403);

  httplib::Headers evil = server.as(rita);
  evil.erase("Origin");
  evil.emplace("Origin", "http://evil.example");
  CHECK(status_of(browser.Post("/api/v1/personas", evil, persona, kJson)) == 403);
  CHECK(status_of(browser.Post("/api/v1/personas", server.as(rita), persona, "text/plain")) == 415);
  CHECK(body_json(server.http().Get("/api/v1/personas"))["total"] == 0);

  CHECK(status_of(browser.Post("/api/v1/personas", server.as(rita), persona, kJson)) == 201);
  CHECK(body_json(server.http().Get("/api/v1/personas"))["total"] == 1);
}

TEST_CASE("team mode: the audit log names the signed-in user, never a name the request claims") {
  TeamServer server;
  TeamSession rita = server.sign_in("rita");
  httplib::Client browser = server.browser();
  httplib::Headers headers = server.as(rita);
  headers.emplace("X-Grounded-User", "mallory");
  auto created = browser.Post("/api/v1/personas", headers, R"({"name":"Controller Carla","kind":"buyer","who":"mallory"})",
                              kJson);
  REQUIRE(created);
  REQUIRE(created->status == 201);
  grounded::Id id = body_json(created)["id"].get<grounded::Id>();
  auto scripted = server.http().Patch(("/api/v1/personas/" + std::to_string(id)).c_str(),
                                      {{"X-Grounded-User", "mallory"}}, R"({"role":"Controller","who":"mallory"})", kJson);
  REQUIRE(scripted);
  REQUIRE(scripted->status == 200);

  auto db = grounded::store::Database::open(server.server->options().db_path);
  auto history = grounded::store::audit_for(db, "personas", id);
  REQUIRE(history.size() == 2);
  CHECK(history[0].actor == "rita");
  CHECK(history[1].actor == "api-token");
  // Signing in and out is audited too.
  auto rows = db.prepare("SELECT actor FROM audit_log WHERE action = 'user.sign_in'");
  REQUIRE(rows.step());
  CHECK(rows.text(0) == "rita");
}

TEST_CASE("team mode: admins manage users over the API; others cannot") {
  TeamServer server;
  TeamSession ada = server.sign_in("ada");
  TeamSession rita = server.sign_in("rita");
  httplib::Client browser = server.browser();
  nlohmann::json zoe = {{"username", "Zoë"}, {"password", "ein neues Passwort"}, {"role", "viewer"}};
  CHECK(status_of(browser.Post("/api/v1/users", server.as(rita), zoe.dump(), kJson)) == 403);
  auto added = browser.Post("/api/v1/users", server.as(ada), zoe.dump(), kJson);
  REQUIRE(added);
  CHECK(added->status == 201);
  CHECK(added->body.find("argon2") == std::string::npos);
  std::string path = "/api/v1/users/" + std::to_string(body_json(added)["id"].get<long long>());
  TeamSession zoe_session = server.sign_in("zoë", "ein neues Passwort");

  auto short_password = browser.Patch(path.c_str(), server.as(ada), R"({"role":"reviewer","password":"short"})", kJson);
  REQUIRE(short_password);
  CHECK(short_password->status == 400);
  CHECK(body_json(server.http().Get(path.substr(0, path.rfind('/')).c_str()))["items"][3]["role"] == "viewer");

  CHECK(status_of(browser.Patch(path.c_str(), server.as(ada), R"({"role":"reviewer"})", kJson)) == 200);
  auto role_now = browser.Get("/api/v1/session", server.as(zoe_session));
  CHECK(body_json(role_now)["user"]["role"] == "reviewer");  // takes effect at once
  CHECK(status_of(browser.Patch(path.c_str(), server.as(ada), R"({"password":"ganz anderes Wort"})", kJson)) == 200);
  CHECK(status_of(browser.Get("/api/v1/stats", server.as(zoe_session))) == 401);  // a new password ends sessions

  auto last_admin = browser.Patch("/api/v1/users/1", server.as(ada), R"({"role":"viewer"})", kJson);
  REQUIRE(last_admin);
  CHECK(last_admin->status == 409);
  CHECK(status_of(browser.Delete(path.c_str(), server.as(ada))) == 200);
  auto db = grounded::store::Database::open(server.server->options().db_path);
  auto history = grounded::store::audit_for(db, "users", body_json(added)["id"].get<grounded::Id>());
  REQUIRE(history.size() >= 4);
  CHECK(history.front().actor == "ada");
  CHECK(history.back().action == "user.remove");
}

TEST_CASE("team mode: behind a trusted proxy, X-Forwarded-For and -Proto count; from anyone else they do not") {
  TeamServer server([](grounded::server::ServerOptions& options) { options.trusted_proxy = "127.0.0.1"; });
  httplib::Client proxy = server.browser();
  std::string host = "127.0.0.1:" + std::to_string(server.server->port());
  nlohmann::json credentials = {{"username", "vic"}, {"password", kTeamPassword}};
  httplib::Headers forwarded = {{"X-Forwarded-For", "198.51.100.7, 203.0.113.9"},
                                {"X-Forwarded-Proto", "https"},
                                {"Origin", "https://" + host}};
  auto signed_in = proxy.Post("/api/v1/session", forwarded, credentials.dump(), kJson);
  REQUIRE(signed_in);
  CHECK(signed_in->status == 200);
  CHECK(signed_in->get_header_value("Set-Cookie").find("; Secure") != std::string::npos);
  // The page was served over https, so an http Origin is another origin.
  httplib::Headers mixed = {{"X-Forwarded-Proto", "https"}, {"Origin", "http://" + host}};
  CHECK(status_of(proxy.Post("/api/v1/session", mixed, credentials.dump(), kJson)) == 403);

  auto db = grounded::store::Database::open(server.server->options().db_path);
  auto rows = db.prepare("SELECT remote_addr FROM login_attempts ORDER BY id");
  REQUIRE(rows.step());
  CHECK(rows.text(0) == "203.0.113.9");

  TeamServer direct;  // no trusted proxy: the headers are anyone's to forge
  auto plain = direct.browser().Post("/api/v1/session", {{"X-Forwarded-For", "203.0.113.9"},
                                                        {"X-Forwarded-Proto", "https"},
                                                        {"Origin", direct.origin()}},
                                     credentials.dump(), kJson);
  REQUIRE(plain);
  CHECK(plain->status == 200);
  CHECK(plain->get_header_value("Set-Cookie").find("Secure") == std::string::npos);
  auto direct_db = grounded::store::Database::open(direct.server->options().db_path);
  auto direct_rows = direct_db.prepare("SELECT remote_addr FROM login_attempts");
  REQUIRE(direct_rows.step());
  CHECK(direct_rows.text(0) == "127.0.0.1");
}

TEST_CASE("team mode: TLS with a self-signed certificate made at test time") {
  std::filesystem::path dir = temp_dir("team-tls");
  std::string cert = (dir / "cert.pem").string();
  std::string key = (dir / "key.pem").string();
  std::string make_cert = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                          "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
                          key + "' -out '" + cert + "' >/dev/null 2>&1";
  REQUIRE(std::system(make_cert.c_str()) == 0);

  TeamServer server([&](grounded::server::ServerOptions& options) {
    options.tls_cert = cert;
    options.tls_key = key;
  });
  CHECK(server.server->url().starts_with("https://127.0.0.1:"));
  httplib::SSLClient tls("127.0.0.1", server.server->port());
  tls.set_ca_cert_path(cert.c_str());
  tls.enable_server_certificate_verification(true);
  auto health = tls.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);

  std::string origin = "https://127.0.0.1:" + std::to_string(server.server->port());
  nlohmann::json credentials = {{"username", "rita"}, {"password", kTeamPassword}};
  auto signed_in = tls.Post("/api/v1/session", {{"Origin", origin}}, credentials.dump(), kJson);
  REQUIRE(signed_in);
  CHECK(signed_in->status == 200);
  std::string set_cookie = signed_in->get_header_value("Set-Cookie");
  CHECK(set_cookie.find("; Secure") != std::string::npos);
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  std::string csrf = body_json(signed_in)["csrf_token"];
  auto created = tls.Post("/api/v1/personas", {{"Origin", origin}, {"Cookie", cookie}, {"X-CSRF-Token", csrf}},
                          R"({"name":"Controller Carla","kind":"buyer"})", kJson);
  REQUIRE(created);
  CHECK(created->status == 201);

  // Plain HTTP to the TLS port gets no answer.
  httplib::Client plain("127.0.0.1", server.server->port());
  plain.set_read_timeout(2);
  auto refused = plain.Get("/api/v1/health");
  CHECK((!refused || refused->status != 200));
  std::filesystem::remove_all(dir);
}
