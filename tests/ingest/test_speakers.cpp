// Speaker labels as real tools and people write them, and participants as
// people: generic labels are one person per file, names are matched across
// files. Parsers through parse_file; people through ingest into real SQLite.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "core/error.hpp"
#include "fixtures_dir.hpp"
#include "ingest/detect.hpp"
#include "ingest/ingest.hpp"
#include "ingest/speaker_labels.hpp"
#include "store/people.hpp"
#include "store/excerpt_speakers.hpp"
#include "store/people_edits.hpp"
#include "store/people_summary.hpp"
#include "store/sources.hpp"

using namespace grounded;
using namespace grounded::ingest;
namespace fs = std::filesystem;

namespace {

std::vector<Turn> turns_of(const std::string& text, const std::string& name = "t.txt") {
  ParsedFile f = parse_file(name, text, {}, {});
  REQUIRE(f.sources.size() == 1);
  return f.sources[0].turns;
}

std::string rejection_of(const std::string& text, const std::string& name = "t.txt") {
  try {
    parse_file(name, text, {}, {});
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    return e.what();
  }
  return "no error";
}

std::vector<Excerpt> stored_excerpts(store::Database& db, const IngestReport& r) {
  REQUIRE(r.status == "stored");
  return store::excerpts_of_source(db, r.source_ids.at(0));
}

std::string participant_of(store::Database& db, const IngestReport& r) {
  Source s = store::get_source(db, r.source_ids.at(0));
  REQUIRE(s.participant_id);
  return store::get_participant(db, *s.participant_id).label;
}

struct Folder {
  fs::path path = fs::temp_directory_path() / ("grounded-speakers-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
  Folder() { fs::create_directories(path); }
  ~Folder() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& content) const { std::ofstream(path / rel, std::ios::binary) << content; }
};

}  // namespace

TEST_CASE("lower-case interviewer/interviewee labels are turns (Interview 10.txt)") {
  auto t = turns_of(
      "interviewer: What’s the most frustrating part of month-end?\n"
      "interviewee: Honestly, the bank feed. It drops payouts — every “réconciliation” is by hand.\n"
      "It takes me two days.\n"
      "interviewer: And then?\n"
      "interviewee: 然后我们手工核对。\n",
      "Interview 10.txt");
  REQUIRE(t.size() == 4);
  CHECK(t[0].speaker == "interviewer");
  CHECK(t[1].speaker == "interviewee");
  CHECK(t[1].text == "Honestly, the bank feed. It drops payouts — every “réconciliation” is by hand.\nIt takes me two days.");
  CHECK(t[3].text == "然后我们手工核对。");

  auto db = store::Database::open(":memory:");
  auto r = ingest_bytes(db, "Interview 10.txt",
                        "INTERVIEWER: Why?\ninterviewee: Because.\nInterviewer: Really?\nINTERVIEWEE: Yes.\n", {});
  auto ex = stored_excerpts(db, r);
  REQUIRE(ex.size() == 4);
  // One speaker per label whatever its case: the spelling of its first line.
  CHECK(ex[2].speaker == "INTERVIEWER");
  CHECK(ex[3].speaker == "interviewee");
  CHECK(ex[0].speaker_role == SpeakerRole::interviewer);
  CHECK(ex[3].speaker_role == SpeakerRole::participant);
  CHECK(participant_of(db, r) == "Interviewee (Interview 10.txt)");
}

TEST_CASE("labels with digits and punctuation") {
  auto t = turns_of(
      "Dr. Smith: How do you close the books?\nP3: With a spreadsheet.\nR-12: Same here, mostly.\n"
      "Dr. Smith: Why?\nP3: Habit.\nR-12: The tool is slow.\nSpeaker 2: Can I add one thing?\nSpeaker 2: Thanks.\n");
  REQUIRE(t.size() == 8);
  CHECK(t[0].speaker == "Dr. Smith");
  CHECK(t[1].speaker == "P3");
  CHECK(t[2].speaker == "R-12");
  CHECK(t[6].speaker == "Speaker 2");
}

TEST_CASE("Interviewer 1 and Interviewee in the same file") {
  auto db = store::Database::open(":memory:");
  auto r = ingest_bytes(db, "mixed.txt",
                        "Interviewer 1: What do you use today?\nInterviewee: Xero, and a lot of Excel.\n"
                        "Interviewer 1: What breaks?\nInterviewee: The export: it drops the VAT column.\n",
                        {});
  auto ex = stored_excerpts(db, r);
  REQUIRE(ex.size() == 4);
  CHECK(ex[0].speaker == "Interviewer 1");
  CHECK(ex[0].speaker_role == SpeakerRole::interviewer);
  CHECK(ex[1].speaker_role == SpeakerRole::participant);
  CHECK(ex[3].text == "The export: it drops the VAT column.");
  CHECK(ex[1].participant_id);
  CHECK(!ex[0].participant_id);
  CHECK(participant_of(db, r) == "Interviewee (mixed.txt)");
}

TEST_CASE("bare Q: and A: are interviewer and participant") {
  auto db = store::Database::open(":memory:");
  auto r = ingest_bytes(db, "qa.txt", "Q: How many invoices a month?\nA: About 400.\nq: Who approves them?\na: The controller.\n", {});
  auto ex = stored_excerpts(db, r);
  REQUIRE(ex.size() == 4);
  CHECK(ex[0].speaker == "Q");
  CHECK(ex[2].speaker == "Q");
  CHECK(ex[0].speaker_role == SpeakerRole::interviewer);
  CHECK(ex[1].speaker_role == SpeakerRole::participant);
  CHECK(ex[3].speaker_role == SpeakerRole::participant);
  CHECK(participant_of(db, r) == "Participant (qa.txt)");
}

TEST_CASE("prose with colons is not split into turns") {
  const std::string notes =
      "Note: this is the summary of the call.\n"
      "Step 1: open the export.\n"
      "Step 2: check the VAT column.\n"
      "We met at 10:30 and again at 14:00.\n"
      "Update: the client agreed.\n";
  std::string msg = rejection_of(notes);
  CAPTURE(msg);
  CHECK(msg.find("no speaker turns found in 5 lines") == 0);
  CHECK(msg.find("`Note:` (1 line)") != std::string::npos);  // what was found
  CHECK(msg.find("`Step 1:`") != std::string::npos);
  CHECK(msg.find("it begins \"Note: this is the summary of the call.\"") != std::string::npos);
  CHECK(msg.find("--unlabelled") != std::string::npos);  // what to do
  CHECK(msg.find("`Interviewer: …` / `Interviewee: …`") != std::string::npos);

  // Inside a real transcript, a one-off `Word: text` line continues the turn.
  auto t = turns_of(
      "Interviewer: What happened at month end?\nInterviewee: We missed the close.\nThe problem: nobody owns the bank feed.\n"
      "Step 1: someone exports it at 10:30.\nInterviewer: Who?\nInterviewee: Nobody, really.\n");
  REQUIRE(t.size() == 4);
  CHECK(t[1].text == "We missed the close.\nThe problem: nobody owns the bank feed.\nStep 1: someone exports it at 10:30.");
}

TEST_CASE("a rejection names the first lines, clipped at a character boundary") {
  std::string line(58, 'x');
  std::string msg = rejection_of(line + "éé and more text\nsecond line\n");
  CAPTURE(msg);
  CHECK(msg.find("(no line starts with a `Label:`)") != std::string::npos);
  CHECK(msg.find(line + "é…\"") != std::string::npos);  // 60 bytes would cut the second é in half
  CHECK(msg.find("\"second line\"") != std::string::npos);
}

TEST_CASE("a file without labels is refused, then stored with --unlabelled as one participant's words") {
  auto db = store::Database::open(":memory:");
  const std::string text =
      "We close the books on the fifth working day.\nThe bank feed is the slow part.\n\n"
      "Our controller approves everything over 5,000 €.\n";
  CHECK_THROWS_WITH_AS(ingest_bytes(db, "notes 3.txt", text, {}), doctest::Contains("--unlabelled"), Error);
  CHECK(store::count_rows(db, "sources") == 0);
  IngestOptions o;
  o.unlabelled = true;
  auto r = ingest_bytes(db, "notes 3.txt", text, o);
  auto ex = stored_excerpts(db, r);
  REQUIRE(ex.size() == 2);  // one turn per paragraph
  CHECK(ex[0].text == "We close the books on the fifth working day.\nThe bank feed is the slow part.");
  for (const auto& e : ex) {
    CHECK(e.speaker.empty());
    CHECK(e.speaker_role == SpeakerRole::participant);
    CHECK(e.participant_id);
  }
  CHECK(participant_of(db, r) == "Participant (notes 3.txt)");
  Source s = store::get_source(db, r.source_ids[0]);
  CHECK(s.kind == SourceKind::interview);
  CHECK(s.meta_json.find("\"unlabelled\":true") != std::string::npos);
  // A labelled file is read with its labels even when --unlabelled is given.
  auto labelled = ingest_bytes(db, "l.txt", "Interviewer: Why?\nInterviewee: Because.\n", o);
  CHECK(stored_excerpts(db, labelled)[0].speaker == "Interviewer");
}

TEST_CASE("label words: stems, roles, generic labels") {
  CHECK(label_stem("Interviewer 1") == "interviewer");
  CHECK(label_stem("Speaker #2") == "speaker");
  CHECK(label_stem("respondent-3") == "respondent");
  CHECK(label_stem("Speaker B") == "speaker");
  CHECK(role_of_label("INTERVIEWER 2") == SpeakerRole::interviewer);
  CHECK(role_of_label("Moderator Priya") == SpeakerRole::interviewer);
  CHECK(role_of_label("a") == SpeakerRole::participant);
  CHECK(role_of_label("Dana Reyes") == SpeakerRole::unknown);
  for (const char* generic : {"Interviewee", "participant", "RESPONDENT", "Customer", "Guest", "User", "Speaker 3",
                              "Person 2", "A", "Unknown Speaker"})
    CHECK_MESSAGE(is_generic_label(generic), generic);
  for (const char* named : {"Dana Reyes", "P3", "R-12", "Dr. Smith", "Interviewer 1"})
    CHECK_MESSAGE(!is_generic_label(named), named);
  CHECK(generic_participant_name("interviewee", "Interview 10.txt") == "Interviewee (Interview 10.txt)");
}

TEST_CASE("generic labels are one participant per file; 34 generated files, one person each") {
  auto db = store::Database::open(":memory:");
  // Beside the sample study, whose named participants stay as they are.
  auto samples = ingest_path(db, fs::path(grounded::test::fixtures_dir()) / "../../samples", {});
  for (const auto& r : samples) REQUIRE(r.status == "stored");
  const std::int64_t sample_people = store::count_rows(db, "participants");
  CHECK(sample_people >= 12);
  Folder dir;
  const int files = 34;
  for (int i = 1; i <= files; ++i) {
    std::string n = std::to_string(i);
    dir.write("Interview " + n + ".txt",
              "Interviewer 1: What is hardest about invoice " + n + "?\n"
              "Interviewee: Chasing approval " + n + " times a month.\n"
              "Interviewer 1: Why?\nInterviewee: Nobody owns it.\n");
  }
  auto reports = ingest_path(db, dir.path, {});
  REQUIRE(reports.size() == files);
  std::set<Id> people;
  std::set<std::string> labels;
  for (const auto& r : reports) {
    CAPTURE(r.origin);
    REQUIRE(r.status == "stored");
    CHECK(r.warnings.empty());
    Source s = store::get_source(db, r.source_ids[0]);
    REQUIRE(s.participant_id);
    people.insert(*s.participant_id);
    std::string label = participant_of(db, r);
    labels.insert(label);
    CHECK(label == "Interviewee (" + r.origin + ")");
    for (const auto& e : store::excerpts_of_source(db, s.id))
      CHECK(e.participant_id == (e.speaker_role == SpeakerRole::participant ? s.participant_id : std::nullopt));
  }
  CHECK(people.size() == files);
  CHECK(labels.size() == files);
  CHECK(store::count_rows(db, "participants") == sample_people + files);  // interviewers are not participants

  // Another file with the same name but other bytes is another interview: another person.
  auto again = ingest_bytes(db, "Interview 1.txt", "Interviewer 1: Hi?\nInterviewee: Hello.\n", {});
  CHECK(participant_of(db, again) == "Interviewee (Interview 1.txt, 2)");
}

TEST_CASE("a generic label is linked across files only when the user names the participant") {
  auto db = store::Database::open(":memory:");
  IngestOptions o;
  o.participant = "Mara Lind";
  auto a = ingest_bytes(db, "a.txt", "Interviewer: Why?\nInterviewee: Because.\n", o);
  auto b = ingest_bytes(db, "b.txt", "Interviewer: How?\nInterviewee: Slowly.\n", o);
  CHECK(participant_of(db, a) == "Mara Lind");
  CHECK(store::get_source(db, a.source_ids[0]).participant_id == store::get_source(db, b.source_ids[0]).participant_id);
  // The same through study.json.
  Folder dir;
  dir.write("c.txt", "Interviewer: When?\nInterviewee: Mondays.\n");
  dir.write("d.txt", "Interviewer: Where?\nInterviewee: At home.\n");
  dir.write("study.json", R"({"files": {"c.txt": {"participant": "Oskar Berg"}, "d.txt": {"participant": "Oskar Berg"}}})");
  auto reports = ingest_path(db, dir.path, {});
  REQUIRE(reports.size() == 2);
  CHECK(participant_of(db, reports[0]) == "Oskar Berg");
  CHECK(participant_of(db, reports[1]) == "Oskar Berg");
}

TEST_CASE("a named speaker is the same person in every file of a study; spanning many sources warns") {
  auto db = store::Database::open(":memory:");
  std::set<Id> people;
  for (int i = 1; i <= 7; ++i) {
    std::string name = "call " + std::to_string(i) + ".txt";
    auto r = ingest_bytes(db, name,
                          "Ana Ruiz: What slowed you down in week " + std::to_string(i) + "?\n"
                          "Noor Haddad: The approvals.\nAna Ruiz: And?\nNoor Haddad: Nothing else.\n",
                          {});
    CAPTURE(name);
    CHECK(participant_of(db, r) == "Noor Haddad");
    people.insert(*store::get_source(db, r.source_ids[0]).participant_id);
    if (i <= 5) {
      CHECK(r.warnings.empty());
    } else {
      REQUIRE(r.warnings.size() == 1);
      CHECK(r.warnings[0].find("participant \"Noor Haddad\" now appears in " + std::to_string(i) + " sources") == 0);
      CHECK(describe(r).find("now appears in") != std::string::npos);  // visible in the CLI line
    }
  }
  CHECK(people.size() == 1);
}

TEST_CASE("a named speaker is matched within the study: another study's Jane Smith is someone else until merged") {
  auto db = store::Database::open(":memory:");
  auto interview = [&](const std::string& file, const std::string& study, const std::string& answer) {
    IngestOptions o;
    o.study = study;
    return ingest_bytes(db, file, "Interviewer: What slows you down?\nJane Smith: " + answer + "\n", o);
  };
  auto participant_id = [&](const IngestReport& r) { return *store::get_source(db, r.source_ids.at(0)).participant_id; };
  auto a = interview("a.txt", "Round 1", "Approvals.");
  auto b = interview("b.txt", "Round 1", "Approvals, still.");
  CHECK(participant_of(db, a) == "Jane Smith");
  CHECK(participant_id(a) == participant_id(b));  // within one study: one person

  auto c = interview("c.txt", "Round 2", "Réconciliation — “by hand”.");
  auto d = interview("d.txt", "round 2", "Still by hand.");  // study names match in any case
  CHECK(participant_of(db, c) == "Jane Smith (Round 2)");
  CHECK(participant_id(c) != participant_id(a));  // another study: another person
  CHECK(participant_id(d) == participant_id(c));

  // The user's own name for the file follows the same rule.
  IngestOptions named;
  named.study = "Round 3";
  named.participant = "Jane Smith";
  auto e = ingest_bytes(db, "e.txt", "Interviewer: And you?\nInterviewee: Fine.\n", named);
  CHECK(participant_of(db, e) == "Jane Smith (Round 3)");

  // Linked by a merge, the two are one person, and new files of either study join them.
  store::merge_participants(db, participant_id(c), participant_id(a), "test");
  auto f = interview("f.txt", "Round 2", "Once more.");
  CHECK(participant_id(f) == participant_id(a));
  CHECK(store::count_rows(db, "participants") == 2);  // Jane Smith, Jane Smith (Round 3)

  // Pseudonyms follow the people: one P-number per person, per study.
  IngestOptions hidden;
  hidden.pseudonymize = true;
  hidden.study = "Pseudonymous 1";
  auto p1 = ingest_bytes(db, "p1.txt", "Interviewer: Why?\nOla Nordmann: Because.\n", hidden);
  auto p2 = ingest_bytes(db, "p2.txt", "Interviewer: How?\nOla Nordmann: Slowly.\n", hidden);
  hidden.study = "Pseudonymous 2";
  auto p3 = ingest_bytes(db, "p3.txt", "Interviewer: When?\nOla Nordmann: Mondays.\n", hidden);
  CHECK(participant_of(db, p1).rfind("P", 0) == 0);
  CHECK(participant_id(p1) == participant_id(p2));
  CHECK(participant_id(p3) != participant_id(p1));
  CHECK(participant_of(db, p3).rfind("P", 0) == 0);
}

TEST_CASE("an 'Unknown Speaker' is stored but is nobody: not a participant, not anyone's words") {
  auto db = store::Database::open(":memory:");
  std::ifstream otter_file(fs::path(grounded::test::fixtures_dir()) / "ingest/otter.txt", std::ios::binary);
  const std::string otter((std::istreambuf_iterator<char>(otter_file)), std::istreambuf_iterator<char>());
  auto reports = std::vector<IngestReport>{
      ingest_bytes(db, "otter.txt", otter, {}),
      ingest_bytes(db, "call.txt",
                   "Interviewer: How do you close the month?\nInterviewee: By hand, in Excel.\n"
                   "unknown speaker 2: Sorry — is this the “finance sync”?\nInterviewee: Anyway: by hand.\n",
                   {}),
      ingest_bytes(db, "call.vtt",
                   "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana Ruiz>What slows you down?\n\n"
                   "00:00:04.000 --> 00:00:06.000\n<v Noor Haddad>Approvals.\n\n"
                   "00:00:07.000 --> 00:00:09.000\n<v Unknown Speaker>Can you hear me?\n\n"
                   "00:00:10.000 --> 00:00:12.000\n<v Noor Haddad>Approvals, again.\n",
                   {})};
  std::set<std::string> people;
  for (const auto& p : store::list_participant_summaries(db)) {
    people.insert(p.participant.label);
    CHECK(p.excerpt_count == 2);  // each interviewee's two answers, nothing of the unknown voice
  }
  CHECK(people == std::set<std::string>{"Tomasz Wierzbicki", "Interviewee (call.txt)", "Noor Haddad"});
  int unknown_turns = 0;
  for (const auto& r : reports) {
    CAPTURE(r.origin);
    for (const auto& e : stored_excerpts(db, r)) {
      if (e.speaker.find("nknown") == std::string::npos) continue;
      ++unknown_turns;
      CHECK(e.speaker_role == SpeakerRole::unknown);
      CHECK(!e.participant_id);
      const store::ExcerptSpeaker speaker = store::excerpt_speaker(db, e.id);
      CHECK(!speaker.participant_id);       // nobody's words, in search, cohorts and drafting alike
      CHECK(speaker.is_customer_speech);    // but not the interviewer's either: still found by search
    }
  }
  CHECK(unknown_turns == 4);  // Otter's two (a named and a nameless header), one in the text, one in the VTT
  // Pseudonymized, the unknown voice keeps its label: no I-number that would make it the interviewer.
  IngestOptions hidden;
  hidden.pseudonymize = true;
  auto pseudonymous = ingest_bytes(db, "hidden.txt",
                                   "Interviewer: Why?\nOla Nordmann: Because.\nUnknown Speaker: Hello?\n", hidden);
  int unknown_kept = 0;
  for (const auto& e : stored_excerpts(db, pseudonymous))
    if (e.speaker_role == SpeakerRole::unknown) unknown_kept += e.speaker == "Unknown Speaker";
  CHECK(unknown_kept == 1);

  // The researcher who knows who it was can say so: the turns become the source participant's.
  const Id call = reports[1].source_ids.at(0);
  CHECK(store::set_speaker_role(db, call, "unknown speaker 2", SpeakerRole::participant, "test") == 1);
  for (const auto& e : store::excerpts_of_source(db, call))
    if (e.speaker == "unknown speaker 2") CHECK(store::excerpt_speaker(db, e.id).participant_id == store::get_source(db, call).participant_id);
}

TEST_CASE("a group interview: every participant-side speaker is a person") {
  auto db = store::Database::open(":memory:");
  // Rev AI: Speaker 0 asks, Speakers 1 and 2 answer.
  auto r = ingest_bytes(db, "group.txt",
                        "Speaker 0    00:00:00    How do you reconcile payouts?\n"
                        "Speaker 1    00:00:07    By hand, in a spreadsheet.\n"
                        "Speaker 0    00:00:15    How long does that take?\n"
                        "Speaker 2    00:00:40    Can I add something? The fees are the problem.\n",
                        {});
  auto ex = stored_excerpts(db, r);
  REQUIRE(ex.size() == 4);
  CHECK(!store::get_source(db, r.source_ids[0]).participant_id);  // two people: the source is nobody's alone
  REQUIRE(ex[1].participant_id);
  REQUIRE(ex[3].participant_id);
  CHECK(store::get_participant(db, *ex[1].participant_id).label == "Speaker 1 (group.txt)");
  CHECK(store::get_participant(db, *ex[3].participant_id).label == "Speaker 2 (group.txt)");
  CHECK(!ex[0].participant_id);
  // Named speakers in two group calls are the same people.
  const std::string call = "Ana Ruiz: What slows you down?\nLee Park: Approvals.\nNoor Haddad: Exports.\n"
                           "Ana Ruiz: Why?\nLee Park: Paper.\nNoor Haddad: Columns.\n";
  auto a = ingest_bytes(db, "call a.txt", call, {});
  auto b = ingest_bytes(db, "call b.txt", call + "Lee Park: And email.\n", {});
  auto ea = stored_excerpts(db, a), eb = stored_excerpts(db, b);
  CHECK(ea[1].participant_id == eb[1].participant_id);
  CHECK(ea[2].participant_id == eb[2].participant_id);
  CHECK(ea[1].participant_id != ea[2].participant_id);
  CHECK(store::get_participant(db, *eb[6].participant_id).label == "Lee Park");
  // Pseudonyms keep generic speakers apart per file too.
  IngestOptions o;
  o.pseudonymize = true;
  auto p1 = ingest_bytes(db, "p1.txt", "Interviewer: Why?\nSpeaker 1: Because.\nSpeaker 2: Also.\nInterviewer: Ok?\n", o);
  auto p2 = ingest_bytes(db, "p2.txt", "Interviewer: How?\nSpeaker 1: Slowly.\nSpeaker 2: Badly.\nInterviewer: Ok?\n", o);
  auto x1 = stored_excerpts(db, p1), x2 = stored_excerpts(db, p2);
  REQUIRE(x1[1].participant_id);
  REQUIRE(x2[1].participant_id);
  CHECK(x1[1].participant_id != x2[1].participant_id);
  CHECK(x1[1].participant_id != x1[2].participant_id);
  CHECK(store::get_participant(db, *x1[1].participant_id).label.substr(0, 1) == "P");
  CHECK(x1[1].speaker == store::get_participant(db, *x1[1].participant_id).label);
}

TEST_CASE("a text file without an extension or labels: the rejection quotes it, --unlabelled stores it") {
  auto db = store::Database::open(":memory:");
  const std::string text = "Rückblick auf das Gespräch mit der Buchhaltung.\nSie schließen den Monat am fünften Tag.\n";
  try {
    ingest_bytes(db, "notes", text, {});
    FAIL("not rejected");
  } catch (const Error& e) {
    std::string msg = e.what();
    CAPTURE(msg);
    CHECK(e.kind() == ErrorKind::unsupported_format);
    CHECK(msg.find("notes: unrecognised content (it begins \"Rückblick auf das Gespräch mit der Buchhaltung.\")") == 0);
    CHECK(msg.find("--unlabelled") != std::string::npos);
    CHECK(rejected_for_missing_speakers(msg));
  }
  CHECK(!rejected_for_missing_speakers("x.csv: a CSV file whose columns are neither a ticket nor a review export"));
  IngestOptions o;
  o.unlabelled = true;
  auto r = ingest_bytes(db, "notes", text, o);
  CHECK(participant_of(db, r) == "Participant (notes)");
}
