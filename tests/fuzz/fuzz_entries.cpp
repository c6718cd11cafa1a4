#include "fuzz/fuzz_entries.hpp"

#include <memory>
#include <optional>
#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/ingest.hpp"
#include "ingest/study_manifest.hpp"
#include "search/query_parser.hpp"
#include "search/search.hpp"
#include "store/database.hpp"
#include "synth/cohort.hpp"
#include "server/server_fixture.hpp"

namespace grounded::fuzz {
namespace {

// Runs `step`; a refusal of bad input is the expected outcome, an internal
// error (exit code 4) is rethrown as the bug it is.
template <typename Step>
void refusing_bad_input(Step&& step) {
  try {
    step();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::internal) throw;
  }
}

// One in-memory database per process, recreated every few hundred inputs so
// a long fuzzing run does not grow it without bound (and so the same bytes
// are ingested afresh instead of answering "already stored" for ever).
store::Database& scratch_database() {
  static std::optional<store::Database> db;
  static unsigned uses = 0;
  if (!db || ++uses % 256 == 0) {
    db.reset();
    db.emplace(store::Database::open(":memory:"));
  }
  return *db;
}

// The first byte of an input chooses among options; the rest is the payload.
struct Input {
  unsigned char selector = 0;
  std::string_view payload;
};

Input split(std::string_view data) {
  if (data.empty()) return {};
  return {static_cast<unsigned char>(data[0]), data.substr(1)};
}

void ingest(std::string_view name, std::string_view bytes, const ingest::IngestOptions& options) {
  refusing_bad_input([&] { ingest::ingest_bytes(scratch_database(), name, bytes, options); });
}

// One real server per process for the HTTP entries, holding a small study:
// source 1 with participant 1, persona 1 with attribute 1 citing excerpt 1.
// Destroyed at exit (the server stops, its temp folder goes); no request is
// in flight then, since every entry waits for its answer.
test::TestServer& http_server() {
  static std::unique_ptr<test::TestServer> server = [] {
    auto made = std::make_unique<test::TestServer>(1024 * 1024);
    httplib::MultipartFormDataItems items = {{"files", test::kInterviewVtt, "call.vtt", "text/vtt"},
                                             {"participant", "Dana Whitfield", "", ""}};
    made->http().Post("/api/v1/sources", items);
    made->http().Post("/api/v1/personas", R"({"name":"Controller Carla","kind":"buyer"})", "application/json");
    made->http().Post("/api/v1/personas/1/attributes", R"({"section":"goals","text":"Close the month in 3 days"})",
                      "application/json");
    made->http().Post("/api/v1/personas/1/attributes/1/citations", R"({"excerpt_id":1})", "application/json");
    return made;
  }();
  return *server;
}

// A 5xx (or no answer: the server died) is a bug; every other status is
// the server judging the request.
void require_judged(const httplib::Result& res, const std::string& what) {
  if (!res) throw std::runtime_error(what + ": no answer (" + httplib::to_string(res.error()) + ")");
  if (res->status >= 500) throw std::runtime_error(what + " answered " + std::to_string(res->status) + ": " + res->body);
}

}  // namespace

void fuzz_transcript(std::string_view data) {
  static const char* const names[] = {"call.vtt", "call.srt", "call.txt", "call.md", "call"};
  Input in = split(data);
  ingest::IngestOptions options;
  options.unlabelled = (in.selector & 0x10) != 0;
  options.pseudonymize = (in.selector & 0x20) != 0;
  ingest(names[(in.selector & 0x0F) % 5], in.payload, options);
}

void fuzz_csv(std::string_view data) {
  Input in = split(data);
  refusing_bad_input([&] { ingest::read_csv(in.payload); });
  ingest::IngestOptions options;
  if (in.selector % 3 == 1) options.kind = SourceKind::ticket;
  if (in.selector % 3 == 2) options.kind = SourceKind::review;
  ingest("export.csv", in.payload, options);
}

void fuzz_docx(std::string_view data) { ingest("call.docx", data, {}); }

void fuzz_json(std::string_view data) {
  refusing_bad_input([&] { parse_untrusted_json(data, "the fuzz input"); });
  ingest("export.json", data, {});
  refusing_bad_input([&] { ingest::parse_study_manifest(data, "study.json"); });
  fuzz_cohort(data);
}

void fuzz_cohort(std::string_view data) {
  refusing_bad_input([&] {
    synth::Cohort cohort = synth::Cohort::parse(std::string(data));
    synth::cohort_size(scratch_database(), cohort);
    synth::Cohort::parse(dump_json(cohort.to_json()));  // the stored form reads back
  });
}

void fuzz_multipart(std::string_view data) {
  auto res = http_server().http().Post("/api/v1/sources", std::string(data), "multipart/form-data; boundary=gfuzz");
  require_judged(res, "POST /api/v1/sources");
}

void fuzz_rest(std::string_view data) {
  struct Route {
    const char* method;
    const char* path;
  };
  static const Route routes[] = {
      {"POST", "/api/v1/personas"},
      {"PATCH", "/api/v1/personas/1"},
      {"POST", "/api/v1/personas/1/draft"},
      {"POST", "/api/v1/personas/1/attributes"},
      {"PATCH", "/api/v1/personas/1/attributes/1"},
      {"POST", "/api/v1/personas/1/attributes/1/citations"},
      {"POST", "/api/v1/personas/1/citations/1/verdict"},
      {"POST", "/api/v1/personas/1/signoffs"},
      {"POST", "/api/v1/personas/1/survey-checks"},
      {"POST", "/api/v1/personas/1/cadence-review"},
      {"PATCH", "/api/v1/participants/1"},
      {"PATCH", "/api/v1/accounts/1"},
      {"POST", "/api/v1/participants/merge"},
      {"POST", "/api/v1/participants/1/split"},
      {"PUT", "/api/v1/sources/1/participant"},
      {"PUT", "/api/v1/sources/1/speaker-role"},
      {"POST", "/api/v1/studies"},
      {"PATCH", "/api/v1/studies/1"},
      {"POST", "/api/v1/tags"},
      {"PATCH", "/api/v1/tags/1"},
      {"POST", "/api/v1/tags/1/accept"},
      {"PUT", "/api/v1/segments/rules"},
      {"PUT", "/api/v1/icp/matrix"},
      {"PATCH", "/api/v1/themes/1"},
      {"POST", "/api/v1/themes/1/merge"},
      {"POST", "/api/v1/themes/1/members"},
  };
  constexpr std::size_t kRoutes = sizeof routes / sizeof routes[0];
  Input in = split(data);
  const Route& route = routes[in.selector % kRoutes];
  httplib::Client& http = http_server().http();
  const std::string body(in.payload);
  const std::string method = route.method;
  auto res = method == "POST"    ? http.Post(route.path, body, "application/json")
             : method == "PUT"   ? http.Put(route.path, body, "application/json")
                                 : http.Patch(route.path, body, "application/json");
  require_judged(res, method + " " + route.path);
}

void fuzz_query(std::string_view data) {
  // A small corpus to run the expression against, ingested once.
  static store::Database db = [] {
    store::Database made = store::Database::open(":memory:");
    ingest::IngestOptions options;
    options.study = "Fuzz study";
    ingest::ingest_bytes(made, "corpus.txt",
                         "Interviewer: What slows your month-end close?\n"
                         "Customer: Re-keying invoices by hand, and the price of the approval add-on.\n"
                         "Customer: Café owners in Zürich say \"budget approval\" takes weeks.\n",
                         options);
    return made;
  }();
  refusing_bad_input([&] { search::parse_query(data); });
  refusing_bad_input([&] {
    search::SearchQuery query;
    query.text = std::string(data);
    search::search(db, query);
  });
}

const std::vector<std::string>& fuzz_entry_names() {
  static const std::vector<std::string> names{"transcript", "csv", "docx", "json", "query", "cohort", "multipart", "rest"};
  return names;
}

void run_fuzz_entry(std::string_view name, std::string_view data) {
  if (name == "transcript") return fuzz_transcript(data);
  if (name == "csv") return fuzz_csv(data);
  if (name == "docx") return fuzz_docx(data);
  if (name == "json") return fuzz_json(data);
  if (name == "query") return fuzz_query(data);
  if (name == "cohort") return fuzz_cohort(data);
  if (name == "multipart") return fuzz_multipart(data);
  if (name == "rest") return fuzz_rest(data);
  throw std::invalid_argument("no fuzz entry named " + std::string(name));
}

}  // namespace grounded::fuzz
