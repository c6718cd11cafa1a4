// The labeling rules (taxonomy.json's decision_rules, from the team's
// LABELS.md) as tagger behaviour, one case per rule; objection root causes;
// what an interviewer's question asks for; speech filler; and sentence spans
// that stay UTF-8 correct in long turns.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/question_intent.hpp"
#include "tagger/signals.hpp"
#include "tagger/tagger.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/training.hpp"

using namespace grounded::tagger;

namespace {

bool suggests(std::string_view text, const std::string& category, std::string_view question = {}) {
  auto tags = Tagger::builtin().suggest(text, question);
  return std::any_of(tags.begin(), tags.end(), [&](const CategoryScore& s) { return s.category == category; });
}

std::string root_cause_of(std::string_view text) {
  for (const auto& s : Tagger::builtin().suggest(text))
    if (s.category == "objection") return s.subfields.value("root_cause", "");
  return "(no objection)";
}

const CategoryScore& score_in(const Analysis& a, const std::string& category) {
  return *std::find_if(a.scores.begin(), a.scores.end(), [&](const CategoryScore& s) { return s.category == category; });
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("the taxonomy names where its definitions come from and carries the decision rules") {
  const Taxonomy& taxonomy = Taxonomy::builtin();
  CHECK(taxonomy.definitions_source().find("LABELS.md") != std::string::npos);
  CHECK(taxonomy.decision_rules().size() == 8);
  for (const auto& c : taxonomy.categories()) CHECK_FALSE(c.example.empty());
  nlohmann::json json = taxonomy;
  CHECK(json["decision_rules"].size() == 8);
}

TEST_CASE("labeling rule: a described recurring practice is a job") {
  CHECK(suggests("Every Monday we retrain the model and compare the outputs with last week's.", "job"));
  CHECK(suggests("When a weekly run fails, someone has to restart it and check the outputs by hand.", "job"));
}

TEST_CASE("labeling rule: an anticipated risk that has not happened is not a pain point") {
  CHECK_FALSE(suggests("If the feed ever went down we might lose a day of data.", "pain_point"));
  CHECK(suggests("The feed went down twice last month and we lost a day of data each time.", "pain_point"));
}

TEST_CASE("labeling rule: a wished-for feature is a job, not an objection") {
  CHECK(suggests("Please add a dark mode.", "job"));
  CHECK_FALSE(suggests("Please add a dark mode.", "objection"));
  CHECK(suggests("I wish it could export straight to CSV.", "job"));
  CHECK_FALSE(suggests("I wish it could export straight to CSV.", "objection"));
}

TEST_CASE("labeling rule: a bug report or a complaint about the product's behaviour is a pain point") {
  CHECK(suggests("The app keeps crashing since the last update.", "pain_point"));
  CHECK(suggests("Way too many ads, one after every level.", "pain_point"));
  CHECK_FALSE(suggests("The app keeps crashing since the last update.", "objection"));
}

TEST_CASE("labeling rule: praise is none unless it names a goal, job or criterion") {
  CHECK(Tagger::builtin().suggest("Love this app, great work guys!").empty());
  CHECK(suggests("Love that it syncs offline, that's why we picked it.", "decision_criterion"));
}

TEST_CASE("labeling rule: an objection needs hesitation or refusal, a client's or a boss's included") {
  CHECK_FALSE(suggests("It's free.", "objection"));
  CHECK(suggests("I won't pay a subscription for this.", "objection"));
  CHECK(suggests("We never set up alerting because the client would not fund it.", "objection"));
  CHECK(suggests("My boss said no to another monitoring tool.", "objection"));
}

TEST_CASE("objections carry their root cause") {
  CHECK(root_cause_of("I won't pay a subscription for this.") == "price");
  CHECK(root_cause_of("I'm not comfortable giving it access to my bank account.") == "security_privacy");
  CHECK(root_cause_of("Switching would mean retraining the whole team.") == "effort_switching");
  CHECK(root_cause_of("Honestly it's too expensive for a team our size.") == "price");
  CHECK(root_cause_of("We're in the middle of our busiest season, not right now.") == "timing");
}

TEST_CASE("an interviewer's question is read for what it asks, in any words") {
  const auto& intents = *QuestionIntents::builtin();
  auto names = [&](std::string_view question) {
    std::vector<std::string> out;
    for (const auto& m : intents.classify(question)) out.push_back(m.intent->name);
    return out;
  };
  auto has = [&](std::string_view question, const std::string& name) {
    auto n = names(question);
    return std::find(n.begin(), n.end(), name) != n.end();
  };
  CHECK(has("And what's the most annoying bit of that whole thing?", "problems"));
  CHECK(has("So when that happens, walk me through what you actually do.", "process"));
  CHECK(has("What tools are you using for that right now?", "tools"));
  CHECK(has("Why did you end up going with that one?", "decision"));
  CHECK(has("Where do you usually learn about new methods?", "info_sources"));
  CHECK(has("What are you ultimately trying to achieve with it?", "goals"));
  CHECK(has("What made you start looking for something else?", "triggers"));
  // Only the asking sentence counts: the preamble's "problem" is not the question.
  CHECK(asking_part("No problem at all. What tools do you use?") == " What tools do you use?");
  CHECK_FALSE(has("No problem at all. What tools do you use?", "problems"));
  CHECK(names("Thanks, that's everything from me.").empty());
}

TEST_CASE("a question outside the bank still raises the category it asks for") {
  const Tagger& tagger = Tagger::builtin();
  const std::string answer = "Um, so, I pull the extracts, clean them up and then load them into the warehouse.";
  const std::string question = "Okay. And when a new extract lands, what do you do with it?";
  Analysis plain = tagger.analyze(answer);
  Analysis asked = tagger.analyze(answer, question);
  REQUIRE_FALSE(asked.intents.empty());
  CHECK(asked.intents.front().intent->name == "process");
  CHECK(score_in(asked, "job").context_evidence > 0);
  CHECK(score_in(asked, "job").confidence > score_in(plain, "job").confidence);
  CHECK(score_in(asked, "tool").context_evidence == 0);
  nlohmann::json json = asked;
  CHECK(json["intents"][0]["intent"] == "process");
}

TEST_CASE("speech filler and false starts are left out of the word features") {
  auto features = read_signals("Um, so, you know, we, we had, uh, the export keeps crashing", *CueRules::builtin()).word_features;
  auto has = [&](const std::string& f) { return std::binary_search(features.begin(), features.end(), f); };
  CHECK_FALSE(has("w:um"));
  CHECK_FALSE(has("w:uh"));
  CHECK_FALSE(has("b:we we"));
  CHECK_FALSE(has("c:you"));
  CHECK(has("w:export"));
  CHECK(has("b:keep crash"));
  // "like" is kept where it means something.
  auto liked = read_signals("I'd like to be able to export.", *CueRules::builtin()).word_features;
  CHECK(std::binary_search(liked.begin(), liked.end(), std::string("w:like")));
}

TEST_CASE("a long turn is tagged by its sentences and the tag spans the sentence it rests on, UTF-8 intact") {
  const std::string turn =
      "Um, so I’m based in Zürich, and our team — 東京 too — does the “forecasting” bit. "
      "The nightly export to the café chain’s warehouse keeps crashing, and we lose a whole morning re-running it. "
      "Anyway, that’s the gist, you know.";
  Analysis a = Tagger::builtin().analyze(turn);
  const CategoryScore& pain = score_in(a, "pain_point");
  REQUIRE(pain.suggested());
  REQUIRE(pain.span_start);
  std::string span = turn.substr(static_cast<std::size_t>(*pain.span_start),
                                 static_cast<std::size_t>(*pain.span_end - *pain.span_start));
  CHECK(valid_utf8(span));
  CHECK(span == "The nightly export to the café chain’s warehouse keeps crashing, and we lose a whole morning re-running it.");
  CHECK(pain.rationale.find("in '") != std::string::npos);
}

TEST_CASE("an objection's root cause comes from its words when no root-cause rule fires") {
  REQUIRE_FALSE(root_cause_model()->empty());
  const std::string text = "The quote came back at three times what we pay today, so we shelved the whole idea.";
  CHECK(root_cause_of(text) == "price");
}

TEST_CASE("a root_cause column is read and checked against the taxonomy") {
  auto rows = parse_labeled_csv("text,labels,root_cause\n\"Too dear, not buying.\",objection,price\nFine.,none,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].root_cause == "price");
  CHECK(rows[1].root_cause.empty());
  try {
    parse_labeled_csv("text,labels,root_cause\nx,objection,pricey\n");
    FAIL("an unknown root cause was accepted");
  } catch (const grounded::Error& e) {
    CHECK(std::string(e.what()).find("CSV line 2") != std::string::npos);
    CHECK(std::string(e.what()).find("price") != std::string::npos);
  }
}

TEST_CASE("cue phrases read past speech filler") {
  auto fired = [](std::string_view text, const std::string& rule) {
    auto hits = CueRules::builtin()->match(text);
    return std::any_of(hits.begin(), hits.end(), [&](const RuleHit& h) { return h.rule->name == rule && h.counts; });
  };
  CHECK(fired("The upload takes, uh, forever.", "pain.wasted_time"));
  CHECK(fired("Please, um, please add an export.", "job.wanted_capability"));
}

TEST_CASE("a spoken run-on sentence is read by clause groups and the tag spans the group it rests on") {
  const std::string turn =
      "So yeah we, um, we get the files from the client’s team in Zürich every Monday, and then, you know, "
      "the team cleans them up by hand, and honestly the import keeps crashing on anything over a few thousand rows, "
      "so I end up splitting them into “batches”, which, like, is just how it is.";
  Analysis a = Tagger::builtin().analyze(turn);
  const CategoryScore& pain = score_in(a, "pain_point");
  REQUIRE(pain.suggested());
  REQUIRE(pain.span_start);
  std::string span = turn.substr(static_cast<std::size_t>(*pain.span_start),
                                 static_cast<std::size_t>(*pain.span_end - *pain.span_start));
  CHECK(valid_utf8(span));
  CHECK(span.find("keeps crashing") != std::string::npos);
  CHECK(span.size() < turn.size() / 2);
}
