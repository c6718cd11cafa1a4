// Studies at ingest: --study (created on first use), study.json naming its
// study, and study.json errors that name the file and the field.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "fixtures_dir.hpp"
#include "ingest/ingest.hpp"
#include "ingest/study_manifest.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"

using namespace grounded;
using namespace grounded::ingest;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path;
  Folder() {
    path = fs::temp_directory_path() / ("grounded-study-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << content;
  }
};

const char* kInterview = "Interviewer: What slows you down?\nKai Müller: Retyping every “urgent” invoice.\n";

std::string error_of(const std::string& manifest) {
  try {
    parse_study_manifest(manifest, "demo/study.json");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    return e.what();
  }
  return "";
}

std::string study_of(store::Database& db, Id source_id) { return store::get_source_summary(db, source_id).study_name; }

}  // namespace

TEST_CASE("ingest --study files sources under that study, created on first use; none means Unsorted") {
  auto db = store::Database::open(":memory:");
  IngestOptions options;
  options.study = "Café interviews — 2026";
  auto first = ingest_bytes(db, "kai.txt", kInterview, options);
  REQUIRE(first.status == "stored");
  CHECK(study_of(db, first.source_ids[0]) == "Café interviews — 2026");
  options.study = "café interviews — 2026";  // same study, any case
  auto second = ingest_bytes(db, "kai2.txt", std::string(kInterview) + "Interviewer: Thanks.\n", options);
  CHECK(study_of(db, second.source_ids[0]) == "Café interviews — 2026");
  CHECK(store::list_studies(db).size() == 1);
  auto plain = ingest_bytes(db, "kai3.txt", std::string(kInterview) + "Interviewer: Bye.\n", {});
  CHECK(study_of(db, plain.source_ids[0]) == "Unsorted");

  // A bad name stores nothing.
  options.study = "  ";
  auto before = store::count_rows(db, "sources");
  CHECK_THROWS_AS(ingest_bytes(db, "kai4.txt", std::string(kInterview) + "Interviewer: Again.\n", options), Error);
  CHECK(store::count_rows(db, "sources") == before);
  CHECK(store::count_rows(db, "imports") == before);
}

TEST_CASE("an archived study takes no new files; the file is rejected with the reason") {
  auto db = store::Database::open(":memory:");
  store::Study closed;
  closed.name = "Closed round";
  Id id = store::upsert_study(db, closed, "t");
  store::StudyChanges archive;
  archive.archived = true;
  store::update_study(db, id, archive, "t");
  IngestOptions options;
  options.study = "Closed round";
  try {
    ingest_bytes(db, "kai.txt", kInterview, options);
    FAIL("stored into an archived study");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::conflict);
    CHECK(std::string(e.what()).find("kai.txt: study 'Closed round' is archived") == 0);
  }
  CHECK(store::count_rows(db, "sources") == 0);
}

TEST_CASE("study.json names the folder's study and describes it; --study wins over it") {
  auto db = store::Database::open(":memory:");
  Folder folder;
  folder.write("a.txt", kInterview);
  folder.write("study.json", R"({"name": "Onboarding study", "description": "Why new customers stall",
    "owner": "Priya", "started_at": "2026-01", "ended_at": "2026-02-15"})");
  auto reports = ingest_path(db, folder.path, {});
  REQUIRE(reports.size() == 1);
  REQUIRE(reports[0].status == "stored");
  CHECK(study_of(db, reports[0].source_ids[0]) == "Onboarding study");
  store::Study study = store::get_study_by_name(db, "Onboarding study");
  CHECK(study.description == "Why new customers stall");
  CHECK(study.owner == "Priya");
  CHECK(study.started_at == "2026-01");
  CHECK(study.ended_at == "2026-02-15");

  Folder other;
  other.write("b.txt", std::string(kInterview) + "Interviewer: One more?\n");
  other.write("study.json", R"({"name": "Named in the file"})");
  IngestOptions options;
  options.study = "Given on the command line";
  auto given = ingest_path(db, other.path, options);
  REQUIRE(given[0].status == "stored");
  CHECK(study_of(db, given[0].source_ids[0]) == "Given on the command line");
  CHECK_FALSE(store::find_study(db, "Named in the file"));
}

TEST_CASE("study.json errors name the file and the field, and store nothing") {
  CHECK(error_of(R"({"name": 3})") == "demo/study.json: name must be text, not a number");
  CHECK(error_of(R"({"name": "x", "colour": "red"})").find("demo/study.json: colour is not a study.json field") == 0);
  CHECK(error_of(R"({"files": {"a.txt": {"participant": ["Kai"]}}})") ==
        "demo/study.json: files[\"a.txt\"].participant must be text, not a list");
  CHECK(error_of(R"({"files": {"a.txt": {"particpant": "Kai"}}})")
            .find("demo/study.json: files[\"a.txt\"].particpant is not a study.json field") == 0);
  CHECK(error_of(R"({"files": {"a.txt": {"kind": "podcast"}}})").find("files[\"a.txt\"].kind is not a source kind") !=
        std::string::npos);
  CHECK(error_of(R"({"files": {"a.txt": "interview"}})") == "demo/study.json: files[\"a.txt\"] must be an object ({...}), not text");
  CHECK(error_of(R"({"files": []})") == "demo/study.json: files must be an object ({...}), not a list");
  CHECK(error_of(R"({"accounts": [{"name": "Acme", "employees": "forty"}]})") ==
        "demo/study.json: accounts[0].employees must be a whole number of people, not text");
  CHECK(error_of(R"({"accounts": [{"name": "Acme", "employees": 4.5}]})").find("accounts[0].employees") != std::string::npos);
  CHECK(error_of(R"({"accounts": [{"industry": "Retail"}]})") == "demo/study.json: accounts[0].name is missing: every account needs a name");
  CHECK(error_of(R"({"accounts": [{"name": "Acme", "stack": ["NetSuite", 7]}]})") ==
        "demo/study.json: accounts[0].stack[1] must be text, not a number");
  CHECK(error_of(R"({"accounts": {"name": "Acme"}})") == "demo/study.json: accounts must be a list of accounts, not an object");
  CHECK(error_of(R"({"files": {"a.txt": {"additional_participants": [{"name": "Sam", "age": 3}]}}})")
            .find("files[\"a.txt\"].additional_participants[0].age is not a study.json field") != std::string::npos);
  CHECK(error_of(R"({"name": "x",)").find("demo/study.json is not valid JSON") == 0);
  CHECK(error_of(R"([1, 2])") == "demo/study.json: the manifest must be an object ({...}), not a list");
  CHECK(error_of(std::string(100000, '[') + std::string(100000, ']')).find("demo/study.json: the manifest must be an object") == 0);

  // Through ingest_path: the folder is refused before anything is stored,
  // with invalid_input (exit 2), never an internal error (exit 4).
  auto db = store::Database::open(":memory:");
  Folder folder;
  folder.write("a.txt", kInterview);
  folder.write("study.json", R"({"name": "Round 1", "files": {"a.txt": {"occurred_at": 20260312}}})");
  try {
    ingest_path(db, folder.path, {});
    FAIL("a bad study.json was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    std::string message = e.what();
    CHECK(message.find((folder.path / "study.json").string()) == 0);
    CHECK(message.find("files[\"a.txt\"].occurred_at must be text, not a number") != std::string::npos);
  }
  CHECK(store::count_rows(db, "sources") == 0);
  CHECK(store::count_rows(db, "studies") == 0);
  CHECK(store::count_rows(db, "accounts") == 0);
}

TEST_CASE("the bundled sample study's manifest is valid and names the sample study") {
  StudyManifest manifest = read_study_manifest(fs::path(grounded::test::fixtures_dir()).parent_path().parent_path() / "samples");
  CHECK(manifest.study.name == store::kSampleStudy);
  CHECK(manifest.accounts.size() >= 10);
  CHECK(manifest.files.size() >= 12);
}
