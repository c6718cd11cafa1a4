// The study: token, the studies filter and the study facet.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "search/search.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"

using namespace grounded;

namespace {

Id study_named(store::Database& db, const std::string& name) {
  store::Study study;
  study.name = name;
  return store::upsert_study(db, study, "test");
}

void add_answer(store::Database& db, Id study_id, const std::string& title, const std::string& text) {
  Source source;
  source.kind = SourceKind::interview;
  source.title = title;
  source.origin = title + ".txt";
  source.format = "plain";
  source.study_id = study_id;
  source.body = text;
  Excerpt e;
  e.speaker = "Kai";
  e.speaker_role = SpeakerRole::participant;
  e.start_byte = 0;
  e.end_byte = static_cast<std::int64_t>(text.size());
  e.text = text;
  std::vector<Excerpt> excerpts{e};
  store::insert_source(db, source, excerpts);
}

search::SearchResult run(store::Database& db, const std::string& text, std::vector<std::string> studies = {}) {
  search::SearchQuery q;
  q.text = text;
  q.studies = std::move(studies);
  return search::search(db, q);
}

}  // namespace

TEST_CASE("study: tokens are parsed as filters, quoted names keep their spaces and case") {
  auto parsed = search::parse_query(R"(invoices study:Onboarding STUDY:"Café – Zürich 2026" -study:x)");
  CHECK(parsed.studies == std::vector<std::string>{"Onboarding", "Café – Zürich 2026"});
  CHECK(parsed.fts_expression == R"(("invoices") NOT "study:x")");
  CHECK_THROWS_WITH_AS(search::parse_query("study:Onboarding"),
                       "Add at least one word to search for besides the kind:, role:, category: or study: filters.", Error);
  // "study:" alone is a word, not a filter.
  CHECK(search::parse_query("study: invoices").studies.empty());
}

TEST_CASE("search is scoped by study name (case-insensitively) and counts hits per study") {
  auto db = store::Database::open(":memory:");
  Id onboarding = study_named(db, "Café – Zürich 2026");
  Id pricing = study_named(db, "Pricing");
  add_answer(db, onboarding, "a", "Retyping invoices takes hours every week.");
  add_answer(db, onboarding, "b", "Invoices arrive as PDFs by e-mail.");
  add_answer(db, pricing, "c", "Per-invoice pricing felt unfair to us.");
  (void)pricing;

  auto all = run(db, "invoice");
  CHECK(all.total == 3);
  CHECK(all.facets_study == std::map<std::string, std::int64_t>{{"Café – Zürich 2026", 2}, {"Pricing", 1}});

  auto token = run(db, R"(invoice study:"café – zürich 2026")");
  CHECK(token.total == 2);
  for (const auto& hit : token.hits) CHECK(hit.study == "Café – Zürich 2026");
  CHECK(token.facets_study.size() == 1);

  auto listed = run(db, "invoice", {"pricing"});
  REQUIRE(listed.total == 1);
  CHECK(listed.hits[0].study == "Pricing");
  CHECK(run(db, "invoice", {"pricing", "Café – Zürich 2026"}).total == 3);

  CHECK_THROWS_WITH_AS(run(db, "invoice study:Nope"), "There is no study named 'Nope'.", Error);
}
