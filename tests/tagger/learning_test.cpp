// Learning from the researcher (issue 10, item 4): labeled rows imported as
// reviewed examples, reviews as a correction trained on top of the seed model,
// the repository's model used for tagging, and the uncertainty order of the
// review queue. Real SQLite databases (in memory), the real seed model.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/sources.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/model_store.hpp"
#include "tagger/reviewed_examples.hpp"
#include "tagger/tag_runner.hpp"
#include "tagger/tag_store.hpp"
#include "tagger/tagger.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/uncertainty.hpp"
#include "fixtures_dir.hpp"

using namespace grounded;
using namespace grounded::tagger;

namespace {

std::int64_t count_of(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

double confidence_of(const Tagger& tagger, const std::string& text, const std::string& category) {
  for (const auto& s : tagger.analyze(text).scores)
    if (s.category == category) return s.confidence;
  throw std::runtime_error("no score for " + category);
}

// One interview source whose participant turns are `answers`; returns their excerpt ids.
std::vector<Id> store_answers(store::Database& db, const std::vector<std::string>& answers) {
  Source source;
  source.kind = SourceKind::interview;
  source.title = "Interview";
  source.origin = "interview.txt";
  source.format = "text";
  std::vector<Excerpt> excerpts;
  for (const auto& text : answers) {
    if (!source.body.empty()) source.body += "\n";
    Excerpt e;
    e.speaker = "P1";
    e.speaker_role = SpeakerRole::participant;
    e.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += text;
    e.end_byte = static_cast<std::int64_t>(source.body.size());
    e.text = text;
    excerpts.push_back(e);
  }
  store::Transaction tx(db);
  store::insert_source(db, source, excerpts);
  tx.commit();
  std::vector<Id> ids;
  for (const auto& e : store::excerpts_of_source(db, source.id)) ids.push_back(e.id);
  return ids;
}

bool has_issue(const std::vector<ImportIssue>& issues, int line, const std::string& words) {
  return std::any_of(issues.begin(), issues.end(),
                     [&](const ImportIssue& i) { return i.line == line && i.reason.find(words) != std::string::npos; });
}

}  // namespace

TEST_CASE("normalised text ignores case, accents' composition, punctuation and spacing, not the words") {
  CHECK(normalized_text("Great app!!  Works “fine”.") == normalized_text("great APP works fine"));
  CHECK(normalized_text("Cafe\xCC\x81 prices") == normalized_text("CAFÉ prices"));  // decomposed é
  CHECK(normalized_text("great app") != normalized_text("great apps"));
  CHECK(normalized_text("请添加离线模式") == normalized_text("请添加离线模式。"));
  CHECK(normalized_text(" … !! ").empty());
}

TEST_CASE("a labeled CSV imports good rows, names bad ones by line and skips duplicates") {
  auto db = store::Database::open(":memory:");
  const std::string csv =
      "id,text,labels\n"                                                      // line 1
      "1,\"We re-key every invoice by hand, it takes days.\",pain_point\n"    // 2
      "2,The CFO signs off on anything over ten thousand.,influencer|none\n"  // 3
      "3,\"Please add an export to CSV\",job\n"                               // 4
      "4,\"we re-key EVERY invoice by hand — it takes days\",pain_point\n"    // 5: same text as line 2
      "5,The price is steep for what it does.,complaint\n"                    // 6: unknown label
      "6,\"Multi-line answer,\n"                                              // 7
      "spanning two lines about Jira\",tool\n"                                // 8
      "7,Nothing to add here.,\n"                                             // 9: empty labels cell
      "8,\"  !!! \",none\n"                                                   // 10: no words
      "9,“Je n’ai pas le temps” — café crème every morning,none\n"            // 11
      "10,请添加离线模式,job\n";                                              // 12
  ImportReport r = import_labeled(db, csv, "coded.csv", "alice");
  CHECK(r.rows == 10);
  CHECK(r.imported == 6);
  REQUIRE(r.skipped.size() == 1);
  CHECK(has_issue(r.skipped, 5, "same text as line 2"));
  REQUIRE(r.invalid.size() == 3);
  CHECK(has_issue(r.invalid, 6, "unknown label 'complaint'"));
  CHECK(has_issue(r.invalid, 9, "labels cell is empty"));
  CHECK(has_issue(r.invalid, 10, "no words"));
  CHECK(count_of(db, "SELECT count(*) FROM reviewed_examples") == 6);
  CHECK(count_of(db, "SELECT line FROM reviewed_examples WHERE text LIKE 'Multi-line%'") == 7);
  CHECK(count_of(db, "SELECT count(*) FROM reviewed_examples WHERE labels = '[\"influencer\"]'") == 1);
  CHECK(count_of(db, "SELECT count(*) FROM reviewed_examples WHERE labels = '[]'") == 1);
  auto audit = store::audit_for(db, "reviewed_examples",
                                count_of(db, "SELECT min(id) FROM reviewed_examples"));
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "tagger.import");
  CHECK(audit[0].actor == "alice");
  CHECK(audit[0].after.find("\"imported\":6") != std::string::npos);

  // Importing the same file again stores nothing new and says why per line.
  ImportReport again = import_labeled(db, csv, "coded.csv", "alice");
  CHECK(again.imported == 0);
  CHECK(again.skipped.size() == 7);
  CHECK(has_issue(again.skipped, 12, "already imported"));
  CHECK(count_of(db, "SELECT count(*) FROM reviewed_examples") == 6);

  // Strict: one bad row and nothing is stored, every bad line named.
  auto fresh = store::Database::open(":memory:");
  try {
    import_labeled(fresh, csv, "coded.csv", "alice", true);
    FAIL("strict import of a file with bad rows must throw");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    std::string message = e.what();
    CHECK(message.find("line 6: unknown label 'complaint'") != std::string::npos);
    CHECK(message.find("line 9") != std::string::npos);
    CHECK(message.find("line 10") != std::string::npos);
  }
  CHECK(count_of(fresh, "SELECT count(*) FROM reviewed_examples") == 0);
  CHECK_THROWS_AS(import_labeled(fresh, "text,category\nx,job\n", "bad.csv", "alice"), Error);
  CHECK_THROWS_AS(import_labeled(fresh, "text,labels\n\"unterminated,job\n", "bad.csv", "alice"), Error);
}

TEST_CASE("imported rows are fully labeled training rows that weigh the given weight") {
  auto db = store::Database::open(":memory:");
  import_labeled(db, "text,labels\nIt keeps crashing on login.,pain_point\nThanks for your time.,none\n", "a.csv", "t");
  ReviewedRows rows = reviewed_rows(db, 5.0);
  REQUIRE(rows.rows.size() == 2);
  CHECK(rows.imported == 2);
  const auto keys = Taxonomy::builtin().keys();
  const auto pain = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), "pain_point") - keys.begin());
  for (std::size_t c = 0; c < keys.size(); ++c) {
    CHECK(rows.rows[0].labels[c] == (c == pain ? 1 : 0));
    CHECK(rows.rows[1].labels[c] == 0);
  }
  CHECK(rows.rows[0].weight == 5.0);
  CHECK(default_reviewed_weight() > 1.0);
  CHECK_THROWS_AS(reviewed_rows(db, 0.0), Error);
}

TEST_CASE("rejected tags are negatives for their category, accepted and edited ones positives") {
  auto db = store::Database::open(":memory:");
  auto ids = store_answers(db, {"It keeps crashing whenever I open the report.", "We use Jira for everything."});
  Tag pain;
  pain.excerpt_id = ids[0];
  pain.category = "pain_point";
  pain.confidence = 0.9;
  pain.origin = TagOrigin::model;
  insert_tag(db, pain);
  Tag tool = pain;
  tool.excerpt_id = ids[1];
  tool.category = "tool";
  insert_tag(db, tool);
  reject_tag(db, pain.id, "alice");
  edit_tag(db, tool.id, "job", "", "alice");  // tool rejected, job accepted
  ReviewedRows rows = reviewed_rows(db, 3.0);
  REQUIRE(rows.rows.size() == 2);
  CHECK(rows.reviewed_excerpts == 2);
  const auto keys = Taxonomy::builtin().keys();
  auto at = [&](const std::string& k) {
    return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), k) - keys.begin());
  };
  CHECK(rows.rows[0].labels[at("pain_point")] == 0);
  CHECK(rows.rows[0].labels[at("goal")] == -1);  // never reviewed: unknown, not negative
  CHECK(rows.rows[1].labels[at("tool")] == 0);
  CHECK(rows.rows[1].labels[at("job")] == 1);
  CHECK(rows.rejected_tags == 2);
  CHECK(rows.accepted_tags == 1);
}

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(grounded::test::fixtures_dir() + "/tagger/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> fixture_lines(const std::string& name) {
  std::vector<std::string> out;
  std::istringstream in(read_fixture(name));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

int count_above(const Tagger& tagger, const std::vector<std::string>& texts, const std::string& category) {
  int n = 0;
  for (const auto& text : texts) n += confidence_of(tagger, text, category) >= 0.5;
  return n;
}

}  // namespace

TEST_CASE("a bakery's 20 reviewed rows fix what the seed model gets wrong for their kind of text") {
  // Bakers describe their craft in words that, in the seed set's software
  // buyers and app reviews, mean a problem ("by hand", "spend hours",
  // "manual"): the seed model reads most of their recurring practices (jobs,
  // by LABELS.md) as pain points. 20 reviewed rows of their own teach it.
  const auto held_out = fixture_lines("learning_held_out.txt");
  REQUIRE(held_out.size() == 8);
  CHECK(count_above(Tagger::builtin(), held_out, "pain_point") >= 5);

  auto db = store::Database::open(":memory:");
  ImportReport report = import_labeled(db, read_fixture("learning_reviewed.csv"), "bakery.csv", "researcher");
  REQUIRE(report.imported == 20);
  StoredModel adapted = train_from_database(db);
  CHECK(adapted.metrics["reviewed_rows"] == 20);
  CHECK(adapted.metrics["imported_examples"] == 20);
  CHECK(adapted.metrics["reviewed_weight"] == default_reviewed_weight());
  CHECK(latest_model(db)->id == adapted.id);
  const Tagger repository(model_for(db));  // what tag --all and tag --stdin --db use
  CHECK(count_above(repository, held_out, "pain_point") <= 2);
  CHECK(count_above(repository, held_out, "job") >= 6);
  // A real problem in the same bakery is still one.
  CHECK(confidence_of(repository, "The flour supplier was late three times this month and we had to close early.", "pain_point") >= 0.5);

  // The rows get their own copy of every feature (adaptation.hpp) instead of
  // only sharing the seed set's, so even counted once each (weight 1) they
  // are not drowned out by its thousands of rows: most of the bakers'
  // practices stop reading as pain points.
  auto plain = store::Database::open(":memory:");
  import_labeled(plain, read_fixture("learning_reviewed.csv"), "bakery.csv", "researcher");
  StoredModel unweighted = train_from_database(plain, 1.0);
  CHECK(unweighted.metrics["reviewed_weight"] == 1.0);
  CHECK(count_above(Tagger(unweighted.classifier), held_out, "pain_point") <= 3);
}

TEST_CASE("rejecting the seed model's wrong suggestions teaches it: rejected tags are negatives after retraining") {
  auto db = store::Database::open(":memory:");
  std::vector<std::string> answers;
  for (const auto& row : parse_labeled_csv(read_fixture("learning_reviewed.csv"))) answers.push_back(row.text);
  store_answers(db, answers);
  tag_all(db);
  TagFilter pains;
  pains.categories = {"pain_point"};
  pains.statuses = {TagStatus::suggested};
  pains.limit = 1000;
  const auto suggested = list_tags(db, pains);
  REQUIRE(suggested.size() >= 6);  // the seed model calls the bakers' craft a pain
  for (const Tag& tag : suggested) reject_tag(db, tag.id, "researcher");

  const auto held_out = fixture_lines("learning_held_out.txt");
  const int before = count_above(Tagger(model_for(db)), held_out, "pain_point");
  StoredModel retrained = train_from_database(db);
  CHECK(retrained.metrics["rejected_tags"] == static_cast<std::int64_t>(suggested.size()));
  CHECK(retrained.metrics["reviewed_rows"] == static_cast<std::int64_t>(suggested.size()));
  const int after = count_above(Tagger(model_for(db)), held_out, "pain_point");
  CHECK(after <= before - 3);
  // Rejected suggestions never come back on a re-run, with the new model either.
  tag_all(db);
  CHECK(count_tags(db, pains) == 0);
}
