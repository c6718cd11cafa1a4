// The database side of ICP scoring: account facts and evidence read from
// real SQLite (customer speech only, rejected tags never), matrix versions
// (audited, bad matrices change nothing), and the exports.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/icp.hpp"
#include "store/audit_log.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

using namespace grounded;
using namespace grounded::icp;
using nlohmann::json;

namespace {

struct Repository {
  store::Database db = store::Database::open(":memory:");

  Id account(const std::string& name, const std::string& industry, std::optional<std::int64_t> employees,
             const std::string& stack) {
    Account a;
    a.name = name;
    a.industry = industry;
    a.employees = employees;
    a.region = "North America";
    a.stack = stack;
    return store::upsert_account(db, a);
  }

  Id participant(const std::string& label, const std::string& seniority, Id account_id) {
    Participant p;
    p.label = label;
    p.role = "Controller";
    p.seniority = seniority;
    p.account_id = account_id;
    return store::upsert_participant(db, p);
  }

  // An interview: the interviewer's question, then the participant's answer. Returns {question, answer} ids.
  std::pair<Id, Id> interview(Id participant_id, const std::string& date, const std::string& question,
                              const std::string& answer) {
    Source s;
    s.kind = SourceKind::interview;
    s.title = "Interview on " + date;
    s.participant_id = participant_id;
    s.occurred_at = date;
    s.origin = s.title + ".txt";
    s.format = "text";
    s.body = question + "\n" + answer;
    std::vector<Excerpt> excerpts(2);
    excerpts[0].speaker = "Interviewer";
    excerpts[0].speaker_role = SpeakerRole::interviewer;
    excerpts[0].end_byte = static_cast<std::int64_t>(question.size());
    excerpts[0].text = question;
    excerpts[1].speaker = "Participant";
    excerpts[1].speaker_role = SpeakerRole::participant;
    excerpts[1].participant_id = participant_id;
    excerpts[1].start_byte = static_cast<std::int64_t>(question.size() + 1);
    excerpts[1].end_byte = static_cast<std::int64_t>(s.body.size());
    excerpts[1].text = answer;
    store::insert_source(db, s, excerpts);
    return {excerpts[0].id, excerpts[1].id};
  }

  void tag(Id excerpt, const std::string& category, const std::string& subfields, const std::string& status = "accepted",
           double confidence = 0.9) {
    store::Statement q = db.prepare(
        "INSERT INTO tags (excerpt_id, category, subfields, confidence, origin, status) VALUES (?1, ?2, ?3, ?4, 'rule', ?5)");
    q.bind(1, excerpt).bind(2, category).bind(3, subfields).bind(4, confidence).bind(5, status).run();
  }
};

const AccountScore& by_name(const ScoreBoard& board, const std::string& name) {
  for (const auto& s : board.scores)
    if (s.account_name == name) return s;
  FAIL("no score for " << name);
  return board.scores.front();
}

const AttributeScore& rated(const AccountScore& score, const std::string& key) {
  for (const auto& a : score.attributes)
    if (a.key == key) return a;
  FAIL("no attribute " << key);
  return score.attributes.front();
}

}  // namespace

TEST_CASE("icp store: a scored account cites its participants' excerpts, never the interviewer's") {
  Repository r;
  Id harbor = r.account("Harborline Shipping Co", "Logistics", 240, "NetSuite, Slack");
  r.account("Nordlicht Bäckerei GmbH", "Food & Beverage", std::nullopt, "");
  Id dana = r.participant("Dana Whitfield", "director", harbor);
  auto [q1, a1] = r.interview(dana, "2026-03-12", "Was the duplicate payment a big deal for cost?",
                              "We paid a carrier invoice twice — $14,200 — because it came in by e-mail and on paper.");
  auto [q2, a2] = r.interview(dana, "2026-04-02", "How long does close take?", "Close takes nine days, mostly chasing approvals.");
  auto [q3, a3] = r.interview(dana, "2026-04-09", "Who signs?", "Our CFO signs; IT reviewed the security questionnaire.");
  r.tag(q1, "pain_point", R"({"impact":"money"})");  // the interviewer's words: never evidence
  r.tag(a1, "pain_point", R"({"impact":"money"})");
  r.tag(a2, "pain_point", R"({"impact":"time"})");
  r.tag(a2, "objection", R"({"root_cause":"price"})", "rejected");
  r.tag(a3, "influencer", "{}", "suggested", 0.2);  // below the default matrix's 0.5
  (void)q2;
  (void)q3;

  ScoreBoard board = score_accounts(r.db, std::nullopt, "2026-11-29");
  REQUIRE(board.scores.size() == 2);
  CHECK(board.version.id == 0);
  const AccountScore& score = by_name(board, "Harborline Shipping Co");
  const AttributeScore& pain = rated(score, "pain_intensity");
  CHECK(pain.rating == 3);  // money 3 + time 2 = 5 points: Good
  REQUIRE(pain.citations.size() == 2);
  CHECK(pain.citations[0].excerpt.excerpt_id == a1);
  CHECK(pain.citations[0].excerpt.quote.find("$14,200") != std::string::npos);
  CHECK(pain.citations[0].excerpt.participant_label == "Dana Whitfield");
  CHECK(pain.citations[0].excerpt.source_title == "Interview on 2026-03-12");
  CHECK(pain.citations[0].excerpt.source_id > 0);
  CHECK(pain.citations[1].excerpt.excerpt_id == a2);
  CHECK(rated(score, "budget").rating == 5);    // the price objection was rejected
  CHECK(rated(score, "champion").rating == 1);  // the influencer tag is too unsure to count
  CHECK(score.complete);

  const AccountScore& other = by_name(board, "Nordlicht Bäckerei GmbH");
  CHECK_FALSE(other.complete);
  CHECK(other.missing == std::vector<std::string>{"employees", "tagged evidence", "stack"});
  CHECK(rated(other, "industry").rating == 3);  // "Food & Beverage" is Good in the default

  // Accepting the influencer tag changes the score on the next read.
  r.db.exec("UPDATE tags SET status = 'accepted' WHERE category = 'influencer'");
  ScoreBoard again = score_accounts(r.db, harbor, "2026-11-29");
  REQUIRE(again.scores.size() == 1);
  CHECK(rated(again.scores[0], "champion").rating == 5);
  CHECK_THROWS_AS(score_accounts(r.db, 9999), Error);
}

TEST_CASE("icp store: fields come from whatever columns and meta the accounts table has") {
  Repository r;
  Id id = r.account("Kestrel Software Labs", "Software", 180, "NetSuite");
  r.db.exec(R"(UPDATE accounts SET meta = '{"arr": 125000, "plan": "Pro", "nested": {"x": 1}}')");
  // accounts.domain comes from migration 0009 (the CRM import)
  r.db.exec("UPDATE accounts SET domain = 'kestrel.de'");
  json document = default_matrix().document;
  document["signals"].push_back({{"key", "pro"}, {"label", "Pro plan"}, {"adjust", 0.25},
                                 {"when", {{"field", "meta.plan"}, {"any_of", {"pro"}}}}});
  document["signals"].push_back({{"key", "big"}, {"label", "Big ARR"}, {"adjust", 0.25},
                                 {"when", {{"field", "meta.arr"}, {"min", 100000}}}});
  document["signals"].push_back({{"key", "german"}, {"label", "German domain"}, {"adjust", -0.25},
                                 {"when", {{"field", "domain"}, {"contains_any", {".de"}}}}});
  Matrix matrix = parse_matrix(document);
  std::vector<AccountFacts> facts = load_account_facts(r.db, matrix, id);
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].fields.at("employees").number == 180);
  CHECK(facts[0].fields.at("industry").folded == "software");
  CHECK(facts[0].fields.at("meta.arr").number == 125000);
  CHECK(facts[0].fields.at("meta.plan").text == "Pro");
  CHECK(facts[0].fields.at("domain").text == "kestrel.de");
  CHECK(facts[0].fields.count("meta.nested") == 0);  // only scalar values are fields
  CHECK(facts[0].fields.count("revenue") == 0);      // not read by this matrix (and NULL: missing, never zero)
  AccountScore score = score_account(matrix, facts[0], "2026-11-29");
  std::vector<std::string> signals;
  for (const auto& hit : score.signals) signals.push_back(hit.key);
  CHECK(signals == std::vector<std::string>{"pro", "big", "german"});
}

TEST_CASE("icp store: saving a matrix makes a new audited version; a bad one changes nothing") {
  Repository r;
  json document = default_matrix().document;
  document["attributes"][0]["weight"] = 25;
  document["attributes"][1]["weight"] = 10;
  MatrixVersion saved = save_matrix(r.db, document, "rosa", "Industry matters more than size");
  CHECK(saved.id == 1);
  CHECK(saved.created_by == "rosa");
  CHECK(current_matrix(r.db).attributes[0].weight == 25);
  auto history = store::audit_for(r.db, "icp_matrix_versions", saved.id);
  REQUIRE(history.size() == 1);
  CHECK(history[0].action == "icp_matrix.save");
  CHECK(history[0].actor == "rosa");
  CHECK(json::parse(history[0].before)["version"] == 0);

  json bad = document;
  bad["attributes"][0]["weight"] = 40;
  CHECK_THROWS_WITH_AS(save_matrix(r.db, bad, "rosa", ""), doctest::Contains("weights total 115%"), Error);
  json unknown_field = document;
  unknown_field["attributes"][0]["field"] = "vertical";
  CHECK_THROWS_WITH_AS(save_matrix(r.db, unknown_field, "rosa", ""), doctest::Contains("'vertical' is not an account field"),
                       Error);
  json meta_field = document;
  meta_field["attributes"][0]["field"] = "meta.vertical";
  CHECK(save_matrix(r.db, meta_field, "rosa", "").id == 2);
  auto versions = list_matrix_versions(r.db);
  REQUIRE(versions.size() == 3);
  CHECK(versions[0].id == 2);
  CHECK(versions[2].id == 0);
  CHECK(get_matrix_version(r.db, 1).note == "Industry matters more than size");
  CHECK_THROWS_AS(get_matrix_version(r.db, 42), Error);
}

TEST_CASE("icp export: CSV a spreadsheet cannot run, Markdown a renderer cannot break") {
  Repository r;
  r.account("=HYPERLINK(\"http://x\") | Ltd", "Logistics", 240, "NetSuite");
  r.account("Café «Zürich», 東京", "Retail", 60, "Xero");
  ScoreBoard board = score_accounts(r.db, std::nullopt, "2026-11-29");
  std::string csv = scores_csv(board.matrix, board.scores);
  CHECK(csv.starts_with("Account,Score,Tier,Complete,Missing,Industry (20%),Company size (15%)"));
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://x\"\") | Ltd\"") != std::string::npos);
  CHECK(csv.find("\"Café «Zürich», 東京\"") != std::string::npos);
  CHECK(csv.find("\r\n") != std::string::npos);
  std::string md = scores_markdown(board.matrix, board.scores);
  CHECK(md.find("| Account | Score | Tier | Industry | Company size |") != std::string::npos);
  CHECK(md.find("=HYPERLINK(\"http://x\") \\| Ltd") != std::string::npos);
  CHECK(md.find("incomplete: no tagged evidence") != std::string::npos);
  CHECK(parse_export_format("md") == ExportFormat::markdown);
  CHECK_THROWS_AS(parse_export_format("xlsx"), Error);
}
