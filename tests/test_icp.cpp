// ICP scoring (src/icp/): the matrix's validation, ratings with their rules
// and cited excerpts, renormalised incomplete scores, tier edges,
// disqualifiers and signals — on plain values; tests/icp/ covers the
// database side (facts from real SQLite, versions, export).
#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/condition_check.hpp"
#include "icp/icp.hpp"

using namespace grounded;
using namespace grounded::icp;
using nlohmann::json;

namespace {

json default_document() { return default_matrix().document; }

// The message of the Error parse_matrix throws for `document` ("" when it parses).
std::string problems_of(const json& document) {
  try {
    parse_matrix(document);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    return e.what();
  }
  return "";
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

json& attribute(json& document, const std::string& key) {
  for (json& a : document["attributes"])
    if (a["key"] == key) return a;
  FAIL("no attribute " << key);
  return document;
}

EvidenceExcerpt excerpt(Id id, const std::string& category, const std::map<std::string, std::string>& subfields,
                        const std::string& date, const std::string& quote = "We lose days to re-keying invoices.") {
  EvidenceExcerpt e;
  e.excerpt_id = id;
  e.source_id = 100 + id;
  e.quote = quote;
  e.source_title = "Interview " + std::to_string(id);
  e.source_kind = "interview";
  e.occurred_at = date;
  e.speaker = "Dana";
  e.participant_label = "Dana Whitfield";
  e.participant_role = "Controller";
  e.seniority = "director";
  e.category = category;
  e.subfields = subfields;
  e.tag_status = "accepted";
  e.confidence = 1;
  return e;
}

AccountFacts full_account() {
  AccountFacts a;
  a.id = 7;
  a.name = "Harborline Shipping Co";
  a.fields["industry"] = text_value("Logistics");
  a.fields["employees"] = number_value(240);
  a.fields["region"] = text_value("North America");
  a.fields["stack"] = text_value("NetSuite, Slack");
  a.fields["stage"] = text_value("customer");
  return a;
}

const AttributeScore& rated(const AccountScore& score, const std::string& key) {
  for (const auto& a : score.attributes)
    if (a.key == key) return a;
  FAIL("no attribute " << key);
  return score.attributes.front();
}

constexpr const char* kToday = "2026-11-29";

}  // namespace

TEST_CASE("icp matrix: the shipped default parses with the issue's weights and tiers") {
  const Matrix& m = default_matrix();
  REQUIRE(m.attributes.size() == 6);
  std::map<std::string, double> weights;
  for (const auto& a : m.attributes) weights[a.label] = a.weight;
  CHECK(weights == std::map<std::string, double>{{"Industry", 20}, {"Company size", 15}, {"Pain intensity", 25},
                                                  {"Budget", 20}, {"Tech fit", 10}, {"Champion", 10}});
  REQUIRE(m.tiers.size() == 3);
  CHECK(m.tiers[0].min == 4.0);
  CHECK(m.tiers[1].min == 3.0);
  CHECK(m.tiers[2].min == 2.0);
  CHECK(m.below.key == "disqualified");
  CHECK(fields_read(m) == std::vector<std::string>{"industry", "employees", "stack", "region", "stage"});
}

TEST_CASE("icp matrix: weights that do not total 100 are refused with the total and each weight") {
  json document = default_document();
  attribute(document, "industry")["weight"] = 15;
  std::string message = problems_of(document);
  CHECK(mentions(message, "weights total 95%; they must total 100%"));
  CHECK(mentions(message, "Industry 15, Company size 15, Pain intensity 25"));
}

TEST_CASE("icp matrix: every problem names the attribute and the field") {
  json document = default_document();
  attribute(document, "company_size")["ideal"]["min"] = "a lot";
  attribute(document, "pain_intensity")["evidence"]["category"] = "pain";
  attribute(document, "budget")["evidence"]["where"]["root_cause"] = json::array({"cost"});
  attribute(document, "tech_fit")["good"] = {{"min_excerpts", 2}};
  attribute(document, "champion")["colour"] = "red";
  std::string message = problems_of(document);
  CHECK(mentions(message, "attribute 'company_size' (Company size): 'ideal.min' must be a number"));
  CHECK(mentions(message, "attribute 'pain_intensity' (Pain intensity): 'evidence.category' 'pain' is not a tag category"));
  CHECK(mentions(message, "attribute 'budget' (Budget): 'evidence.where.root_cause' 'cost' is not a value of root_cause"));
  CHECK(mentions(message, "attribute 'tech_fit' (Tech fit): 'min_excerpts' is not a field here"));
  CHECK(mentions(message, "attribute 'champion' (Champion): 'colour' is not a field here"));
}

TEST_CASE("icp matrix: tiers, rules and shapes are checked") {
  json document = default_document();
  document["tiers"][1]["min"] = 4.5;
  document["disqualifiers"][0]["when"] = {{"field", "employees"}};
  document["signals"][0]["adjust"] = "lots";
  document["attributes"].push_back(document["attributes"][0]);
  std::string message = problems_of(document);
  CHECK(mentions(message, "tier 'tier_2'"));
  CHECK(mentions(message, "tiers go from highest to lowest"));
  CHECK(mentions(message, "disqualifier 'too_small'"));
  CHECK(mentions(message, "needs min/max, any_of, none_of or contains_any"));
  CHECK(mentions(message, "signal 'buying_trigger' (A buying trigger in the evidence): 'adjust' must be a number"));
  CHECK(mentions(message, "attribute 'industry' (Industry): 'key' is used twice"));
  CHECK(mentions(problems_of(json::array()), "must be a JSON object"));
  json no_ideal = default_document();
  attribute(no_ideal, "industry").erase("ideal");
  CHECK(mentions(problems_of(no_ideal), "attribute 'industry' (Industry): 'ideal' is required"));
  json bad_field = default_document();
  attribute(bad_field, "industry")["field"] = "DROP TABLE";
  CHECK(mentions(problems_of(bad_field), "'DROP TABLE' is not an account field name"));
  for (const std::string& field : std::vector<std::string>{"9lives", "Industry", "meta.", "meta.a.b", "meta." + std::string(61, 'k'), "stack;"}) {
    CAPTURE(field);
    attribute(bad_field, "industry")["field"] = field;
    CHECK(mentions(problems_of(bad_field), "is not an account field name"));
  }
  for (const std::string& field : std::vector<std::string>{"_x9", "meta.Contract tier-2", "meta." + std::string(60, 'k')}) {
    CAPTURE(field);
    attribute(bad_field, "industry")["field"] = field;
    CHECK(!mentions(problems_of(bad_field), "is not an account field name"));
  }
}

TEST_CASE("icp scoring: an evidence rating cites the excerpts it rests on, strongest first") {
  AccountFacts account = full_account();
  account.evidence = {excerpt(1, "pain_point", {{"impact", "money"}}, "2026-06-01", "We paid a carrier twice: $14,200."),
                      excerpt(2, "pain_point", {{"impact", "time"}}, "2026-05-01"),
                      excerpt(3, "pain_point", {{"impact", "time"}}, "2024-01-01", "Close took two weeks back then."),
                      excerpt(4, "goal", {}, "2026-05-01")};
  AccountScore score = score_account(default_matrix(), account, kToday);
  const AttributeScore& pain = rated(score, "pain_intensity");
  // money 3 + time 2 + an old time pain at half weight (1) = 6 points: Ideal.
  CHECK(pain.rating == 5);
  CHECK(pain.level == "ideal");
  CHECK(mentions(pain.rule, "Ideal: at least 6 points of pain point excerpts"));
  CHECK(mentions(pain.fact, "3 pain point excerpts (impact: money 1, time 2) worth 6 points"));
  REQUIRE(pain.citations.size() == 3);
  CHECK(pain.citations[0].excerpt.excerpt_id == 1);
  CHECK(pain.citations[0].excerpt.quote == "We paid a carrier twice: $14,200.");
  CHECK(pain.citations[0].excerpt.source_id == 101);
  CHECK(pain.citations[0].points == 3);
  CHECK(pain.citations[2].excerpt.excerpt_id == 3);
  CHECK(pain.citations[2].points == 1);
  json out = score;
  CHECK(out["attributes"][2]["citations"][0]["source_title"] == "Interview 1");

  // Budget: no price objection among the tagged evidence is Ideal; two are Poor, and cited.
  CHECK(rated(score, "budget").rating == 5);
  account.evidence.push_back(excerpt(5, "objection", {{"root_cause", "price"}}, "2026-05-01", "Per-invoice pricing adds up."));
  account.evidence.push_back(excerpt(6, "objection", {{"root_cause", "price"}}, "2026-05-02"));
  account.evidence.push_back(excerpt(7, "objection", {{"root_cause", "fit"}}, "2026-05-02"));
  const AttributeScore budget = rated(score_account(default_matrix(), account, kToday), "budget");
  CHECK(budget.rating == 1);
  CHECK(budget.citations.size() == 2);
  CHECK(budget.citations[0].excerpt.category == "objection");

  // Champion: an influencer excerpt spoken by a director is Ideal; by an AP specialist, Good.
  account.evidence.push_back(excerpt(8, "influencer", {}, "2026-05-02", "Our CFO signs anything over $50k."));
  CHECK(rated(score_account(default_matrix(), account, kToday), "champion").rating == 5);
  account.evidence.back().seniority = "individual-contributor";
  account.evidence.back().participant_role = "AP Specialist";
  const AttributeScore champion = rated(score_account(default_matrix(), account, kToday), "champion");
  CHECK(champion.rating == 3);
  CHECK(mentions(champion.fact, "none spoken by a decision-maker"));
}

TEST_CASE("icp scoring: missing data is never Poor: weights renormalise and the score says what is missing") {
  AccountFacts account;
  account.id = 3;
  account.name = "Société Générale de Logistique";
  account.fields["industry"] = text_value("LOGISTICS");  // case does not matter
  account.fields["stack"] = text_value("Excel");
  account.fields["region"] = text_value("Europe");
  AccountScore score = score_account(default_matrix(), account, kToday);
  CHECK_FALSE(score.complete);
  CHECK(score.missing == std::vector<std::string>{"employees", "tagged evidence"});
  const AttributeScore& size = rated(score, "company_size");
  CHECK_FALSE(size.rating.has_value());
  CHECK(size.level == "missing");
  CHECK(size.effective_weight == 0);
  // Industry 20 × 5 + Tech fit 10 × 1, over the 30 points of weight that have data.
  REQUIRE(score.score.has_value());
  CHECK(*score.score == doctest::Approx(3.67));
  CHECK(rated(score, "industry").effective_weight == doctest::Approx(66.67));
  CHECK(rated(score, "tech_fit").effective_weight == doctest::Approx(33.33));
  CHECK(score.tier == "tier_2");
  // The size disqualifier could not be checked without employees: said so, not assumed.
  REQUIRE(score.unchecked.size() == 1);
  CHECK(mentions(score.unchecked[0], "Too small"));

  AccountFacts empty;
  empty.name = "空の会社";
  AccountScore none = score_account(default_matrix(), empty, kToday);
  CHECK_FALSE(none.score.has_value());
  CHECK(none.tier == kUnscored);
}

TEST_CASE("icp scoring: tier edges") {
  const Matrix& m = default_matrix();
  CHECK(tier_for(m, 5.0).key == "tier_1");
  CHECK(tier_for(m, 4.0).key == "tier_1");
  CHECK(tier_for(m, 3.99).key == "tier_2");
  CHECK(tier_for(m, 3.0).key == "tier_2");
  CHECK(tier_for(m, 2.99).key == "tier_3");
  CHECK(tier_for(m, 2.0).key == "tier_3");
  CHECK(tier_for(m, 1.99).key == "disqualified");
  CHECK(tier_for(m, 1.0).key == "disqualified");
  CHECK(tier_for(m, 3.996).key == "tier_1");  // scores are rounded to 2 decimals first, as shown

  // A score of exactly 4.0 from ratings (50% × 5 + 50% × 3) is Tier 1; 3.0 is Tier 2; 2.0 is Tier 3.
  json document = {{"name", "Edges"},
                   {"tiers", default_document()["tiers"]},
                   {"below", default_document()["below"]},
                   {"attributes", json::array({{{"key", "a"}, {"label", "A"}, {"weight", 50}, {"kind", "range"}, {"field", "employees"},
                                                {"ideal", {{"min", 100}}}, {"good", {{"min", 50}}}},
                                               {{"key", "b"}, {"label", "B"}, {"weight", 50}, {"kind", "range"}, {"field", "revenue"},
                                                {"ideal", {{"min", 1e6}}}, {"good", {{"min", 5e5}}}}})}};
  Matrix edges = parse_matrix(document);
  auto score_of = [&](double employees, double revenue) {
    AccountFacts a;
    a.fields["employees"] = number_value(employees);
    a.fields["revenue"] = number_value(revenue);
    return score_account(edges, a, kToday);
  };
  CHECK(score_of(100, 5e5).score == 4.0);
  CHECK(score_of(100, 5e5).tier == "tier_1");
  CHECK(score_of(60, 6e5).tier == "tier_2");   // 3.0
  CHECK(score_of(100, 1).tier == "tier_2");    // 3.0
  CHECK(score_of(60, 1).tier == "tier_3");     // 2.0
  CHECK(score_of(1, 1).tier == "disqualified");  // 1.0
  CHECK(score_of(1, 1).disqualified_by.empty());  // below the last tier, not by a rule
}

TEST_CASE("icp scoring: a disqualifier names the fact that triggered it, whatever the score") {
  AccountFacts account = full_account();
  account.fields["employees"] = number_value(8);
  AccountScore score = score_account(default_matrix(), account, kToday);
  REQUIRE(score.disqualified_by.size() == 1);
  CHECK(score.disqualified_by[0].key == "too_small");
  CHECK(score.disqualified_by[0].fact == "employees is 8");
  CHECK(score.tier == "disqualified");
  CHECK(score.tier_label == "Disqualify");

  account = full_account();
  account.fields["region"] = text_value("Antarctica");
  score = score_account(default_matrix(), account, kToday);
  REQUIRE(score.disqualified_by.size() == 1);
  CHECK(score.disqualified_by[0].fact == "region is “Antarctica”");
  REQUIRE(score.score.has_value());
  CHECK(*score.score > 4);  // the score still shows; the tier says why it does not count
}

TEST_CASE("icp scoring: signals move the score within 1 to 5 and say why") {
  AccountFacts account = full_account();
  account.fields["stack"] = text_value("QuickBooks Desktop (migrating to NetSuite)");
  account.fields["stage"] = text_value("Churned");
  AccountScore score = score_account(default_matrix(), account, kToday);
  REQUIRE(score.signals.size() == 2);
  CHECK(score.signals[0].key == "erp_migration");
  CHECK(mentions(score.signals[0].fact, "mentions migrating"));
  CHECK(score.signals[1].key == "churned");
  REQUIRE(score.weighted.has_value());
  CHECK(*score.score == doctest::Approx(*score.weighted + 0.25 - 0.5));
  json row = score_row(score);
  CHECK(row["signals"].size() == 2);
  CHECK(row["ratings"]["industry"] == 5);
  CHECK(row["ratings"]["pain_intensity"].is_null());
}

TEST_CASE("icp scoring: suggested tags count only at the matrix's confidence, rejected never") {
  AccountFacts account = full_account();
  account.evidence = {excerpt(1, "pain_point", {{"impact", "money"}}, "2026-06-01")};
  account.evidence[0].tag_status = "suggested";
  account.evidence[0].confidence = 0.3;
  CHECK(rated(score_account(default_matrix(), account, kToday), "pain_intensity").level == "missing");
  account.evidence[0].confidence = 0.7;
  CHECK(rated(score_account(default_matrix(), account, kToday), "pain_intensity").level == "good");
  account.evidence[0].tag_status = "rejected";
  CHECK(rated(score_account(default_matrix(), account, kToday), "pain_intensity").level == "missing");
}

TEST_CASE("icp dates: days between ISO dates, and undated evidence counts as old") {
  CHECK(days_between("2026-01-01", "2026-11-29") == 332);
  CHECK(days_between("2024-02-28T10:00:00Z", "2024-03-01") == 2);
  CHECK_FALSE(days_between("", "2026-11-29").has_value());
  CHECK_FALSE(days_between("last spring", "2026-11-29").has_value());
}

TEST_CASE("icp scoring: lists match ignoring case in any script, never byte-wise") {
  json document = default_document();
  attribute(document, "industry")["ideal"] = {{"any_of", {"Éducation", "物流"}}};
  attribute(document, "tech_fit")["ideal"] = {{"contains_any", {"ΣΎΣΤΗΜΑ"}}};
  Matrix m = parse_matrix(document);
  AccountFacts account = full_account();
  account.fields["industry"] = text_value("  ÉDUCATION ");
  account.fields["stack"] = text_value("Το σύστημα ERP, Excel");
  AccountScore score = score_account(m, account, kToday);
  CHECK(rated(score, "industry").rating == 5);
  CHECK(rated(score, "tech_fit").rating == 5);
  account.fields["industry"] = text_value("物流");
  CHECK(rated(score_account(m, account, kToday), "industry").rating == 5);
  account.fields["industry"] = text_value("Education");  // no accent: a different word
  CHECK(rated(score_account(m, account, kToday), "industry").rating == 1);  // Poor
}
