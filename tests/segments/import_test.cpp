// `events import` on every export shape: counting, de-duplication on the
// insert id across re-imports, bad lines, the id map, and nothing written
// when the file is refused.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "segments/segment_history.hpp"
#include "segments/usage_import.hpp"
#include "store/database.hpp"
#include "store/people.hpp"

using namespace grounded;
using namespace grounded::segments;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "grounded-events-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(path, error);
  }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
};

std::int64_t count(store::Database& db, const std::string& sql) {
  store::Statement q = db.prepare(sql);
  q.step();
  return q.int64(0);
}

std::int64_t events_stored(store::Database& db) { return count(db, "SELECT COALESCE(SUM(events), 0) FROM usage_daily"); }

// 2026-11-02 10:00:00 UTC
constexpr std::int64_t kMonday = 1793613600;

std::string mixpanel_line(const std::string& event, std::int64_t time, const std::string& user, const std::string& id) {
  return R"({"event": ")" + event + R"(", "properties": {"time": )" + std::to_string(time) +
         R"(, "distinct_id": ")" + user + R"(", "$insert_id": ")" + id + R"(", "mp_lib": "web", "nested": {"a": [1, {"b": null}]}}})" + "\n";
}

}  // namespace

TEST_CASE("Mixpanel: events per user and day, sessions split by a 30-minute gap, distinct features") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  std::string text = mixpanel_line("Open app", kMonday, "dana@harbor.example", "a1") +
                     mixpanel_line("Approve invoice", kMonday + 600, "dana@harbor.example", "a2") +
                     mixpanel_line("Approve invoice", kMonday + 600 + 29 * 60, "dana@harbor.example", "a3") +
                     mixpanel_line("Export", kMonday + 600 + 29 * 60 + 30 * 60, "dana@harbor.example", "a4") +
                     mixpanel_line("Open app", kMonday + 86400, "dana@harbor.example", "a5") +
                     mixpanel_line("Open app", kMonday, "rosa@bramble.example", "b1");
  ImportReport r = import_events(db, dir.write("mixpanel.jsonl", text), {});
  CHECK(r.format == "mixpanel");
  CHECK(r.events == 6);
  CHECK(r.new_events == 6);
  CHECK(r.users == 2);
  CHECK(r.user_days == 3);
  store::Statement day = db.prepare(
      "SELECT d.events, d.sessions, d.features FROM usage_daily d JOIN usage_users u ON u.id = d.user_id"
      " WHERE u.external_id = 'dana@harbor.example' AND d.day = '2026-11-02'");
  REQUIRE(day.step());
  CHECK(day.int64(0) == 4);
  CHECK(day.int64(1) == 2);  // 0, +10 min, +39 min (29 min gap: same session), +69 min (30 min gap: new)
  CHECK(count(db, "SELECT COUNT(*) FROM usage_features") == 3);
  CHECK(day.text(2).find(',') != std::string::npos);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_raw_events") == 0);  // aggregates only
  CHECK(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'events.import'") == 1);
}

TEST_CASE("re-importing a file or an overlapping export never double-counts") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  std::string first, second;
  for (int i = 0; i < 40; ++i) first += mixpanel_line("Open app", kMonday + i * 3600, "u1", "id" + std::to_string(i));
  for (int i = 20; i < 60; ++i) second += mixpanel_line("Open app", kMonday + i * 3600, "u1", "id" + std::to_string(i));
  auto a = dir.write("part1.jsonl", first);
  auto b = dir.write("part2.jsonl", second);
  import_events(db, a, {});
  CHECK(events_stored(db) == 40);
  ImportReport again = import_events(db, a, {});
  CHECK(again.new_events == 0);
  CHECK(again.duplicates == 40);
  CHECK(events_stored(db) == 40);
  ImportReport overlap = import_events(db, b, {});
  CHECK(overlap.new_events == 20);
  CHECK(overlap.duplicates == 20);
  CHECK(events_stored(db) == 60);
  // Duplicates inside one file count once too.
  import_events(db, dir.write("dup.jsonl", mixpanel_line("Open app", kMonday, "u2", "x") + mixpanel_line("Open app", kMonday, "u2", "x")), {});
  CHECK(events_stored(db) == 61);
  CHECK(count(db, "SELECT first_seen || ' ' || last_seen = '2026-11-02 2026-11-04' FROM usage_users WHERE external_id = 'u1'") == 1);
}

TEST_CASE("Amplitude: event_type, event_time, user_id or amplitude_id, insert_id and groups") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  std::string text =
      R"({"event_type": "Invoice approved", "event_time": "2026-11-02 10:00:00.123456", "user_id": "dana", "amplitude_id": 111, "$insert_id": "e1", "groups": {"company": ["harbor-co"]}})" "\n"
      R"({"event_type": "Invoice approved", "event_time": "2026-11-02 10:00:00.123456", "user_id": "dana", "amplitude_id": 111, "$insert_id": "e1", "groups": {"company": ["harbor-co"]}})" "\n"
      R"({"event_type": "Login", "event_time": "2026-11-03 09:00:00.000000", "user_id": null, "amplitude_id": 222, "insert_id": "e2", "groups": {}})" "\n"
      R"({"event_type": "Login", "event_time": "2026-11-03 09:05:00", "user_id": "ré’sumé 日本"})" "\n";
  ImportReport r = import_events(db, dir.write("amplitude.json", text), {});
  CHECK(r.format == "amplitude");
  CHECK(r.events == 4);
  CHECK(r.new_events == 3);
  CHECK(r.without_insert_id == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'amplitude:222'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'ré’sumé 日本'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'dana' AND group_id = 'harbor-co'") == 1);
  // The group is an account of its own in the segments when nobody maps it.
  PeriodSegments view = segments_for_period(db, PeriodKind::week, "");
  REQUIRE(view.accounts.size() == 1);
  CHECK(view.accounts[0].external_id == "harbor-co");
  CHECK(view.users.size() == 3);
}

TEST_CASE("Segment: track counts, group ties users to accounts, identify gives the e-mail") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  Account harbor;
  harbor.name = "Harborline Shipping Co";
  Id harbor_id = store::upsert_account(db, harbor);
  std::string text =
      R"({"type": "identify", "userId": "u-1", "traits": {"email": "x@y.example"}, "timestamp": "2026-11-02T09:00:00Z", "messageId": "m0"})" "\n"
      R"({"type": "group", "userId": "u-1", "groupId": "Harborline Shipping Co", "timestamp": "2026-11-02T09:00:01Z", "messageId": "m1"})" "\n"
      R"({"type": "track", "event": "Invoice Uploaded", "userId": "u-1", "timestamp": "2026-11-02T09:10:00.000Z", "messageId": "m2"})" "\n"
      R"({"type": "track", "event": "Invoice Uploaded", "userId": "u-1", "timestamp": "2026-11-02T09:10:00.000Z", "messageId": "m2"})" "\n"
      R"({"type": "page", "name": "Dashboard", "anonymousId": "anon-9", "timestamp": "2026-11-02T09:11:00Z", "messageId": "m3", "context": {"groupId": "g-2"}})" "\n";
  ImportReport r = import_events(db, dir.write("segment.jsonl", text), {});
  CHECK(r.format == "segment");
  CHECK(r.events == 3);
  CHECK(r.new_events == 2);
  CHECK(r.other_records == 2);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'u-1' AND email = 'x@y.example' AND account_id = " +
                      std::to_string(harbor_id)) == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'anonymous:anon-9' AND group_id = 'g-2'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_features WHERE name = 'page: Dashboard'") == 1);
}

TEST_CASE("PostHog CSV: quoted properties JSON, uuid as the insert id, rows across lines") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  std::string text =
      "uuid,event,distinct_id,timestamp,properties\r\n"
      "0190-a,$pageview,p-1,2026-11-02T10:00:00.000000+00:00,\"{\"\"$groups\"\": {\"\"company\"\": \"\"acme\"\"}, \"\"$current_url\"\": \"\"https://x\"\"}\"\r\n"
      "0190-b,invoice approved,p-1,2026-11-02T10:03:00Z,\"{\"\"note\"\":\n \"\"two lines\"\"}\"\r\n"
      "0190-b,invoice approved,p-1,2026-11-02T10:03:00Z,{}\r\n"
      "0190-c,invoice approved,p-2,not a time,{}\r\n";
  ImportReport r = import_events(db, dir.write("posthog.csv", text), {});
  CHECK(r.format == "posthog_csv");
  CHECK(r.lines == 4);
  CHECK(r.new_events == 2);
  CHECK(r.duplicates == 1);
  CHECK(r.bad_lines == 1);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0] == "posthog.csv line 6: unreadable time in timestamp ('not a time')");
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'p-1' AND group_id = 'acme'") == 1);
}

TEST_CASE("bad lines are skipped and named; too many refuse the file with nothing written") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  std::string text;
  for (int i = 0; i < 200; ++i) text += mixpanel_line("Open app", kMonday + i * 60, "u1", "ok" + std::to_string(i));
  text += "{\"event\": \"Open app\", \"properties\": {\"time\": 1793613600, \"distinct_id\": \"u1\"\n";  // truncated
  text += "{\"event\": \"Open app\", \"properties\": {\"distinct_id\": \"u1\"}}\n";                     // no time
  text += std::string(300, '[') + "\n";                                                                  // hostile nesting
  ImportReport r = import_events(db, dir.write("some-bad.jsonl", text), {});
  CHECK(r.new_events == 200);
  CHECK(r.bad_lines == 3);
  REQUIRE(r.problems.size() == 3);
  CHECK(r.problems[0].starts_with("some-bad.jsonl line 201: "));
  CHECK(r.problems[1] == "some-bad.jsonl line 202: no time (properties.time)");
  CHECK(r.problems[2].starts_with("some-bad.jsonl line 203: expected a JSON object"));

  std::string mostly_bad = mixpanel_line("Open app", kMonday, "u9", "first");
  for (int i = 0; i < 20; ++i) mostly_bad += "{\"event\": \"x\"}\n";
  const std::int64_t before = events_stored(db);
  const std::int64_t imports = count(db, "SELECT COUNT(*) FROM usage_imports");
  try {
    import_events(db, dir.write("mostly-bad.jsonl", mostly_bad), {});
    FAIL("a file of bad lines was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(std::string(e.what()).find("mostly-bad.jsonl line 2: no time (properties.time)") != std::string::npos);
  }
  CHECK(events_stored(db) == before);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_imports") == imports);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_users WHERE external_id = 'u9'") == 0);
}

TEST_CASE("files that are not exports are refused by shape, naming the file") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  auto refused = [&](const std::string& name, const std::string& text) {
    try {
      import_events(db, dir.write(name, text), {});
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::unsupported_format);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused("array.json", "[{\"event\": \"x\"}]").find("not JSON lines") != std::string::npos);
  CHECK(refused("tickets.csv", "Subject,Body\nHi,there\n").find("tickets.csv: not a product-analytics export") == 0);
  CHECK(refused("empty.jsonl", "\n\n").find("empty") != std::string::npos);
  CHECK_THROWS_AS(import_events(db, dir.path / "missing.jsonl", {}), Error);
}

TEST_CASE("the id map ties users to participants and accounts; e-mails and domains work without it") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  Account harbor;
  harbor.name = "Harborline Shipping Co";
  Id harbor_id = store::upsert_account(db, harbor);
  Participant dana;
  dana.label = "Dana Whitfield";
  dana.account_id = harbor_id;
  Id dana_id = store::upsert_participant(db, dana);
  Participant zoe;
  zoe.label = "Zoë Ōtsuka";
  Id zoe_id = store::upsert_participant(db, zoe);
  std::string text = mixpanel_line("Open app", kMonday, "mp-123", "1") +
                     mixpanel_line("Open app", kMonday, "dana.whitfield@harborline.example", "2") +
                     mixpanel_line("Open app", kMonday, "mp-777", "3") + mixpanel_line("Open app", kMonday, "nobody", "4");
  auto map = dir.write("map.csv",
                       "external_id,participant,account\n"
                       "mp-123,ZOË ŌTSUKA,Harborline Shipping Co\n"
                       "mp-777,,harborline shipping co\n");
  ImportOptions options;
  options.id_map = map;
  ImportReport r = import_events(db, dir.write("e.jsonl", text), options);
  CHECK(r.users_with_participant == 2);
  CHECK(r.users_with_account == 3);
  auto user = [&](const std::string& id, const std::string& column) {
    return count(db, "SELECT COALESCE(" + column + ", 0) FROM usage_users WHERE external_id = '" + id + "'");
  };
  CHECK(user("mp-123", "participant_id") == zoe_id);
  CHECK(user("mp-123", "account_id") == harbor_id);
  CHECK(user("dana.whitfield@harborline.example", "participant_id") == dana_id);
  CHECK(user("dana.whitfield@harborline.example", "account_id") == harbor_id);  // the participant's account
  CHECK(user("mp-777", "account_id") == harbor_id);
  CHECK(user("nobody", "participant_id") == 0);

  auto bad_map = dir.write("bad-map.csv", "participant,account\nDana,Harbor\n");
  options.id_map = bad_map;
  CHECK_THROWS_WITH_AS(import_events(db, dir.write("e2.jsonl", text), options),
                       doctest::Contains("bad-map.csv: the header has no external_id"), Error);
}

TEST_CASE("--keep-raw stores each new event's line") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  ImportOptions options;
  options.keep_raw = true;
  auto file = dir.write("raw.jsonl", mixpanel_line("Open app", kMonday, "u1", "1") + mixpanel_line("Export", kMonday + 5, "u1", "2"));
  import_events(db, file, options);
  import_events(db, file, options);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_raw_events") == 2);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_raw_events WHERE line LIKE '%\"Export\"%' AND occurred_at = " +
                      std::to_string(kMonday + 5)) == 1);
}

TEST_CASE("segment history keeps every period, so a move to at-risk is visible") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  // u1 is active daily for six weeks, then stops; u2 joins in the last week.
  std::string text;
  int id = 0;
  for (int day = 0; day < 42; ++day)
    for (int k = 0; k < 3; ++k)
      text += mixpanel_line(k == 0 ? "Open app" : k == 1 ? "Approve invoice" : "Export", kMonday + day * 86400 + k * 3600,
                            "u1", std::to_string(++id));
  text += mixpanel_line("Open app", kMonday + 62 * 86400, "u2", std::to_string(++id));
  import_events(db, dir.write("history.jsonl", text), {});
  PeriodSegments latest = segments_for_period(db, PeriodKind::week, "");
  REQUIRE(latest.users.size() == 2);
  CHECK(latest.period == "2026-W53");  // 2027-01-03, a Sunday, ends ISO week 53 of 2026
  const SegmentMember& u1 = latest.users[0].external_id == "u1" ? latest.users[0] : latest.users[1];
  const SegmentMember& u2 = latest.users[0].external_id == "u2" ? latest.users[0] : latest.users[1];
  CHECK(u1.segment == "at-risk");
  CHECK(u2.segment == "new");
  PeriodSegments early = segments_for_period(db, PeriodKind::week, "2026-W47");
  CHECK(early.users.size() == 1);
  CHECK(early.users[0].segment == "regular");  // daily, 3 sessions a day, but only 3 features: not power
  auto months = list_periods(db, PeriodKind::month);
  CHECK(months == std::vector<std::string>{"2026-11", "2026-12", "2027-01"});
  CHECK_THROWS_AS(segments_for_period(db, PeriodKind::week, "1999-W01"), Error);
}

TEST_CASE("past 2,047 event names, later names count as one feature, and known names keep theirs") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  std::string text;
  int id = 0;
  for (int n = 0; n < 2100; ++n) text += mixpanel_line("Event " + std::to_string(n), kMonday + n, "u1", std::to_string(++id));
  text += mixpanel_line("Event 5", kMonday + 3000, "u2", std::to_string(++id));       // a known name, after the overflow
  text += mixpanel_line("Event 2099", kMonday + 3001, "u2", std::to_string(++id));    // an overflowed name
  ImportReport r = import_events(db, dir.write("names.jsonl", text), {});
  CHECK(r.new_events == 2102);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_features") == 2048);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_features WHERE name = '(other events)'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_features WHERE name = 'Event 2046'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM usage_features WHERE name = 'Event 2047'") == 0);
  store::Statement u2 = db.prepare(
      "SELECT d.features FROM usage_daily d JOIN usage_users u ON u.id = d.user_id WHERE u.external_id = 'u2'");
  REQUIRE(u2.step());
  std::string features = u2.text(0);
  std::int64_t event5 = count(db, "SELECT id FROM usage_features WHERE name = 'Event 5'");
  std::int64_t other = count(db, "SELECT id FROM usage_features WHERE name = '(other events)'");
  CHECK(features == std::to_string(std::min(event5, other)) + "," + std::to_string(std::max(event5, other)));
}

TEST_CASE("an account's segment merges its users' days; stored metrics read back as the summary object") {
  TempDir dir;
  auto db = store::Database::open((dir.path / "g.db").string());
  // Two Mixpanel users of group acme ($groups), each active on alternate days for five weeks with 3 features:
  // neither is active 4 days a week alone, the account is (and has 6 features).
  std::string text;
  int id = 0;
  const char* features[2][3] = {{"A", "B", "C"}, {"D", "E", "F"}};
  for (int day = 0; day < 35; ++day)
    for (int k = 0; k < 3; ++k) {
      int who = day % 2;
      text += R"({"event": ")" + std::string(features[who][k]) + R"(", "properties": {"time": )" +
              std::to_string(kMonday + day * 86400 + k * 3600) + R"(, "distinct_id": "user)" + std::to_string(who) +
              R"(", "$insert_id": ")" + std::to_string(++id) + R"(", "$groups": {"company": "acme"}}})" + "\n";
    }
  import_events(db, dir.write("acme.jsonl", text), {});
  PeriodSegments latest = segments_for_period(db, PeriodKind::week, "");
  REQUIRE(latest.users.size() == 2);
  REQUIRE(latest.accounts.size() == 1);
  const SegmentMember& acme = latest.accounts[0];
  CHECK(acme.external_id == "acme");
  CHECK(acme.metrics.is_object());
  CHECK(acme.metrics["features"] == 6);
  CHECK(acme.metrics["active_days"] == 28);
  CHECK(acme.metrics["as_of"] == "2026-12-06");
  CHECK(latest.users[0].metrics["features"] == 3);
  CHECK(latest.users[0].metrics["active_days"] == 14);
  CHECK(acme.segment == "power");
  CHECK(latest.users[0].segment == "regular");
  CHECK(count(db, "SELECT COUNT(*) FROM segment_history WHERE metrics LIKE '[%'") ==
        count(db, "SELECT COUNT(*) FROM segment_history"));
}

TEST_CASE("Amplitude, Segment and PostHog: a malformed line is skipped and named, and a re-import counts nothing again") {
  struct Shape {
    std::string file, format, text, bad_line_problem;
  };
  std::vector<Shape> shapes(3);
  shapes[0].file = "amplitude.json";
  shapes[0].format = "amplitude";
  shapes[1].file = "segment.jsonl";
  shapes[1].format = "segment";
  shapes[2].file = "posthog.csv";
  shapes[2].format = "posthog_csv";
  shapes[2].text = "uuid,event,distinct_id,timestamp,properties\n";
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i), minute = (i < 10 ? "0" : "") + n;
    shapes[0].text += R"({"event_type": "Search", "event_time": "2026-11-02 10:)" + minute +
                      R"(:00.000000", "user_id": "zoë", "insert_id": "a)" + n + "\"}\n";
    shapes[1].text += R"({"type": "track", "event": "Search", "userId": "李雷", "timestamp": "2026-11-02T10:)" + minute +
                      R"(:00Z", "messageId": "s)" + n + "\"}\n";
    shapes[2].text += "p" + n + ",Search,renée,2026-11-02T10:" + minute + ":00Z,{}\n";
  }
  // Line 7 of each file is broken the way downloads break: cut short, or a field that is no time.
  auto break_line = [](std::string& text, int line, const std::string& with) {
    std::size_t at = 0;
    for (int i = 1; i < line; ++i) at = text.find('\n', at) + 1;
    text.replace(at, text.find('\n', at) - at, with);
  };
  break_line(shapes[0].text, 7, R"({"event_type": "Search", "event_time": "2026-11-02 10:06:00", "user_id": "zo)");
  break_line(shapes[1].text, 7, R"({"type": "track", "event": "Search", "userId": "李雷", "timestamp": "yesterday", "messageId": "s6"})");
  break_line(shapes[2].text, 7, "p5b,Search,renée,not a time,{}");

  for (const Shape& shape : shapes) {
    CAPTURE(shape.format);
    TempDir dir;
    auto db = store::Database::open((dir.path / "g.db").string());
    auto path = dir.write(shape.file, shape.text);
    ImportReport first = import_events(db, path, {});
    CHECK(first.format == shape.format);
    CHECK(first.new_events == 11);
    CHECK(first.bad_lines == 1);
    REQUIRE(first.problems.size() == 1);
    CHECK(first.problems[0].starts_with(shape.file + " line 7: "));
    ImportReport again = import_events(db, path, {});
    CHECK(again.new_events == 0);
    CHECK(again.duplicates == 11);
    CHECK(events_stored(db) == 11);
  }
}
