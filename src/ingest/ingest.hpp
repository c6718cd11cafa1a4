// Ingest: files → evidence. The flow for one file is
//   bytes → decode (UTF-8/UTF-16/Windows-1252) → detect format from content
//   → parse into sources with speaker turns → infer speaker roles
//   → redact PII (and optionally pseudonymize names)
//   → segment turns into excerpts (UTF-8 byte offsets into the body, ms times)
//   → store: the import, sources, excerpts, FTS rows, participants, accounts
// in ONE transaction. A file that fails stores nothing, and the error names
// the file, the line or byte offset, and what was wrong.
//
// Formats: interview transcripts (plain text/Markdown with speaker turns,
// Otter, Rev AI, Rev web, Google Meet, WebVTT from Zoom and Teams, SRT, DOCX,
// Fireflies JSON), support tickets (Zendesk/Freshdesk/generic CSV, Zendesk
// and Intercom JSON) and reviews (G2 CSV and API JSON, Capterra, App Store
// Connect, Google Play CSV).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "ingest/redact.hpp"
#include "store/database.hpp"

namespace grounded::ingest {

// Seconds spent in each stage of ingest, summed over files: where the time
// goes (`grounded ingest --timings`, bench/scale_bench). Tokenizing happens
// in `index` (the ICU tokenizer runs as FTS5 adds each row).
struct IngestStages {
  double read = 0;     // file bytes from disk
  double parse = 0;    // decode, detect the format, parse turns, infer roles
  double redact = 0;   // PII redaction of text and names
  double segment = 0;  // turns into excerpts with offsets
  double write = 0;    // sources, excerpts, search rows, people, imports
  double index = 0;    // FTS rows: tokenizing and FTS5's in-memory segment
  double commit = 0;   // FTS segment merges and page writes at COMMIT
};

struct IngestOptions {
  std::optional<SourceKind> kind;  // force ticket/review for a CSV, note for free text
  std::string participant;         // the interviewee's name (else inferred from the speakers)
  std::string role;                // the participant's job role
  std::string seniority;
  std::string segment;
  std::string account;             // the participant's company
  std::string interviewer;         // overrides role inference for this speaker
  std::string title;               // overrides the detected title (single-source files)
  std::string occurred_at;         // overrides the detected date
  std::string study;               // the study the sources belong to, created on first use
                                   // ("" = the folder's study.json name, else "Unsorted")
  bool redact = true;              // personal data → [email] [phone] [iban] … (ingest/redact.hpp)
  PiiTypes redact_types = kAllPiiTypes;  // which kinds, when redact (--redact email,phone)
  bool pseudonymize = false;       // names → P1, P2 … (participants), I1 … (interviewers), A1 … (agents)
  bool unlabelled = false;         // a text without speaker labels is one participant's words, not an error
  bool apply_to_stored = false;    // bytes already stored: apply participant, role, seniority, segment and
                                   // account to the stored source (the upload form; not a folder's study.json,
                                   // whose values would undo the researcher's later edits on every re-ingest)
  std::int64_t participant_span_limit = 5;  // warn when one participant appears in more sources than this
  std::map<std::string, std::string> column_map;  // --map body=Description,created=Created at
  std::string actor = "ingest";    // who the audit log names for CRM account and deal changes
  // Called with (rows stored, rows in file) while storing; may be empty.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
  IngestStages* stages = nullptr;  // when set, seconds per stage are added to it
};

struct IngestReport {
  std::string origin;
  std::string status;  // "stored" | "already_stored" | "rejected"
  std::string format;  // "webvtt", "zendesk_csv", …
  std::vector<Id> source_ids;
  std::int64_t excerpt_count = 0;
  std::int64_t skipped_rows = 0;  // rows without text (rating-only reviews, …)
  std::int64_t redactions = 0;
  std::string message;            // the reason for a rejection; the warnings joined by "; " otherwise
  std::vector<std::string> warnings;  // e.g. one participant spanning many sources
  std::vector<std::string> applied;   // already stored: the metadata applied to the stored source
  std::string records;  // a CRM export (ingest/crm_import.hpp): "16 accounts: 2 created, …"; else ""
};

// Ingests one file's bytes under the name `origin_name` (used for format
// hints by extension and as sources.origin). The participant is stored as a
// person (see participant_identity.hpp): a generic speaker label such as
// "Interviewee" becomes "Interviewee (<origin>)", one person per file, unless
// options.participant names someone. Returns status "stored", or
// "already_stored" when the same bytes (sha256) were ingested before.
// With options.apply_to_stored, "already_stored" applies the metadata given
// now to the stored single-source file (ingest/stored_file_metadata.hpp,
// audited) and lists what changed in report.message and report.applied.
// A CSV that is a CRM companies or deals export is imported into accounts
// and deals instead (ingest/crm_import.hpp): no sources, `records` says what
// changed, and a re-import updates rather than reporting "already_stored".
// Throws Error(invalid_input) for a malformed file, Error(unsupported_format)
// for binary or unknown content, Error(conflict) when options.study is
// archived; the message starts with the origin name, and nothing is stored.
IngestReport ingest_bytes(store::Database& db, std::string_view origin_name, std::string_view bytes,
                          const IngestOptions& options);

// Ingests a file, or a directory recursively in sorted order (skipping
// README*, tools/ folders, hidden files, study.json). Files are written in
// batches of about kBatchExcerpts excerpts per transaction, each file inside
// its own savepoint: a file that fails is rolled back alone and nothing of
// it is stored, while one commit per batch (not per file) keeps ingest fast.
// A file is reported "stored" only once its batch has committed. A
// product-analytics spec (*.usage.json, segments/sample_usage.hpp) is
// generated and imported as usage data (format "sample_usage", its own
// transaction, after the evidence files), not as evidence. A directory's
// study.json (ingest/study_manifest.hpp) names its study (options.study, when
// set, wins), upserts its accounts and supplies per-file metadata (kind,
// title, participant, role, seniority, segment, account, interviewer,
// occurred_at), which wins over `options`. One report per file; a file that
// fails is reported "rejected" with the reason and does not stop the others.
// Throws Error(not_found) for a missing path, Error(invalid_input) naming
// the field for a malformed study.json (nothing is stored then), and
// Error(conflict) when the study is archived.
inline constexpr std::int64_t kBatchExcerpts = 20000;
std::vector<IngestReport> ingest_path(store::Database& db, const std::filesystem::path& path,
                                      const IngestOptions& options);

// True when a rejection message says the file has no speaker turns: the
// rejection that IngestOptions::unlabelled resolves (the UI offers it).
bool rejected_for_missing_speakers(std::string_view message);

// "stored interviews/01.vtt: 1 source, 48 excerpts (webvtt)" and the like.
std::string describe(const IngestReport& report);

}  // namespace grounded::ingest
