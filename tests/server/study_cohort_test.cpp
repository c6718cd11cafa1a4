// Issue 9's first "Must show", end to end over HTTP: the 12 sample interviews
// plus 36 transcripts whose speakers are all "Interviewee"/"Interviewer 1",
// uploaded as the upload form sends them (per-file roles as files[N].role),
// are one participant per file, and a persona cohort by study + role selects
// exactly those people and their answers.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "fixtures_dir.hpp"
#include "server/server_fixture.hpp"
#include "synth/cohort.hpp"

using grounded::test::body_json;
using grounded::test::TestServer;
using Id = std::int64_t;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A transcript as a researcher's tool writes it: only role labels, two answers.
std::string generic_transcript(int n) {
  const std::string k = std::to_string(n);
  return "Interviewer 1: What makes retraining model " + k + " slow?\n"
         "Interviewee: Data drift — we notice it " + k + " weeks late, after the “dashboards” go red.\n"
         "Interviewer 1: And then?\n"
         "Interviewee: Relabelling by hand; café-style spreadsheets, " + k + " of them.\n";
}

json upload(TestServer& server, const httplib::MultipartFormDataItems& items) {
  auto res = server.http().Post("/api/v1/sources", items);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return body_json(res);
}

json persona_size(TestServer& server, const json& cohort) {
  json created = body_json(server.http().Post("/api/v1/personas",
                                              json{{"name", "Cohort check"}, {"kind", "user"}, {"cohort", cohort}}.dump(),
                                              "application/json"));
  REQUIRE(created.contains("id"));
  return body_json(server.http().Get(("/api/v1/personas/" + std::to_string(created["id"].get<Id>())).c_str()))["size"];
}

}  // namespace

TEST_CASE("must show: 12 sample interviews plus 36 generic transcripts; one participant per file; a study and role cohort selects them") {
  TestServer server(16 * 1024 * 1024);

  // The 12 sample interviews, uploaded like any files, every one a "Data scientist" too:
  // only the study part of the cohort can keep them out.
  const fs::path samples = fs::path(grounded::test::fixtures_dir()).parent_path().parent_path() / "samples/interviews";
  httplib::MultipartFormDataItems sample_items = {{"study", "Ledgerline interviews", "", ""}, {"role", "Data scientist", "", ""}};
  for (const auto& entry : fs::directory_iterator(samples))
    sample_items.push_back({"files", read_bytes(entry.path()), entry.path().filename().string(), "application/octet-stream"});
  REQUIRE(sample_items.size() == 2 + 12);
  json sample_upload = upload(server, sample_items);
  std::set<Id> sample_people;
  for (const json& f : sample_upload["files"]) {
    CAPTURE(f.dump());
    CHECK(f["status"] == "stored");
    for (const json& who : f["attributions"])
      if (!who["participant_id"].is_null()) sample_people.insert(who["participant_id"].get<Id>());
  }
  CHECK(sample_people.size() >= 10);  // named people (a group call names nobody one participant)

  // 36 generic transcripts into a new study; the upload table filled "Data scientist" down
  // 30 rows and typed "ML engineer" into the last 6 (per-file fields, as the form sends them).
  const int files = 36;
  httplib::MultipartFormDataItems items = {{"study", "Data team 2026", "", ""}};
  for (int i = 0; i < files; ++i) {
    items.push_back({"files", generic_transcript(i + 1), "Interview " + std::to_string(i + 1) + ".txt", "text/plain"});
    items.push_back({"files[" + std::to_string(i) + "].role", i < 30 ? "Data scientist" : "ML engineer", "", ""});
  }
  json uploaded = upload(server, items);
  REQUIRE(uploaded["files"].size() == files);
  std::set<Id> data_scientists, everyone_new, new_sources;
  for (int i = 0; i < files; ++i) {
    const json& f = uploaded["files"][i];
    CAPTURE(f.dump());
    REQUIRE(f["status"] == "stored");
    CHECK(f["warnings"].empty());  // nobody spans many files
    REQUIRE(f["attributions"].size() == 1);
    const json& who = f["attributions"][0];
    CHECK(who["participant"] == "Interviewee (Interview " + std::to_string(i + 1) + ".txt)");
    CHECK(who["role"] == (i < 30 ? "Data scientist" : "ML engineer"));
    const Id person = who["participant_id"].get<Id>();
    CHECK(everyone_new.insert(person).second);  // one participant per file, never shared
    if (i < 30) data_scientists.insert(person);
    new_sources.insert(f["source_ids"][0].get<Id>());
  }
  CHECK(everyone_new.size() == files);

  // The participants page of the new study lists exactly those 36, one source each.
  json studies = body_json(server.http().Get("/api/v1/studies"));
  Id study_id = 0;
  for (const json& s : studies["items"])
    if (s["name"] == "Data team 2026") study_id = s["id"].get<Id>();
  REQUIRE(study_id > 0);
  json listed = body_json(server.http().Get(("/api/v1/participants?study=" + std::to_string(study_id)).c_str()));
  REQUIRE(listed["items"].size() == files);
  for (const json& p : listed["items"]) {
    CHECK(everyone_new.count(p["id"].get<Id>()) == 1);
    CHECK(p["source_count"] == 1);
    CHECK(p["excerpt_count"] == 2);  // the answers; the interviewer's questions are nobody's
  }

  // The persona cohort by study + role: exactly the 30 data scientists, their 30 files, their 60 answers.
  const json cohort = {{"studies", {"Data team 2026"}}, {"participants", {{"roles", {"Data scientist"}}}}};
  json size = persona_size(server, cohort);
  CHECK(size["participants"] == 30);
  CHECK(size["sources"] == 30);
  CHECK(size["excerpts"] == 60);
  grounded::store::Database db = grounded::store::Database::open((server.dir / "test.db").string());
  grounded::synth::CohortMembers members = grounded::synth::cohort_members(db, grounded::synth::Cohort::parse(cohort.dump()));
  CHECK(std::set<Id>(members.participants.begin(), members.participants.end()) == data_scientists);
  for (Id source : members.sources) CHECK(new_sources.count(source) == 1);

  // Without the study, the role alone pulls in the sample interviewees too: the study is what scopes it.
  json by_role = persona_size(server, {{"participants", {{"roles", {"Data scientist"}}}}});
  CHECK(by_role["participants"] == 30 + sample_people.size());
  // And the other role of the same study is the other 6.
  CHECK(persona_size(server, {{"studies", {"data team 2026"}}, {"participants", {{"roles", {"ml engineer"}}}}})["participants"] == 6);
}
