#include "fuzz/fuzz_entries.hpp"

#include <optional>
#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/ingest.hpp"
#include "search/query_parser.hpp"
#include "search/search.hpp"
#include "store/database.hpp"
#include "synth/cohort.hpp"

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
  refusing_bad_input([&] {
    synth::Cohort cohort = synth::Cohort::parse(std::string(data));
    synth::cohort_size(scratch_database(), cohort);
    synth::Cohort::parse(dump_json(cohort.to_json()));  // the stored form reads back
  });
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
  static const std::vector<std::string> names{"transcript", "csv", "docx", "json", "query"};
  return names;
}

void run_fuzz_entry(std::string_view name, std::string_view data) {
  if (name == "transcript") return fuzz_transcript(data);
  if (name == "csv") return fuzz_csv(data);
  if (name == "docx") return fuzz_docx(data);
  if (name == "json") return fuzz_json(data);
  if (name == "query") return fuzz_query(data);
  throw std::invalid_argument("no fuzz entry named " + std::string(name));
}

}  // namespace grounded::fuzz
