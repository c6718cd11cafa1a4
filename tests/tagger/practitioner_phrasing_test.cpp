// How technical practitioners say a job, a goal or an objection in an
// interview without the words a review would use: a standing task described
// ("I basically maintain …"), an aim put as "the idea is that …", a doubt put as "not a big
// fan" or "sceptical", a recurring practice that mentions failures (a job,
// not a pain point, per LABELS.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tagger/tagger.hpp"

using namespace grounded::tagger;

namespace {

bool suggests(std::string_view text, const std::string& category) {
  auto tags = Tagger::builtin().suggest(text);
  return std::any_of(tags.begin(), tags.end(), [&](const CategoryScore& s) { return s.category == category; });
}

}  // namespace

TEST_CASE("a described standing task is a job") {
  CHECK(suggests("I basically maintain the feature pipelines and help the scientists productionise their models.",
                 "job"));
}

TEST_CASE("an aim said as 'the idea is' or 'the important thing is' is a goal") {
  CHECK(suggests("The idea is that the client can run it themselves after we leave.", "goal"));
  CHECK(suggests("For me the important thing is that the numbers are right, that people can trust them.", "goal"));
}

TEST_CASE("a practitioner's doubt about a tool or method is an objection") {
  CHECK(suggests("I’m not a big fan of notebooks for production work, to be honest.", "objection"));
  CHECK(suggests("The client didn’t want to pay for a proper data platform, so we did it in Excel.", "objection"));
}

TEST_CASE("a recurring practice that mentions failures is a job, not a pain point") {
  const char* routine = "Every Monday, um, I rerun the reconciliation and go through whichever rows failed the checks "
                        "before the finance call.";
  CHECK(suggests(routine, "job"));
  CHECK_FALSE(suggests(routine, "pain_point"));
}
