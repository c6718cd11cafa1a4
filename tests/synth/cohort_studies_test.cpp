// Cohorts scoped to studies: {"studies": [...]} keeps only those studies'
// evidence, in the cohort's size and in drafting.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "store/studies.hpp"
#include "synth/fixture.hpp"
#include "synth/synth.hpp"

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
