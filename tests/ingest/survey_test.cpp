// Survey response exports → survey sources: open answers are excerpts under
// their question (an interviewer-role excerpt, as in an interview), closed
// answers are respondent attributes and countable survey_answers rows.
// Fixtures are written here in each tool's shape with invented content.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/ingest.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

using namespace grounded;
using namespace grounded::ingest;

namespace {

std::int64_t count_of(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

struct Row {
  std::string role, text;
};

std::vector<Row> excerpts_of(store::Database& db, Id source) {
  auto st = db.prepare("SELECT speaker_role, text FROM excerpts WHERE source_id = ?1 ORDER BY ordinal");
  st.bind(1, source);
  std::vector<Row> out;
  while (st.step()) out.push_back({st.text(0), st.text(1)});
  return out;
}

// Typeform's shape: "#" first, question texts (one with HTML), a
// multi-select joined by "," (an option with a comma quoted), a hidden field
// (plan), then Response Type and the UTC dates; the last row is an empty
// partial response.
const std::string kTypeform =
    "#,What is your role?,Which tools do you use?,<strong>What</strong> slows down your month-end close?,"
    "How likely are you to recommend Ledgerline?,plan,Response Type,Start Date (UTC),Stage Date (UTC),Submit Date (UTC),Network ID\n"
    "aa11,Controller,\"NetSuite,Excel\",Chasing approvers for signatures takes days.,8,growth,completed,"
    "2026-03-12 09:14:03,,2026-03-12 09:18:47,n1\n"
    "bb22,AP Specialist,\"Excel,\"\"Slack, Teams\"\"\",“Retyping” every invoice into the ERP — ça prend des heures.,6,starter,completed,"
    "2026-03-12 11:02:55,,2026-03-12 11:05:10,n2\n"
    "cc33,Operations Manager,Excel,,9,growth,completed,2026-03-13 07:40:19,,2026-03-13 07:47:02,n3\n"
    "dd44,Controller,\"NetSuite,Excel\",請求書の二重払いが心配です。 Duplicate payments scare me.,4,,partial,2026-03-13 15:21:44,2026-03-13 15:23:01,,n4\n"
    "ee55,,,,,growth,partial,2026-03-16 10:01:17,,,n5\n";

}  // namespace

TEST_CASE("a Typeform export ingests as survey sources with open answers as excerpts under their question") {
  auto db = store::Database::open(":memory:");
  IngestReport r = ingest_bytes(db, "typeform.csv", kTypeform, {});
  CHECK(r.status == "stored");
  CHECK(r.format == "typeform_csv");
  CHECK(r.source_ids.size() == 3);  // cc33 answered nothing open; ee55 answered nothing at all
  CHECK(r.skipped_rows == 1);

  Source first = store::get_source(db, r.source_ids[0]);
  CHECK(first.kind == SourceKind::survey);
  CHECK(first.title == "Typeform response aa11");
  CHECK(first.origin == "typeform.csv#response=aa11");
  CHECK(first.occurred_at == "2026-03-12T09:18:47Z");
  auto rows = excerpts_of(db, r.source_ids[0]);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].role == "interviewer");
  CHECK(rows[0].text == "What slows down your month-end close?");  // HTML removed
  CHECK(rows[1].role == "participant");
  CHECK(rows[1].text == "Chasing approvers for signatures takes days.");

  auto accented = excerpts_of(db, r.source_ids[1]);
  REQUIRE(accented.size() == 2);
  CHECK(accented[1].text == "“Retyping” every invoice into the ERP — ça prend des heures.");
  auto cjk = excerpts_of(db, r.source_ids[2]);
  REQUIRE(cjk.size() == 2);
  CHECK(cjk[1].text.find("請求書の二重払い") == 0);

  // Closed answers: respondent attributes on the source and the participant.
  nlohmann::json meta = parse_stored_json(first.meta_json);
  CHECK(meta["attributes"]["role"] == "Controller");
  CHECK(meta["survey"]["answers"]["Which tools do you use?"] == nlohmann::json::array({"NetSuite", "Excel"}));
  CHECK(meta["survey"]["answers"]["How likely are you to recommend Ledgerline?"] == "8");
  REQUIRE(first.participant_id);
  CHECK(store::get_participant(db, *first.participant_id).role == "Controller");

  // Countable answers, every respondent who answered anything (cc33 too).
  CHECK(count_of(db, "SELECT count(DISTINCT respondent) FROM survey_answers") == 4);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE question = 'Which tools do you use?' AND answer = 'Excel'") == 4);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE answer = 'Slack, Teams' AND kind = 'choice'") == 1);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE kind = 'scale'") == 4);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE kind = 'open' AND source_id IS NOT NULL") == 3);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE question = 'plan'") == 3);  // hidden field, closed

  IngestReport again = ingest_bytes(db, "typeform.csv", kTypeform, {});
  CHECK(again.status == "already_stored");
}

TEST_CASE("Google Forms, SurveyMonkey and Qualtrics exports are read by their own headers") {
  auto db = store::Database::open(":memory:");
  SUBCASE("Google Forms: Timestamp first, no response id") {
    const std::string csv =
        "Timestamp,What is your job title?,What is the hardest part of approving invoices?\n"
        "3/12/2026 9:14:03,Controller,Approvals get stuck when the approver is travelling.\n"
        "3/13/2026 10:00:00,AP Specialist,Vendors call to ask when they will be paid.\n";
    IngestReport r = ingest_bytes(db, "forms.csv", csv, {});
    CHECK(r.format == "google_forms_csv");
    REQUIRE(r.source_ids.size() == 2);
    Source s = store::get_source(db, r.source_ids[1]);
    CHECK(s.occurred_at == "2026-03-13");
    CHECK(s.origin == "forms.csv#response=row 3");
    CHECK(excerpts_of(db, s.id)[0].text == "What is the hardest part of approving invoices?");
  }
  SUBCASE("SurveyMonkey: question over its columns, sub-answers in the second header row") {
    const std::string csv =
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,"
        "What is your role?,Which problems do you have?,,,What would you change first?\n"
        ",,,,,,,,,Response,Manual re-keying,Duplicate payments,Other (please specify),Open-Ended Response\n"
        "114,9001,03/12/2026 09:14:03,03/12/2026 09:18:47,10.0.0.1,dana@x.example,Dana,W,,Controller,Manual re-keying,,,"
        "Make the approval reminders smarter.\n"
        "115,9001,03/12/2026 10:00:00,03/12/2026 10:05:00,10.0.0.2,rosa@x.example,Rosa,D,,AP Specialist,Manual re-keying,"
        "Duplicate payments,Sync errors with no detail,Clearer sync errors please.\n";
    IngestReport r = ingest_bytes(db, "monkey.csv", csv, {});
    CHECK(r.format == "surveymonkey_csv");
    REQUIRE(r.source_ids.size() == 2);
    CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE question = 'Which problems do you have?'"
                       " AND answer = 'Manual re-keying'") == 2);
    CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE question = 'Which problems do you have?'") == 3);
    // The "Other (please specify)" text is an open answer of its own question.
    auto rows = excerpts_of(db, r.source_ids[1]);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].text == "Which problems do you have? (Other (please specify))");
    CHECK(rows[1].text == "Sync errors with no detail");
    // Personal data columns are never stored.
    CHECK(count_of(db, "SELECT count(*) FROM sources WHERE meta LIKE '%rosa@%' OR body LIKE '%rosa@%'") == 0);
    CHECK(count_of(db, "SELECT count(*) FROM excerpts WHERE text LIKE '%rosa@%'") == 0);  // the body's texts live here (0020)
    CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE answer LIKE '%@%'") == 0);
  }
  SUBCASE("Qualtrics: column ids, question texts, then ImportId JSON") {
    const std::string csv =
        "StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,Q1,Q2,Q3_TEXT\n"
        "Start Date,End Date,Response Type,Progress,Finished,Recorded Date,Response ID,What is your role?,"
        "How satisfied are you (1-5)?,What should we fix?\n"
        "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\","
        "\"{\"\"ImportId\"\":\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"recordedDate\"\"}\","
        "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\","
        "\"{\"\"ImportId\"\":\"\"QID3_TEXT\"\"}\"\n"
        "2026-03-12 09:14:03,2026-03-12 09:18:47,0,100,1,2026-03-12 09:18:47,R_1abc,Controller,4,Fix.\n";
    IngestReport r = ingest_bytes(db, "qualtrics.csv", csv, {});
    CHECK(r.format == "qualtrics_csv");
    REQUIRE(r.source_ids.size() == 1);  // a one-word answer is open: Q3_TEXT says so
    auto rows = excerpts_of(db, r.source_ids[0]);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].text == "What should we fix?");
    CHECK(rows[1].text == "Fix.");
    CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE respondent = 'R_1abc'") == 3);
    CHECK(store::get_source(db, r.source_ids[0]).occurred_at == "2026-03-12T09:18:47Z");
  }
}

TEST_CASE("--kind survey on a CSV that is no survey export is rejected with the shapes we read") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.kind = SourceKind::survey;
  CHECK_THROWS_WITH_AS(ingest_bytes(db, "x.csv", "Title,Body\nA,B\n", o), doctest::Contains("not a survey export we know"),
                       Error);
  CHECK(count_of(db, "SELECT count(*) FROM sources") == 0);
}

TEST_CASE("a survey export downloaded again counts each respondent once; only the new ones are stored") {
  auto db = store::Database::open(":memory:");
  ingest_bytes(db, "typeform.csv", kTypeform, {});
  const std::int64_t sources = count_of(db, "SELECT count(*) FROM sources WHERE kind = 'survey'");
  const std::int64_t answers = count_of(db, "SELECT count(*) FROM survey_answers");
  const std::int64_t aa11 = count_of(db, "SELECT count(*) FROM survey_answers WHERE respondent = 'aa11'");
  // A week later: the same responses (one now completed differently: the id decides) plus a new respondent.
  const std::string later = kTypeform +
      "ff66,Bookkeeper,Excel,Les relances d’approbation « urgentes » se perdent.,7,starter,completed,"
      "2026-03-20 09:00:00,,2026-03-20 09:04:00,n6\n";
  IngestReport r = ingest_bytes(db, "typeform (1).csv", later, {});
  CHECK(r.status == "stored");
  REQUIRE(r.source_ids.size() == 1);
  CHECK(store::get_source(db, r.source_ids[0]).title == "Typeform response ff66");
  CHECK(r.message.find("4 respondents were imported before (same response id) and skipped") != std::string::npos);
  CHECK(count_of(db, "SELECT count(*) FROM sources WHERE kind = 'survey'") == sources + 1);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers") == answers + 5);  // ff66: role, tool, open, scale, plan
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE respondent = 'aa11'") == aa11);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers WHERE respondent = 'ff66' AND source_id = " +
                         std::to_string(r.source_ids[0])) == 5);
}

TEST_CASE("a malformed survey row rejects the file naming the line, and stores nothing") {
  auto db = store::Database::open(":memory:");
  const std::string broken = kTypeform + "gg77,Controller,Excel,\"The quote never closes,5,growth,completed,,,,n7\n";
  CHECK_THROWS_WITH_AS(ingest_bytes(db, "typeform.csv", broken, {}), doctest::Contains("line 7"), Error);
  CHECK(count_of(db, "SELECT count(*) FROM sources") == 0);
  CHECK(count_of(db, "SELECT count(*) FROM survey_answers") == 0);
}
