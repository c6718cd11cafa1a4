// The sample study's generated analytics: deterministic, tens of thousands
// of events over 90 days, matched to the sample's participants and
// accounts, and loading it twice counts nothing twice.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "segments/sample_usage.hpp"
#include "segments/segment_history.hpp"
#include "store/database.hpp"
#include "store/people.hpp"

using namespace grounded;
using namespace grounded::segments;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* kSpec = "samples/analytics/ledgerline.usage.json";  // tests run in the source tree

}  // namespace

TEST_CASE("the sample usage is the same on every run and big enough to segment") {
  std::string spec = read(kSpec);
  REQUIRE(!spec.empty());
  std::string a = generate_sample_usage(spec, "ledgerline.usage.json");
  std::string b = generate_sample_usage(spec, "ledgerline.usage.json");
  CHECK(a == b);
  std::int64_t lines = std::count(a.begin(), a.end(), '\n');
  CHECK(lines >= 10000);
  CHECK(lines <= 100000);
  CHECK(is_usage_spec("samples/analytics/ledgerline.usage.json"));
  CHECK_FALSE(is_usage_spec("samples/study.json"));
}

TEST_CASE("loading the sample usage maps the interviewees and shows every segment; a reload adds nothing") {
  auto db = store::Database::open(":memory:");
  Account harbor;
  harbor.name = "Harborline Shipping Co";
  Id harbor_id = store::upsert_account(db, harbor);
  Participant dana;
  dana.label = "Dana Whitfield";
  dana.account_id = harbor_id;
  Id dana_id = store::upsert_participant(db, dana);
  ImportReport first = import_sample_usage(db, kSpec, "test");
  CHECK(first.format == "segment");
  CHECK(first.bad_lines == 0);
  CHECK(first.new_events >= 10000);
  CHECK(first.users >= 30);
  ImportReport again = import_sample_usage(db, kSpec, "test");
  CHECK(again.new_events == 0);
  CHECK(again.duplicates == first.new_events);

  PeriodSegments latest = segments_for_period(db, PeriodKind::month, "");
  CHECK(latest.period == "2026-11");
  std::map<std::string, int> counts;
  for (const auto& u : latest.users) {
    ++counts[u.segment];
    if (u.external_id == "dana.whitfield@harborline.example") {
      CHECK(u.participant_id == dana_id);
      CHECK(u.account_id == harbor_id);
      CHECK(u.segment == "power");
    }
  }
  for (const char* s : {"power", "regular", "at-risk", "new"}) CHECK_MESSAGE(counts[s] > 0, s);
  CHECK(std::any_of(latest.accounts.begin(), latest.accounts.end(),
                    [&](const SegmentMember& m) { return m.account_id == harbor_id && m.external_id == "Harborline Shipping Co"; }));
}

TEST_CASE("a malformed usage spec is refused naming the field") {
  CHECK_THROWS_WITH_AS(generate_sample_usage(R"({"seed": 1, "end": "2026-11-27", "days": 90, "features": ["a"],
                                                 "users": [{"id": "x", "profile": "sleepy"}]})", "bad.usage.json"),
                       doctest::Contains("bad.usage.json users[0]: unknown profile 'sleepy'"), Error);
  CHECK_THROWS_WITH_AS(generate_sample_usage(R"({"seed": 1, "end": "soon", "days": 90, "features": ["a"], "users": []})", "b.usage.json"),
                       doctest::Contains("'end' must be a date"), Error);
}
