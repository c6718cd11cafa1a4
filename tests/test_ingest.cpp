// Ingest end to end against a real SQLite database: storing, idempotence,
// atomicity, redaction and pseudonyms, people, directory ingest.
// The parsers and building blocks are tested in tests/ingest/*.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

#include "core/error.hpp"
#include "ingest/fixture.hpp"
#include "ingest/ingest.hpp"
#include "store/people.hpp"
#include "store/sources.hpp"

using namespace grounded;
using namespace grounded::ingest;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTables{"accounts", "participants", "imports", "sources", "excerpts",
                                       "tags", "jobs", "personas", "citations", "audit_log"};

std::map<std::string, std::int64_t> counts(store::Database& db) {
  std::map<std::string, std::int64_t> c;
  for (const auto& t : kTables) c[t] = store::count_rows(db, t);
  auto fts = db.prepare("SELECT count(*) FROM excerpts_fts_docsize");
  fts.step();
  c["excerpts_fts"] = fts.int64(0);
  return c;
}

IngestReport ingest_fixture_file(store::Database& db, const std::string& name, IngestOptions o = {}) {
  return ingest_bytes(db, name, ingest_fixture(name), o);
}

void check_offsets(store::Database& db, Id source_id) {
  Source s = store::get_source(db, source_id);
  auto excerpts = store::excerpts_of_source(db, source_id);
  REQUIRE(!excerpts.empty());
  for (const auto& e : excerpts) {
    CAPTURE(s.origin);
    CAPTURE(e.ordinal);
    REQUIRE(e.end_byte <= static_cast<std::int64_t>(s.body.size()));
    CHECK(s.body.substr(e.start_byte, e.end_byte - e.start_byte) == e.text);
  }
  // The body is stored once (schema/0020): sources.body holds what the
  // excerpts do not, and get_source put their texts back.
  auto stored = db.prepare("SELECT length(CAST(body AS BLOB)), body_form FROM sources WHERE id = ?1");
  stored.bind(1, source_id);
  REQUIRE(stored.step());
  CHECK(stored.int64(1) == 1);
  std::int64_t texts = 0;
  for (const auto& e : excerpts) texts += static_cast<std::int64_t>(e.text.size());
  CHECK(stored.int64(0) + texts == static_cast<std::int64_t>(s.body.size()));
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("grounded-ingest-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << content;
  }
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a Zoom VTT is stored with roles, participant, times and redaction") {
  auto db = store::Database::open(":memory:");
  auto r = ingest_fixture_file(db, "zoom.vtt");
  CHECK(r.status == "stored");
  CHECK(r.format == "webvtt");
  REQUIRE(r.source_ids.size() == 1);
  CHECK(r.excerpt_count == 7);
  CHECK(r.redactions == 2);
  CHECK(describe(r) == "stored zoom.vtt: 1 source, 7 excerpts (webvtt), 2 redactions");
  Source s = store::get_source(db, r.source_ids[0]);
  CHECK(s.kind == SourceKind::interview);
  CHECK(s.origin == "zoom.vtt");
  CHECK(s.body.find("dev@castellano.example") == std::string::npos);
  CHECK(s.body.find("7946") == std::string::npos);
  CHECK(s.body.find("[phone] or [email]") != std::string::npos);
  CHECK(s.meta_json.find("7946") == std::string::npos);
  REQUIRE(s.participant_id);
  CHECK(store::get_participant(db, *s.participant_id).label == "Dev Castellano");
  auto ex = store::excerpts_of_source(db, s.id);
  CHECK(ex[0].speaker_role == SpeakerRole::interviewer);
  CHECK(!ex[0].participant_id);
  CHECK(ex[1].speaker_role == SpeakerRole::participant);
  CHECK(ex[1].participant_id == s.participant_id);
  CHECK(ex[1].start_ms == 7310);
  CHECK(ex[4].speaker_role == SpeakerRole::unknown);
  CHECK(ex[4].end_ms == 33100);
  check_offsets(db, s.id);
}

TEST_CASE("--no-redact keeps contact details") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.redact = false;
  auto r = ingest_fixture_file(db, "zoom.vtt", o);
  CHECK(store::get_source(db, r.source_ids[0]).body.find("dev@castellano.example") != std::string::npos);
}

TEST_CASE("re-ingesting the same bytes is recognised as already stored") {
  auto db = store::Database::open(":memory:");
  auto first = ingest_fixture_file(db, "teams.vtt");
  auto before = counts(db);
  auto again = ingest_bytes(db, "renamed.vtt", ingest_fixture("teams.vtt"), {});
  CHECK(again.status == "already_stored");
  CHECK(again.source_ids == first.source_ids);
  CHECK(describe(again) == "already stored renamed.vtt");
  CHECK(counts(db) == before);
}

TEST_CASE("a file that fails stores nothing, and the error names the file and line") {
  auto db = store::Database::open(":memory:");
  ingest_fixture_file(db, "zoom.vtt");
  auto before = counts(db);
  CHECK_THROWS_WITH_AS(ingest_bytes(db, "bad.csv", "id,Description\n1,ok\n2,\"open quote\n", {}),
                       doctest::Contains("bad.csv: line 3"), Error);
  CHECK(counts(db) == before);
  // A failure while storing (here: from the progress callback after the
  // first ticket was written) rolls the whole file back.
  IngestOptions o;
  o.progress = [](std::int64_t done, std::int64_t) {
    if (done == 1) throw Error(ErrorKind::internal, "disk full");
  };
  CHECK_THROWS_WITH_AS(ingest_fixture_file(db, "tickets_comments.csv", o), doctest::Contains("tickets_comments.csv: disk full"),
                       Error);
  CHECK(counts(db) == before);
  // And the file can be ingested afterwards: no stale import row blocks it.
  CHECK(ingest_fixture_file(db, "tickets_comments.csv").status == "stored");
}

TEST_CASE("the offsets invariant holds for every format") {
  auto db = store::Database::open(":memory:");
  for (const char* name : {"zoom.vtt", "teams.vtt", "teams_graph.vtt", "truncated.vtt", "speakers.srt", "otter.txt",
                           "rev_ai.txt", "rev_web.txt", "meet.txt", "interview.md", "teams.docx", "fireflies.json",
                           "tickets_comments.csv", "intercom.json", "zendesk_comments.json", "g2_reviews.csv",
                           "google_play_reviews.csv", "g2_api.json", "capterra.json", "app_store.json"}) {
    CAPTURE(name);
    auto r = ingest_fixture_file(db, name);
    CHECK(r.status == "stored");
    for (Id id : r.source_ids) check_offsets(db, id);
  }
  // Every excerpt is in the full-text index.
  CHECK(counts(db)["excerpts_fts"] == counts(db)["excerpts"]);
}

TEST_CASE("a truncated VTT is stored partially with a warning") {
  auto db = store::Database::open(":memory:");
  auto r = ingest_fixture_file(db, "truncated.vtt");
  CHECK(r.excerpt_count == 2);
  CHECK(r.message.find("truncated") != std::string::npos);
  CHECK(store::get_source(db, r.source_ids[0]).meta_json.find("truncated") != std::string::npos);
}

TEST_CASE("long turns become several excerpts with interpolated times") {
  auto db = store::Database::open(":memory:");
  std::string answer;
  for (int i = 0; i < 40; ++i) answer += "We reconcile payouts by hand on sheet " + std::to_string(i) + ". ";
  std::string vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nAna Ruiz: How do you reconcile?\n\n"
                    "00:00:05.000 --> 00:01:05.000\nBo Chen: " + answer + "\n";
  auto r = ingest_bytes(db, "long.vtt", vtt, {});
  CHECK(r.excerpt_count >= 4);  // 1 question + the ~1.8 KB answer in 3+ pieces
  auto ex = store::excerpts_of_source(db, r.source_ids[0]);
  CHECK(ex[1].start_ms == 5000);
  CHECK(ex.back().end_ms == 65000);
  for (std::size_t i = 2; i < ex.size(); ++i) CHECK(ex[i].start_ms >= ex[i - 1].start_ms);
  check_offsets(db, r.source_ids[0]);
}

TEST_CASE("pseudonyms replace names everywhere and stay stable across files") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.pseudonymize = true;
  auto a = ingest_fixture_file(db, "teams.vtt", o);
  auto b = ingest_fixture_file(db, "teams_graph.vtt", o);
  for (Id id : {a.source_ids[0], b.source_ids[0]}) {
    Source s = store::get_source(db, id);
    CAPTURE(s.body);
    CHECK(s.body.find("Rafael") == std::string::npos);  // also the first name alone ("Thanks for joining, Rafael.")
    CHECK(s.body.find("Hanne") == std::string::npos);
    CHECK(s.body.find("Solberg") == std::string::npos);
    CHECK(s.body.find("P1: ") != std::string::npos);
    CHECK(s.body.find("I1: ") != std::string::npos);
    REQUIRE(s.participant_id);
    CHECK(store::get_participant(db, *s.participant_id).label == "P1");
    for (const auto& e : store::excerpts_of_source(db, id)) CHECK(e.speaker.find("Rafael") == std::string::npos);
  }
  CHECK(store::get_source(db, a.source_ids[0]).body.find("Thanks for joining, P1.") != std::string::npos);
  CHECK(store::count_rows(db, "participants") == 1);
  // A different person gets the next number.
  auto c = ingest_bytes(db, "other.txt", "Interviewer: Why?\nNoor Haddad: Because.\n", o);
  CHECK(store::get_participant(db, *store::get_source(db, c.source_ids[0]).participant_id).label == "P2");
}

TEST_CASE("pseudonyms cover names in metadata too: export fields and tags written as kevin_marsh") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.pseudonymize = true;
  o.redact = false;  // the pseudonyms alone must hide the name
  auto r = ingest_bytes(db, "zd.json",
                        R"({"tickets":[{"id":4411,"subject":"Kevin Marsh cannot export","status":"open",
                            "tags":["kevin_marsh","VIP","KEVIN-MARSH"],
                            "via":{"source":{"from":{"name":"Kevin Marsh"}}},
                            "description":"Hi, Kevin here. Exports fail. Thanks, Kevin Marsh"}]})",
                        o);
  REQUIRE(r.source_ids.size() == 1);
  Source s = store::get_source(db, r.source_ids[0]);
  const std::string everything = s.title + "\n" + s.body + "\n" + s.meta_json;
  CAPTURE(everything);
  for (const char* name : {"Kevin", "kevin", "KEVIN", "Marsh", "marsh", "MARSH"}) CHECK(everything.find(name) == std::string::npos);
  CHECK(everything.find("\"VIP\"") != std::string::npos);
  REQUIRE(s.participant_id);
  CHECK(store::get_participant(db, *s.participant_id).label == "P1");
}

TEST_CASE("--interviewer, --participant, --role and --account link people") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.interviewer = "Speaker 1";
  o.participant = "Speaker 0";
  o.role = "Bookkeeper";
  o.account = "Quint Partners";
  auto r = ingest_fixture_file(db, "rev_ai.txt", o);
  auto ex = store::excerpts_of_source(db, r.source_ids[0]);
  CHECK(ex[0].speaker_role == SpeakerRole::participant);
  CHECK(ex[1].speaker_role == SpeakerRole::interviewer);
  CHECK(ex[0].participant_id);
  CHECK(!ex[1].participant_id);
  Participant p = store::get_participant(db, *ex[0].participant_id);
  CHECK(p.role == "Bookkeeper");
  REQUIRE(p.account_id);
  CHECK(store::get_account(db, *p.account_id).name == "Quint Partners");
}

TEST_CASE("tickets link the requester and the organisation; agents are not the participant") {
  auto db = store::Database::open(":memory:");
  auto r = ingest_fixture_file(db, "tickets_comments.csv");
  CHECK(r.format == "tickets_csv");
  REQUIRE(r.source_ids.size() == 2);
  Source s = store::get_source(db, r.source_ids[0]);
  CHECK(s.kind == SourceKind::ticket);
  CHECK(s.origin == "tickets_comments.csv#T-1");
  REQUIRE(s.account_id);
  CHECK(store::get_account(db, *s.account_id).name == "Northwind Rentals");
  auto ex = store::excerpts_of_source(db, s.id);
  REQUIRE(ex.size() == 4);
  CHECK(ex[0].participant_id == s.participant_id);
  CHECK(ex[1].speaker_role == SpeakerRole::agent);
  CHECK(!ex[1].participant_id);
  CHECK(ex[2].participant_id == s.participant_id);
  Source second = store::get_source(db, r.source_ids[1]);
  CHECK(second.body.find("[phone]") != std::string::npos);
  CHECK(second.body.find("123-4567") == std::string::npos);
}

TEST_CASE("Latin-1 text and UTF-16 reviews are stored as valid UTF-8") {
  auto db = store::Database::open(":memory:");
  auto r = ingest_bytes(db, "latin.txt", "Interviewer: \xC7" "a va?\nJos\xE9: Tr\xE8" "s bien, merci.\n", {});
  Source s = store::get_source(db, r.source_ids[0]);
  CHECK(s.body.find("José: Très bien") != std::string::npos);
  auto play = ingest_fixture_file(db, "google_play_reviews.csv");
  CHECK(play.skipped_rows == 1);
  CHECK(play.source_ids.size() == 2);
  CHECK(describe(play).find("1 rows without text skipped") != std::string::npos);
  CHECK_THROWS_WITH_AS(ingest_bytes(db, "mixed.txt", "A: caf\xC3\xA9\nB: \xC3\x28\n", {}),
                       doctest::Contains("mixed.txt: invalid UTF-8 at byte offset"), Error);
}

TEST_CASE("progress reports rows stored out of the total") {
  auto db = store::Database::open(":memory:");
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  IngestOptions o;
  o.progress = [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); };
  ingest_fixture_file(db, "g2_reviews.csv", o);
  REQUIRE(calls.size() == 2);
  CHECK(calls.back() == std::make_pair<std::int64_t, std::int64_t>(2, 2));
}

TEST_CASE("directory ingest: sorted walk, skips, study.json metadata, failures reported per file") {
  auto db = store::Database::open(":memory:");
  TempDir dir;
  dir.write("README.md", "# not evidence\n");
  dir.write("tools/gen.txt", "A: b\nC: d\n");
  dir.write(".hidden/x.txt", "A: b\nC: d\n");
  dir.write("interviews/b.vtt", ingest_fixture("zoom.vtt"));
  dir.write("interviews/a.txt", "Interviewer: Why?\nKai: Because.\n");
  dir.write("interviews/c.txt", "no speakers here\n");
  dir.write("study.json", R"({"accounts":[{"name":"Castellano Build","industry":"Construction","employees":40,"region":"EU"}],
    "files":{"interviews/b.vtt":{"kind":"interview","title":"Round two","participant":"Dev Castellano","role":"Ops lead",
    "seniority":"manager","segment":"smb","account":"Castellano Build","occurred_at":"2024-03-01"}}})");
  auto reports = ingest_path(db, dir.path, {});
  REQUIRE(reports.size() == 3);
  CHECK(reports[0].origin == "interviews/a.txt");
  CHECK(reports[1].origin == "interviews/b.vtt");
  CHECK(reports[2].status == "rejected");
  CHECK(describe(reports[2]).find("rejected: interviews/c.txt: no speaker turns") == 0);
  Source s = store::get_source(db, reports[1].source_ids[0]);
  CHECK(s.title == "Round two");
  CHECK(s.occurred_at == "2024-03-01");
  REQUIRE(s.account_id);
  Account acc = store::get_account(db, *s.account_id);
  CHECK(acc.industry == "Construction");
  CHECK(acc.employees == 40);
  Participant p = store::get_participant(db, *s.participant_id);
  CHECK(p.role == "Ops lead");
  CHECK(p.segment == "smb");
  CHECK(p.account_id == s.account_id);
  // Again: everything already stored.
  for (const auto& r : ingest_path(db, dir.path, {}))
    if (r.origin != "interviews/c.txt") CHECK(r.status == "already_stored");
  CHECK_THROWS_AS(ingest_path(db, dir.path / "missing", {}), Error);
}

TEST_CASE("a folder is written in batches: a file failing while stored is rolled back alone") {
  auto db = store::Database::open(":memory:");
  TempDir dir;
  dir.write("a.txt", "Interviewer: Why?\nKai: Because the invoices pile up.\n");
  dir.write("b.csv", ingest_fixture("tickets_comments.csv"));
  dir.write("c.txt", "Interviewer: And then?\nMira: We reconcile résumé spreadsheets by hand.\n");
  // All three files share one transaction; the failure comes while b.csv is
  // being written, after its first ticket was stored.
  int calls = 0;
  IngestOptions o;
  o.progress = [&calls](std::int64_t, std::int64_t) {
    if (++calls == 3) throw Error(ErrorKind::internal, "disk full");
  };
  auto reports = ingest_path(db, dir.path, o);
  REQUIRE(reports.size() == 3);
  CHECK(reports[0].status == "stored");
  CHECK(reports[1].status == "rejected");
  CHECK(reports[1].message.find("b.csv: disk full") != std::string::npos);
  CHECK(reports[2].status == "stored");
  auto c = counts(db);
  CHECK(c["sources"] == 2);
  CHECK(c["imports"] == 2);
  CHECK(c["excerpts_fts"] == c["excerpts"]);  // the batch's FTS rows cover exactly what was kept
  {  // read in their own scope: reset before the next ingest writes (store/database.hpp)
    auto search_rows = db.prepare("SELECT count(*) FROM excerpt_search");
    search_rows.step();
    CHECK(search_rows.int64(0) == c["excerpts"]);
    auto fts = db.prepare("SELECT count(*) FROM excerpts_fts WHERE excerpts_fts MATCH 'resume'");
    fts.step();
    CHECK(fts.int64(0) == 1);
  }
  // Nothing of b.csv is left: it is stored whole when ingested again.
  auto again = ingest_path(db, dir.path, {});
  CHECK(again[1].status == "stored");
  CHECK(counts(db)["excerpts_fts"] == store::count_rows(db, "excerpts"));
}

namespace {

// Everything a folder ingest stored, by value (no ids): sources with their
// people and bodies, excerpts with their offsets, and the FTS hits of a few
// queries as (origin, ordinal) in rank order.
std::vector<std::string> stored_evidence(store::Database& db) {
  std::vector<std::string> rows;
  auto sources = db.prepare(
      "SELECT s.origin, s.kind, s.title, s.occurred_at, s.body, s.meta, coalesce(p.label, ''), coalesce(p.role, ''),"
      " coalesce(a.name, ''), st.name FROM sources s LEFT JOIN participants p ON p.id = s.participant_id"
      " LEFT JOIN accounts a ON a.id = s.account_id JOIN studies st ON st.id = s.study_id ORDER BY s.id");
  while (sources.step()) {
    std::string row;
    for (int i = 0; i < 10; ++i) row += sources.text(i) + "|";
    rows.push_back(row);
  }
  auto excerpts = db.prepare(
      "SELECT s.origin, e.ordinal, e.speaker, e.speaker_role, coalesce(p.label, ''), e.start_byte, e.end_byte,"
      " coalesce(e.start_ms, -1), coalesce(e.end_ms, -1), e.text FROM excerpts e JOIN sources s ON s.id = e.source_id"
      " LEFT JOIN participants p ON p.id = e.participant_id ORDER BY e.id");
  while (excerpts.step()) {
    std::string row;
    for (int i = 0; i < 10; ++i) row += excerpts.text(i) + "|";
    rows.push_back(row);
  }
  for (const char* query : {"invoices", "reconcile", "résumé", "請求書", "refund OR password", "\"by hand\""}) {
    auto hits = db.prepare(
        "SELECT s.origin || '#' || e.ordinal FROM excerpts_fts f JOIN excerpts e ON e.id = f.rowid"
        " JOIN sources s ON s.id = e.source_id WHERE excerpts_fts MATCH ?1 ORDER BY f.rank, f.rowid");
    hits.bind(1, query);
    std::string row = std::string("search ") + query + ":";
    while (hits.step()) row += " " + hits.text(0);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("a folder read ahead and written in batches stores what file-by-file ingest stores") {
  TempDir dir;
  dir.write("a.txt", "Interviewer: Why?\nKai Müller: Because the invoices pile up, and we reconcile by hand.\n");
  dir.write("b.csv", ingest_fixture("tickets_comments.csv"));
  dir.write("c.vtt", ingest_fixture("zoom.vtt"));
  dir.write("d.txt", "Interviewer: 何が問題ですか？\n佐藤: 請求書の照合に毎月三日かかります。 \u201cIt\u2019s the résumé of our week,\u201d she said.\n");
  dir.write("e.txt", "no speaker turns here\n");
  dir.write("f.txt", "Interviewer: Why?\nKai Müller: Because the invoices pile up, and we reconcile by hand.\n");  // a.txt again
  dir.write("g.md", ingest_fixture("interview.md"));
  for (bool pseudonymize : {false, true}) {
    CAPTURE(pseudonymize);
    IngestOptions o;
    o.pseudonymize = pseudonymize;
    auto by_file = store::Database::open(":memory:");
    std::vector<std::string> statuses;
    for (const char* name : {"a.txt", "b.csv", "c.vtt", "d.txt", "e.txt", "f.txt", "g.md"}) {
      try {
        statuses.push_back(ingest_bytes(by_file, name, read_bytes(dir.path / name), o).status);
      } catch (const Error&) {
        statuses.push_back("rejected");
      }
    }
    auto folder = store::Database::open(":memory:");
    auto reports = ingest_path(folder, dir.path, o);
    REQUIRE(reports.size() == statuses.size());
    for (std::size_t i = 0; i < reports.size(); ++i) CHECK(reports[i].status == statuses[i]);
    CHECK(statuses == std::vector<std::string>{"stored", "stored", "stored", "stored", "rejected", "already_stored", "stored"});
    const auto expected = stored_evidence(by_file);
    const auto actual = stored_evidence(folder);
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) CHECK(actual[i] == expected[i]);
    CHECK(counts(folder) == counts(by_file));
  }
}

TEST_CASE("a requester's e-mail or phone never becomes a participant's name, in metadata or text") {
  auto db = store::Database::open(":memory:");
  const std::string csv =
      "Ticket ID,Subject,Requester,Description\n"
      "T-1,Refund,jose.garcía@correo.example,\"Please refund IBAN GB82 WEST 1234 5698 7654 32 — gracias\"\n"
      "T-2,Again,jose.garcía@correo.example,Still waiting.\n"
      "T-3,Login,Ana Silva <ana.silva@empresa.example>,Cannot log in.\n"
      "T-4,Call,+44 20 7946 0958,call me on 07700900123\n";
  auto r = ingest_bytes(db, "tickets.csv", csv, {});
  REQUIRE(r.status == "stored");
  REQUIRE(r.source_ids.size() == 4);
  std::vector<std::string> labels;
  for (Id id : r.source_ids) {
    Source s = store::get_source(db, id);
    CHECK(s.body.find("correo.example") == std::string::npos);
    CHECK(s.body.find("7946") == std::string::npos);
    CHECK(s.meta_json.find("correo.example") == std::string::npos);
    REQUIRE(s.participant_id);
    labels.push_back(store::get_participant(db, *s.participant_id).label);
    check_offsets(db, id);
  }
  CHECK(labels[0] == "Requester 1");
  CHECK(labels[1] == "Requester 1");  // the same address is the same requester
  CHECK(labels[2] == "Ana Silva");
  CHECK(labels[3] == "Requester 2");
  CHECK(store::get_source(db, r.source_ids[0]).body.find("[iban]") != std::string::npos);
  auto names = db.prepare("SELECT count(*) FROM participants WHERE label LIKE '%@%' OR label LIKE '%7946%'");
  REQUIRE(names.step());
  CHECK(names.int64(0) == 0);
}

TEST_CASE("--redact types: only the chosen kinds are redacted") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.redact_types = parse_pii_types("iban");
  auto r = ingest_bytes(db, "note.txt", "Customer: mail a@b.example, IBAN GB82WEST12345698765432.\n", o);
  REQUIRE(r.status == "stored");
  Source s = store::get_source(db, r.source_ids[0]);
  CHECK(s.body.find("a@b.example") != std::string::npos);
  CHECK(s.body.find("[iban]") != std::string::npos);
  CHECK(r.redactions == 1);
}
