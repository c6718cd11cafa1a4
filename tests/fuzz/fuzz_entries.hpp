// The fuzz entry points: one function per untrusted parser, shared by the
// libFuzzer targets (bench/fuzz_target.cpp, built with -DGROUNDED_FUZZ=ON,
// run by bench/fuzz.sh) and by the regression test (tests/test_fuzz.cpp),
// which replays every input in tests/fixtures/fuzz/<entry>/ through the same
// function.
//
// The contract each entry checks: any bytes at all either parse or are
// refused with a grounded::Error of a user-facing kind (invalid_input,
// too_large, unsupported_format, ...). An Error(internal) (exit code 4) or
// any other exception escapes the entry: that is a bug, and libFuzzer
// reports it as a crash. Crashes, hangs and sanitizer reports are found by
// the fuzzer itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::fuzz {

// Transcript formats through the whole ingest path (ingest_bytes: decode,
// detect, parse, roles, redaction, segmentation, storage) into an in-memory
// database. The first byte picks the file name the bytes arrive under
// (.vtt, .srt, .txt, .md, or no extension) and whether unlabelled text is
// accepted; the rest is the file.
void fuzz_transcript(std::string_view data);

// The CSV reader (read_csv), then the file as a ticket or review CSV
// through ingest_bytes; the first byte picks the kind (detected, ticket,
// review).
void fuzz_csv(std::string_view data);

// The bytes as an uploaded .docx (zip + WordprocessingML) through ingest_bytes.
void fuzz_docx(std::string_view data);

// parse_untrusted_json, then the bytes as an uploaded .json export through
// ingest_bytes, as a folder's study.json (parse_study_manifest) and as a
// persona cohort (synth::Cohort::parse).
void fuzz_json(std::string_view data);

// A persona cohort: synth::Cohort::parse, its size over a small corpus, and
// its stored form read back.
void fuzz_cohort(std::string_view data);

// The bytes as the body of a multipart upload (POST /api/v1/sources,
// boundary "gfuzz") to a real server on loopback: cpp-httplib's multipart
// reader, the upload fields, then ingest. Any answer but a 5xx is fine.
void fuzz_multipart(std::string_view data);

// The REST body readers: the first byte picks one of the JSON routes that
// change data (personas and their cohorts, attributes, citations, sign-offs,
// participants, accounts, sources, studies, tags, segments, ICP, themes),
// the rest is its JSON body, sent to a real server on loopback that holds a
// small study. Any answer but a 5xx is fine.
void fuzz_rest(std::string_view data);

// The search query parser, and the FTS5 expression it builds run by
// search::search over a small in-memory corpus: a query a user can type
// must never be an FTS5 syntax error.
void fuzz_query(std::string_view data);

// The entry names ("transcript", "csv", "docx", "json", "query", "cohort",
// "multipart", "rest").
const std::vector<std::string>& fuzz_entry_names();

// Runs the named entry; throws std::invalid_argument for an unknown name.
void run_fuzz_entry(std::string_view name, std::string_view data);

}  // namespace grounded::fuzz
