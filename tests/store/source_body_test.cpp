// The body kept once (schema/0020): a source stores its body without the
// texts its excerpts hold, and every reader gets the whole body back byte for
// byte — accents, CJK, curly quotes, overlapping excerpts, rows stored whole.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "store/database.hpp"
#include "store/source_body.hpp"
#include "store/sources.hpp"

using namespace grounded;

namespace {

// Turns "Name: text\n\n" with one excerpt per text, as the segmenter writes them.
Source source_of(const std::vector<std::pair<std::string, std::string>>& turns, std::vector<Excerpt>& excerpts) {
  Source source;
  source.kind = SourceKind::interview;
  source.title = "Body once";
  source.origin = "once.txt";
  source.format = "plain_text";
  for (const auto& [speaker, text] : turns) {
    source.body += speaker + ": ";
    Excerpt excerpt;
    excerpt.speaker = speaker;
    excerpt.start_byte = static_cast<std::int64_t>(source.body.size());
    source.body += text;
    excerpt.end_byte = static_cast<std::int64_t>(source.body.size());
    excerpt.text = text;
    source.body += "\n\n";
    excerpts.push_back(excerpt);
  }
  return source;
}

const std::vector<std::pair<std::string, std::string>> kTurns = {
    {"Interviewer", "¿Qué le frustra del cierre?"},
    {"佐藤", "請求書の照合に毎月三日かかります。"},
    {"Renée", "\u201cIt\u2019s the résumé of our week,\u201d she said \u2014 twice."},
    {"Interviewer", "Anything else?"}};

std::string stored_column(store::Database& db, Id id) {
  auto q = db.prepare("SELECT body FROM sources WHERE id = ?1");
  q.bind(1, id);
  REQUIRE(q.step());
  return q.text(0);
}

std::int64_t body_form(store::Database& db, Id id) {
  auto q = db.prepare("SELECT body_form FROM sources WHERE id = ?1");
  q.bind(1, id);
  REQUIRE(q.step());
  return q.int64(0);
}

}  // namespace

TEST_CASE("a body without its excerpts' texts is rebuilt byte for byte") {
  std::vector<Excerpt> excerpts;
  const Source source = source_of(kTurns, excerpts);
  const auto stored = store::body_without_excerpts(source.body, excerpts);
  REQUIRE(stored);
  CHECK(*stored == "Interviewer: \n\n佐藤: \n\nRenée: \n\nInterviewer: \n\n");
  std::vector<store::BodyPiece> pieces;
  for (const Excerpt& e : excerpts) pieces.push_back({e.start_byte, e.text});
  CHECK(store::body_with_excerpts(*stored, pieces) == source.body);
  // Text before the first excerpt and after the last one is kept too.
  const std::string framed = "Title line\n" + source.body + "-- end";
  for (Excerpt& e : excerpts) e.start_byte += 11, e.end_byte += 11;
  const auto framed_stored = store::body_without_excerpts(framed, excerpts);
  REQUIRE(framed_stored);
  for (store::BodyPiece& p : pieces) p.start_byte += 11;
  CHECK(store::body_with_excerpts(*framed_stored, pieces) == framed);
}

TEST_CASE("overlapping or unordered excerpts keep the whole body") {
  std::vector<Excerpt> excerpts;
  const Source source = source_of(kTurns, excerpts);
  std::vector<Excerpt> overlapping = excerpts;
  overlapping[1].start_byte = overlapping[0].start_byte;  // two excerpts over the same bytes
  CHECK_FALSE(store::body_without_excerpts(source.body, overlapping));
  std::vector<Excerpt> unordered = {excerpts[2], excerpts[0]};
  CHECK_FALSE(store::body_without_excerpts(source.body, unordered));
}

TEST_CASE("pieces that do not fit the stored text are a damaged database, not a wrong body") {
  CHECK_THROWS_AS(store::body_with_excerpts("ab", {{5, "x"}}), Error);
  CHECK_THROWS_AS(store::body_with_excerpts("abcdef", {{3, "x"}, {2, "y"}}), Error);
}

TEST_CASE("insert_source stores the body once and every reader gets it whole") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = source_of(kTurns, excerpts);
  const std::string body = source.body;
  store::insert_source(db, source, excerpts);
  CHECK(body_form(db, source.id) == 1);
  std::size_t texts = 0;
  for (const Excerpt& e : excerpts) texts += e.text.size();
  CHECK(stored_column(db, source.id).size() == body.size() - texts);  // no word stored twice
  CHECK(store::source_body(db, source.id) == body);
  const Source read = store::get_source(db, source.id);
  CHECK(read.body == body);
  for (const Excerpt& e : store::excerpts_of_source(db, source.id))
    CHECK(read.body.substr(e.start_byte, e.end_byte - e.start_byte) == e.text);
  CHECK_THROWS_AS(store::source_body(db, source.id + 1), Error);
}

TEST_CASE("a source whose excerpts overlap, or stored before 0020, keeps its whole body") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = source_of(kTurns, excerpts);
  const std::string body = source.body;
  Excerpt whole_turn = excerpts[1];  // a second excerpt over the same words
  whole_turn.ordinal = 4;
  excerpts.insert(excerpts.begin() + 2, whole_turn);
  store::insert_source(db, source, excerpts);
  CHECK(body_form(db, source.id) == 0);
  CHECK(stored_column(db, source.id) == body);
  CHECK(store::get_source(db, source.id).body == body);
}

TEST_CASE("an excerpt's text cannot change under a body kept once") {
  auto db = store::Database::open(":memory:");
  std::vector<Excerpt> excerpts;
  Source source = source_of(kTurns, excerpts);
  const std::string body = source.body;
  store::insert_source(db, source, excerpts);
  auto edit = db.prepare("UPDATE excerpts SET text = 'changed' WHERE source_id = ?1 AND ordinal = 1");
  edit.bind(1, source.id);
  CHECK_THROWS_WITH_AS(edit.run(), doctest::Contains("part of its source's body"), Error);
  CHECK(store::get_source(db, source.id).body == body);
  // Other columns still change (people edits re-attribute excerpts).
  auto role = db.prepare("UPDATE excerpts SET speaker_role = 'participant' WHERE source_id = ?1");
  role.bind(1, source.id).run();
  CHECK(store::get_source(db, source.id).body == body);
}
