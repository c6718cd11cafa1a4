// The quantitative half of a persona: size and priority tier from CRM
// accounts and deals, the manual override (audited), survey checks, and the
// review cadence with its "since last review" view.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "segments/usage_import.hpp"
#include "store/audit_log.hpp"
#include "store/deals.hpp"
#include "synth/fixture.hpp"
#include "synth/synth.hpp"

using namespace grounded;
using namespace grounded::synth;

namespace {

// CRM facts beside the fixture's evidence: 8 more logistics and food
// accounts nobody interviewed, and deals won, open and lost.
struct Crm {
  testing::Study s;
  std::vector<Id> logistics{s.harbor};

  Id account(const std::string& name, const std::string& industry, const std::string& stage) {
    Account a;
    a.name = name;
    a.industry = industry;
    a.stage = stage;
    return store::upsert_account(s.db, a);
  }
  void deal(Id account, const std::string& outcome, double amount, const std::string& close, const std::string& reason = "") {
    store::Deal d;
    d.system = "hubspot";
    d.external_id = std::to_string(account) + outcome + close;
    d.name = "deal " + d.external_id;
    d.account_id = account;
    d.outcome = outcome;
    d.stage = outcome;
    d.amount = amount;
    d.close_date = close;
    d.lost_reason = reason;
    store::save_deal(s.db, d);
  }
  Crm() {
    for (int i = 0; i < 5; ++i) logistics.push_back(account("Freight " + std::to_string(i), "Logistics", "customer"));
    for (int i = 0; i < 3; ++i) account("Bakery " + std::to_string(i), "Food & beverage", "prospect");
    deal(s.harbor, "won", 90000, "2026-03-01");
    deal(logistics[1], "won", 60000, "2026-04-01");
    deal(logistics[2], "open", 40000, "2026-12-01");
    deal(s.calder, "won", 20000, "2026-02-01");
    deal(s.calder, "lost", 15000, "2026-10-20", "Price");
  }
  Id persona(const std::string& cohort, const std::string& tier = "") {
    return create_persona(s.db, {"P " + cohort, PersonaKind::buyer, "", cohort, tier}, "tester").id;
  }
};

}  // namespace

TEST_CASE("a persona's size counts CRM accounts and users, and its tier comes from revenue potential and market") {
  Crm crm;
  Id logistics = crm.persona(R"({"accounts": {"industries": ["logistics"]}})");
  PersonaSizing big = size_persona(crm.s.db, get_persona(crm.s.db, logistics));
  CHECK(big.accounts == 6);      // Harbor plus five accounts nobody interviewed
  CHECK(big.all_accounts == 10);
  CHECK(big.users == 2);          // P1 and P3 work at Harbor
  CHECK(big.won_deals == 2);
  CHECK(big.won_amount == doctest::Approx(150000));
  CHECK(big.open_amount == doctest::Approx(40000));
  // (150k + 0.5 × 40k) / (170k + 20k) = 89% of the potential, 60% of accounts.
  CHECK(big.pipeline_share == doctest::Approx(170.0 / 190.0));
  CHECK(big.computed_tier == "1");
  CHECK(big.tier == "1");

  Id food = crm.persona(R"({"accounts": {"industries": ["Food & beverage"]}})");
  PersonaSizing small = size_persona(crm.s.db, get_persona(crm.s.db, food));
  CHECK(small.accounts == 4);
  CHECK(small.lost_deals == 1);
  // 20k of 190k = 10.5% of the potential, 40% of accounts: 0.7×0.105 + 0.3×0.4 = 0.19.
  CHECK(small.computed_tier == "2");

  Id ap = crm.persona(R"({"participants": {"roles": ["AP Specialist"]}})");
  PersonaSizing by_role = size_persona(crm.s.db, get_persona(crm.s.db, ap));
  CHECK(by_role.users == 1);
  CHECK(by_role.accounts == 1);  // P4's account, Calder
  CHECK(by_role.computed_tier == "3");

  // The checklist reads it: sized by the market, prioritised by the numbers.
  Checklist c = persona_checklist(crm.s.db, food);
  for (const ChecklistItem& i : c.items) {
    if (i.key == "prioritized") {
      CHECK(i.status == "pass");
      CHECK(i.detail.find("tier 2") == 0);
    }
    if (i.key == "sized") {
      CHECK(i.status == "pass");
      CHECK(i.detail.find("market: 4 of 10 CRM accounts") != std::string::npos);
    }
  }
  CHECK(std::none_of(c.warnings.begin(), c.warnings.end(), [](const Warning& w) { return w.key == "no_priority"; }));
}

TEST_CASE("a manual tier overrides the computed one, is audited, and the checklist says they differ") {
  Crm crm;
  Id food = crm.persona(R"({"accounts": {"industries": ["Food & beverage"]}})");
  Persona p = get_persona(crm.s.db, food);
  p.priority_tier = "1";
  update_persona(crm.s.db, p, "lead");
  PersonaSizing s = size_persona(crm.s.db, get_persona(crm.s.db, food));
  CHECK(s.tier == "1");
  CHECK(s.computed_tier == "2");
  CHECK(s.basis.find("set by hand") == 0);
  auto history = store::audit_for(crm.s.db, "personas", food);
  REQUIRE(!history.empty());
  CHECK(history.back().actor == "lead");
  CHECK(history.back().after.find("\"priority_tier\":\"1\"") != std::string::npos);
  Checklist c = persona_checklist(crm.s.db, food);
  CHECK(std::any_of(c.warnings.begin(), c.warnings.end(), [](const Warning& w) { return w.key == "priority_overridden"; }));
}

TEST_CASE("without CRM accounts there is no computed tier, and the warning says how to get one") {
  testing::Study s;
  store::Statement wipe = s.db.prepare("DELETE FROM accounts");
  wipe.run();
  Id id = create_persona(s.db, {"Anyone", PersonaKind::buyer, "", "{}", ""}, "t").id;
  PersonaSizing sizing = size_persona(s.db, get_persona(s.db, id));
  CHECK(sizing.tier.empty());
  CHECK(sizing.basis.find("no CRM accounts yet") == 0);
  Checklist c = persona_checklist(s.db, id);
  CHECK(std::any_of(c.warnings.begin(), c.warnings.end(), [](const Warning& w) { return w.key == "no_priority"; }));
}

TEST_CASE("a survey check counts respondents live, overall and among the cohort's roles") {
  Crm crm;
  store::Database& db = crm.s.db;
  db.exec("INSERT INTO imports (id, origin, sha256, format, byte_size) VALUES (1, 'survey.csv', 'x', 'typeform_csv', 1)");
  auto answer = db.prepare("INSERT INTO survey_answers (import_id, respondent, question, answer, kind) VALUES (1, ?1, ?2, ?3, ?4)");
  const std::string problem = "What is your biggest problem?";
  for (int r = 0; r < 10; ++r) {
    const std::string who = "r" + std::to_string(r);
    answer.reset();
    answer.bind(1, who).bind(2, problem).bind(3, r < 4 ? "Manual re-keying" : "Chasing approvers").bind(4, "choice").run();
    answer.reset();
    answer.bind(1, who).bind(2, "What is your role?").bind(3, r < 3 ? "Controller" : "AP Specialist").bind(4, "attribute").run();
  }
  Id controllers = crm.persona(R"({"participants": {"roles": ["controller"]}})");
  SurveyCheck c = add_survey_check(db, controllers, std::nullopt, problem, "Manual re-keying", "ana");
  CHECK(c.figure.chosen == 4);
  CHECK(c.figure.respondents == 10);
  CHECK(c.figure.cohort_chosen == 3);
  CHECK(c.figure.cohort_respondents == 3);
  CHECK(c.figure.sentence ==
        "40% of 10 respondents chose 'Manual re-keying' (What is your biggest problem?); among controller: 100% of 3");
  CHECK(count_survey_checks(db, controllers) == 1);
  CHECK(store::audit_for(db, "personas", controllers).back().action == "persona.survey_check");

  CHECK_THROWS_WITH_AS(add_survey_check(db, controllers, std::nullopt, problem, "Lunch", "ana"),
                       doctest::Contains("the answers are 'Chasing approvers', 'Manual re-keying'"), Error);
  CHECK_THROWS_AS(add_survey_check(db, controllers, std::nullopt, problem, "Manual re-keying", "ana"), Error);

  // A new respondent changes the figure without touching the check.
  answer.reset();
  answer.bind(1, "r10").bind(2, problem).bind(3, "Manual re-keying").bind(4, "choice").run();
  CHECK(survey_checks_of(db, controllers)[0].figure.chosen == 5);

  // The checklist's "sized" counts a survey check even without CRM accounts behind the cohort.
  Id nobody = crm.persona(R"({"participants": {"roles": ["CFO"]}})");
  add_survey_check(db, nobody, std::nullopt, problem, "Chasing approvers", "ana");
  Checklist list = persona_checklist(db, nobody);
  for (const ChecklistItem& i : list.items)
    if (i.key == "sized") CHECK(i.status == "pass");
  remove_survey_check(db, controllers, c.id, "ana");
  CHECK(count_survey_checks(db, controllers) == 0);
}

TEST_CASE("the review cadence: due dates, overdue, since last review, and recording a review") {
  Crm crm;
  store::Database& db = crm.s.db;
  Id id = crm.persona(R"({"accounts": {"industries": ["Logistics"]}})");
  db.exec("UPDATE personas SET created_at = '2026-01-10T09:00:00Z'");
  ReviewDates d = review_dates(db, id, "2026-03-01");
  CHECK(d.last_review == "2026-01-10");
  CHECK(d.next_review == "2026-04-11");
  CHECK(d.next_rebuild == "2027-01-10");
  CHECK_FALSE(d.review_overdue);
  CHECK(review_dates(db, id, "2026-04-12").review_overdue);
  CHECK(review_dates(db, id, "2027-01-11").rebuild_overdue);

  // Evidence added since: only P3's two interviews (P3 works at Harbor, a logistics account).
  db.exec("UPDATE sources SET created_at = '2025-12-01T00:00:00Z' WHERE title NOT IN ('Interview P3', 'Interview P3b')");
  SinceReview since = since_last_review(db, id, "2026-11-01");
  CHECK(since.since == "2026-01-10");
  CHECK(since.new_sources == 2);
  REQUIRE(since.themes.size() == 1);
  CHECK(since.themes[0].theme == "faster close");  // P2 said it too, but P2 is at Calder, outside the cohort
  CHECK(since.themes[0].change == "new");          // netsuite integration: 1 before, 1 since — neither new nor grown
  CHECK(since.won == 2);   // Harbor and Freight 0 closed won in March and April 2026
  CHECK(since.lost == 0);  // the lost deal is Calder's, not a logistics account
  CHECK(since.steps.size() >= 5);

  ReviewDates after = record_cadence_review(db, id, false, "lead", "2026-11-01");
  CHECK(after.last_review == "2026-11-01");
  CHECK(after.next_review == "2027-01-31");
  CHECK(after.reviewed_ever);
  CHECK(after.last_rebuild == "2026-01-10");
  CHECK(store::audit_for(db, "personas", id).back().action == "persona.cadence_review");
  auto schedule = review_schedule(db, "2026-11-01");
  REQUIRE(schedule.size() == 1);
  CHECK_FALSE(schedule[0].review_overdue);
  ReviewDates rebuilt = record_cadence_review(db, id, true, "lead", "2026-11-02");
  CHECK(rebuilt.next_rebuild == "2027-11-02");
}

TEST_CASE("since last review lists the persona's segment shifts: users and accounts that moved to at-risk") {
  Crm crm;
  store::Database& db = crm.s.db;
  // P1 (Harbor, logistics) and P2 (Calder, food) use the product daily for six weeks from Monday
  // 2026-11-02, then stop; someone else keeps the history going to 2027-01-03.
  std::string events;
  int n = 0;
  auto line = [&](const std::string& user, std::int64_t time) {
    events += R"({"event": "Approve invoice", "properties": {"time": )" + std::to_string(time) +
              R"(, "distinct_id": ")" + user + R"(", "$insert_id": ")" + std::to_string(++n) + "\"}}\n";
  };
  const std::int64_t monday = 1793613600;
  for (int day = 0; day < 42; ++day) {
    line("p1-user", monday + day * 86400);
    line("p2-user", monday + day * 86400);
  }
  line("someone", monday + 62 * 86400);
  char dir_pattern[] = "/tmp/grounded-moves-XXXXXX";
  std::filesystem::path dir = mkdtemp(dir_pattern);
  std::ofstream(dir / "map.csv") << "distinct_id,participant,account\np1-user,P1,Harbor Freight Lines\np2-user,P2,Calder Foods\n";
  std::istringstream in(events);
  segments::ImportOptions options;
  options.id_map = dir / "map.csv";
  segments::import_event_stream(db, in, "usage.jsonl", 0, options);
  std::filesystem::remove_all(dir);

  Id logistics = crm.persona(R"({"accounts": {"industries": ["Logistics"]}})");
  record_cadence_review(db, logistics, false, "lead", "2026-11-18");
  SinceReview since = since_last_review(db, logistics, "2027-01-04");
  CHECK(since.segments_from == "2026-W47");
  CHECK(since.segments_to == "2026-W53");
  REQUIRE(since.segment_moves.size() == 2);  // P1 and Harbor; P2 and Calder are not logistics
  for (const segments::SegmentMove& m : since.segment_moves) {
    CHECK(m.from == "regular");
    CHECK(m.to == "at-risk");
    CHECK(m.account == "Harbor Freight Lines");
  }
  CHECK(since.moved_to.at("at-risk") == 2);
  nlohmann::json shown = since;
  CHECK(shown["segments"]["moved_to"]["at-risk"] == 2);
  CHECK(shown["segments"]["moves"][0]["to"] == "at-risk");

  // Reviewed after the last week with history: nothing has moved since.
  record_cadence_review(db, logistics, false, "lead", "2027-01-04");
  CHECK(since_last_review(db, logistics, "2027-01-05").segment_moves.empty());
}

TEST_CASE("open survey answers in an attribute's themes are counted beside it: 'N of M respondents mention …'") {
  Crm crm;
  store::Database& db = crm.s.db;
  testing::Study& s = crm.s;
  auto exec_id = [&](const std::string& sql) {
    db.exec(sql);
    return db.last_insert_id();
  };
  Id theme = exec_id("INSERT INTO themes (category, name, status) VALUES ('pain_point', 'Duplicate vendor bills', 'confirmed')");
  Id other = exec_id("INSERT INTO themes (category, name, status) VALUES ('pain_point', 'Slow approvals', 'confirmed')");
  auto in_theme = [&](Id excerpt, Id into) {
    s.tag(excerpt, "pain_point", "");
    Id tag = db.last_insert_id();
    db.prepare("INSERT INTO theme_members (theme_id, tag_id) VALUES (?1, ?2)").bind(1, into).bind(2, tag).run();
  };
  // An interview answer in the theme, cited by a drafted attribute.
  Id said = s.say(s.p1, SourceKind::interview, "Interview dup", "2026-10-02", "We paid the same carrier bill twice — día malo.");
  in_theme(said, theme);
  Id persona = crm.persona(R"({"participants": {"roles": ["Controller"]}})");
  db.prepare("INSERT INTO attributes (persona_id, section, text) VALUES (?1, 'pain_points', 'Pays duplicate bills')")
      .bind(1, persona).run();
  Id attribute = db.last_insert_id();
  db.prepare("INSERT INTO citations (attribute_id, excerpt_id) VALUES (?1, ?2)").bind(1, attribute).bind(2, said).run();
  CHECK(open_answer_mentions(db, persona).empty());  // no survey answers yet

  // Six survey respondents: two mention duplicates, one slow approvals, one only in a rejected tag.
  std::vector<Id> answers;
  for (int r = 0; r < 5; ++r)
    answers.push_back(s.say(s.p4, SourceKind::survey, "Response " + std::to_string(r), "2026-10-05", "Réponse “ouverte” 請求書"));
  in_theme(answers[0], theme);
  in_theme(answers[1], theme);
  s.say(s.p4, SourceKind::survey, "Response 5", "2026-10-05", "Nothing to add.");  // a sixth respondent, untagged
  in_theme(answers[2], other);
  s.tag(answers[3], "pain_point", "", "{}", "rejected");
  db.prepare("INSERT INTO theme_members (theme_id, tag_id) VALUES (?1, ?2)").bind(1, theme).bind(2, db.last_insert_id()).run();

  std::vector<OpenAnswerMentions> mentions = open_answer_mentions(db, persona);
  REQUIRE(mentions.size() == 1);
  CHECK(mentions[0].attribute_id == attribute);
  CHECK(mentions[0].themes == std::vector<std::string>{"Duplicate vendor bills"});
  CHECK(mentions[0].mentioning == 2);
  CHECK(mentions[0].respondents == 6);
  CHECK(mentions[0].excerpt_ids == std::vector<Id>{answers[0], answers[1]});
  CHECK(mentions[0].sentence == "2 of 6 survey respondents mention 'Duplicate vendor bills' in an open answer");
}

TEST_CASE("drafting: survey answers corroborate rather than draft, unless the cohort names survey sources") {
  Crm crm;
  testing::Study& s = crm.s;
  // Eight survey answers by a controller about one thing, far more than any interview theme has.
  for (int r = 0; r < 8; ++r) {
    Id e = s.say(s.p3, SourceKind::survey, "Response " + std::to_string(r), "2026-10-06",
                 "Vendor portals are a nightmare — “cada semana” 毎週.");
    s.tag(e, "pain_point", "vendor portals");
  }
  auto kinds_cited = [&](Id persona) {
    draft_persona(s.db, persona);
    std::set<std::string> kinds;
    for (const AttributeView& a : load_persona_view(s.db, persona).attributes)
      for (const std::string& k : a.evidence.source_kinds) kinds.insert(k);
    return kinds;
  };
  Id by_role = crm.persona(R"({"participants": {"roles": ["Controller"]}})");
  std::set<std::string> kinds = kinds_cited(by_role);
  CHECK_FALSE(kinds.empty());
  CHECK_FALSE(kinds.count("survey"));
  Id with_survey = crm.persona(R"({"participants": {"roles": ["Controller"]}, "source_kinds": ["interview", "survey"]})");
  CHECK(kinds_cited(with_survey).count("survey"));
}
