// study.json: the manifest of a folder of evidence. It names the folder's
// study, lists its accounts and gives per-file metadata:
//
//   {"name": "Ledgerline discovery", "description": "...", "owner": "Priya",
//    "started_at": "2025-01", "ended_at": "2026-11",
//    "accounts": [{"name": "Harborline", "industry": "Logistics", "employees": 240,
//                  "revenue": 3.8e7, "region": "NA", "stage": "customer",
//                  "stack": "NetSuite, Slack" | ["NetSuite", "Slack"]}],
//    "files": {"interviews/01.vtt": {"kind": "interview", "title": "...",
//              "participant": "Dana", "role": "Controller", "seniority": "director",
//              "segment": "mid-market", "account": "Harborline", "interviewer": "Priya",
//              "occurred_at": "2026-03-12",
//              "additional_participants": [{"name": "Sam", "role": "IT", "seniority": "manager"}]}}}
//
// Every key is optional. A key not listed here, or a value of the wrong type,
// rejects the whole manifest with Error(invalid_input) naming the file and
// the field ("study.json: files.interviews/01.vtt.participant must be text,
// not a number"), before anything is stored.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "store/studies.hpp"

namespace grounded::ingest {

// What study.json says about one file; empty strings leave the options alone.
struct FileMetadata {
  std::optional<SourceKind> kind;
  std::string title, participant, role, seniority, segment, account, interviewer, occurred_at;
};

struct StudyManifest {
  store::Study study;            // name empty when the manifest names none
  std::vector<Account> accounts;
  std::map<std::string, FileMetadata> files;  // by path relative to the folder, '/'-separated
};

// Parses and checks manifest text; `where` names it in errors (usually its
// path). Error(invalid_input) for malformed JSON, unknown keys or wrong types.
StudyManifest parse_study_manifest(std::string_view text, const std::string& where);

// The manifest of `folder` (its study.json), or an empty one when there is none.
StudyManifest read_study_manifest(const std::filesystem::path& folder);

}  // namespace grounded::ingest
