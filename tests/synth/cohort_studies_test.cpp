// Cohorts scoped to studies: {"studies": [...]} keeps only those studies'
// evidence, in the cohort's size and in drafting.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "store/studies.hpp"
#include "synth/fixture.hpp"
#include "synth/synth.hpp"
#include "synth/themes.hpp"
#include "text/strings.hpp"

using namespace grounded;
using namespace grounded::synth;

TEST_CASE("a cohort over studies counts and drafts only their evidence") {
  testing::Study s;
  // A second study holding one more controller interview.
  store::Study second;
  second.name = "Second round";
  Id second_id = store::upsert_study(s.db, second, "test");
  Id e = s.say(s.p1, SourceKind::interview, "Interview P1 round 2", "2026-11-02",
               "Re-keying invoices is still the worst part of the week.");
  s.tag(e, "pain_point", "manual re-keying");
  Id f = s.say(s.p2, SourceKind::interview, "Interview P2 round 2", "2026-11-03",
               "We still re-key every invoice by hand and it burns two days.");
  s.tag(f, "pain_point", "manual re-keying");
  store::Statement move = s.db.prepare("UPDATE sources SET study_id = ?1 WHERE id IN (SELECT source_id FROM excerpts WHERE id IN (?2, ?3))");
  move.bind(1, second_id).bind(2, e).bind(3, f).run();

  CohortSize everyone = cohort_size(s.db, Cohort::parse("{}"));
  CohortSize only_second = cohort_size(s.db, Cohort::parse(R"({"studies": ["second ROUND"]})"));
  CHECK(only_second.sources == 2);
  CHECK(only_second.excerpts == 2);
  CHECK(only_second.participants == 2);
  CohortSize unsorted = cohort_size(s.db, Cohort::parse(R"({"studies": ["Unsorted"]})"));
  CHECK(unsorted.sources == everyone.sources - 2);
  CHECK(cohort_size(s.db, Cohort::parse(R"({"studies": ["Unsorted", "Second round"]})")).excerpts == everyone.excerpts);
  CHECK(cohort_size(s.db, Cohort::parse(R"({"studies": ["No such study"]})")).excerpts == 0);
  CHECK(Cohort::parse(R"({"studies": ["B", "A", "B"]})").to_json().dump() == R"({"studies":["A","B"]})");
  CHECK_THROWS_AS(Cohort::parse(R"({"studies": "Second round"})"), Error);
  CHECK_THROWS_AS(Cohort::parse(R"({"studies": [3]})"), Error);

  // Drafting over the second study cites only its excerpts.
  NewPersona persona;
  persona.kind = PersonaKind::buyer;
  persona.name = "Round two controller";
  persona.cohort_json = R"({"studies": ["Second round"]})";
  Id id = create_persona(s.db, persona, "test").id;
  draft_persona(s.db, id);
  std::size_t citations = 0;
  for (const AttributeView& a : load_persona_view(s.db, id).attributes)
    for (const auto& c : a.citations) {
      CHECK((c.excerpt.id == e || c.excerpt.id == f));
      ++citations;
    }
  CHECK(citations >= 1);
}

TEST_CASE("themes propose and list by study") {
  testing::Study s;
  store::Study second;
  second.name = "Second round";
  Id second_id = store::upsert_study(s.db, second, "test");
  Id e = s.say(s.p1, SourceKind::interview, "Interview P1 round 2", "2026-11-02",
               "Duplicate vendor bills slipped through again in November.");
  s.tag(e, "pain_point", "");
  Id f = s.say(s.p2, SourceKind::interview, "Interview P2 round 2", "2026-11-03",
               "We found three duplicate vendor bills in the last payment run.");
  s.tag(f, "pain_point", "");
  store::Statement move = s.db.prepare("UPDATE sources SET study_id = ?1 WHERE id IN (SELECT source_id FROM excerpts WHERE id IN (?2, ?3))");
  move.bind(1, second_id).bind(2, e).bind(3, f).run();

  ProposeOptions in_study;
  in_study.study_id = second_id;
  ProposeReport report = propose_themes(s.db, in_study);
  CHECK(report.tags_read == 2);  // only the study's tags
  ThemeFilter filter;
  filter.study_id = second_id;
  std::vector<Theme> themes = list_themes(s.db, filter);
  REQUIRE(themes.size() == 1);
  CHECK(themes[0].study_id == second_id);
  CHECK(themes[0].participants == 2);
  CHECK(text::lower(themes[0].name).find("vendor bill") != std::string::npos);

  // A repository-wide proposal groups the other tags and leaves the study's theme as it is.
  ProposeReport everything = propose_themes(s.db, {});
  CHECK(everything.tags_read > 0);
  CHECK(list_themes(s.db, {}).size() > themes.size());
  REQUIRE(list_themes(s.db, filter).size() == 1);
  CHECK(list_themes(s.db, filter)[0].id == themes[0].id);
  // Proposing the study again keeps the same theme row.
  propose_themes(s.db, in_study);
  std::vector<Theme> again = list_themes(s.db, filter);
  REQUIRE(again.size() >= 1);
  bool same = false;
  for (const Theme& t : again) same = same || (t.id == themes[0].id && t.excerpts == 2);
  CHECK(same);

  ProposeOptions unknown;
  unknown.study_id = 9999;
  CHECK_THROWS_AS(propose_themes(s.db, unknown), Error);
}
