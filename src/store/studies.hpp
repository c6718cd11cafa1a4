// Studies: the researcher's unit of work. Every source belongs to one
// (schema/0003_studies.sql); a source written without one is filed under
// "Unsorted".
//
// Names are unique case-insensitively, trimmed, 1..200 characters of valid
// UTF-8 without control characters. Dates are "", YYYY, YYYY-MM or
// YYYY-MM-DD, and a study does not end before it starts. Every change is
// audited (entity "studies"). upsert_study writes inside the caller's
// transaction (ingest files a source and creates its study in one); the
// other changes are each one transaction of their own.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

// Where sources without a named study go.
inline constexpr std::string_view kUnsortedStudy = "Unsorted";
// The bundled sample study (samples/), loaded by `Load the sample study`.
inline constexpr std::string_view kSampleStudy = "Sample: Ledgerline";

// A study: the researcher's unit of work (a round of interviews, an export
// batch). Every source belongs to exactly one.
struct Study {
  Id id = 0;
  std::string name;         // unique, case-insensitively
  std::string description;
  std::string started_at;   // "", YYYY, YYYY-MM or YYYY-MM-DD
  std::string ended_at;
  std::string owner;
  bool archived = false;    // closed: no new evidence is filed under it
  std::string created_at;
};

// The name as stored: trimmed. Error(invalid_input) naming the problem when
// it is empty, too long, not UTF-8 or holds control characters.
std::string checked_study_name(std::string_view name);

// Finds the study by name (case-insensitively) or creates it from `study`
// (audited "study.create"); description, dates and owner that are empty in
// the stored row are filled from `study` (audited "study.update"). Returns
// the id. Error(conflict) when the study is archived: archived studies take
// no new evidence. Does not open a transaction.
Id upsert_study(Database& db, const Study& study, const std::string& actor);

std::optional<Study> find_study(Database& db, std::string_view name);  // case-insensitive
Study get_study(Database& db, Id id);                   // Error(not_found) naming the id
Study get_study_by_name(Database& db, std::string_view name);  // Error(not_found) naming it

// A study with what it holds. Participants are the people whose words its
// excerpts are (the excerpt_speakers view, schema/0004_people.sql).
struct StudySummary {
  Study study;
  std::int64_t sources = 0;
  std::int64_t participants = 0;
  std::int64_t excerpts = 0;
};

// {id, name, description, started_at, ended_at, owner, archived, created_at}
void to_json(nlohmann::json& out, const Study& study);
// The study's fields plus sources, participants and excerpts.
void to_json(nlohmann::json& out, const StudySummary& summary);

// Every study by name (archived ones too, unless include_archived is false).
std::vector<StudySummary> list_studies(Database& db, bool include_archived = true);
StudySummary get_study_summary(Database& db, Id id);  // Error(not_found)

// Creates a study. Error(conflict) when the name is taken, Error(invalid_input)
// for a bad name or dates. Audited "study.create".
Study create_study(Database& db, const Study& study, const std::string& actor);

// The fields to change; unset ones stay.
struct StudyChanges {
  std::optional<std::string> name, description, started_at, ended_at, owner;
  std::optional<bool> archived;
};
// Applies the changes in one transaction, audited "study.update" with the
// row before and after. Error(not_found), Error(conflict) for a taken name,
// Error(invalid_input) for a bad name or dates.
Study update_study(Database& db, Id id, const StudyChanges& changes, const std::string& actor);

// What deleting a study removed.
struct StudyDeletion {
  Study study;
  std::int64_t sources = 0, excerpts = 0, tags = 0, citations = 0;
  std::int64_t participants = 0, accounts = 0, imports = 0;  // left with no evidence anywhere else
};
// Deletes the study and, in one transaction, its sources with their
// excerpts, FTS rows, tags and citations; the imports those sources came
// from (so the same files can be ingested again); and the participants and
// accounts that no other evidence refers to. Audited once ("study.delete",
// the study before and the counts after). Error(not_found) for an unknown id.
StudyDeletion delete_study(Database& db, Id id, const std::string& actor);

}  // namespace grounded::store
