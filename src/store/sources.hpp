// Sources and their excerpts: the evidence itself.
//
// Writes here do not open transactions of their own: the caller (ingest, a
// delete route) wraps a whole file or change in one store::Transaction, so a
// failure leaves nothing half-written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

// An ingested file, recognised again by the sha256 of its original bytes.
struct Import {
  Id id = 0;
  std::string origin;
  std::string sha256;
  std::string format;
  std::int64_t byte_size = 0;
  std::int64_t source_count = 0;
  std::string created_at;
};

// The import with these bytes' digest, if that file was ingested before.
std::optional<Import> find_import(Database& db, const std::string& sha256);
// Records an import; sets import.id. A duplicate sha256 throws Error(conflict).
void insert_import(Database& db, Import& import);
void set_import_source_count(Database& db, Id import_id, std::int64_t count);

// Writes a source, its excerpts, their search rows (excerpt_search,
// schema/0011_scale.sql) and their FTS rows. A source without study_id is
// filed under "Unsorted" (store/studies.hpp) and study_id set. Sets
// source.id, and id/source_id/ordinal of every excerpt. Throws
// Error(invalid_input) when an excerpt's offsets do not point at its text
// inside source.body. The body is stored once, without the texts its
// excerpts hold (store/source_body.hpp); get_source returns it whole.
void insert_source(Database& db, Source& source, std::vector<Excerpt>& excerpts, std::optional<Id> import_id = {});

// The same for many sources, with statements kept prepared: for bulk ingest.
// insert() writes everything but the FTS rows; index_pending() adds those of
// every excerpt inserted since its last call, and must run before the
// transaction commits. FTS5 writes its in-memory segment to disk at every
// savepoint it takes part in, so indexing inside per-file savepoints would
// write one tiny segment per file (see schema/0001_init.sql); indexed once
// per transaction, it writes a few large ones. A file rolled back to its
// savepoint leaves no excerpts, so nothing of it is indexed.
class SourceWriter {
 public:
  explicit SourceWriter(Database& db);
  void insert(Source& source, std::vector<Excerpt>& excerpts, std::optional<Id> import_id = {});
  void index_pending();

 private:
  Database& db_;
  Statement insert_source_;
  Statement insert_excerpt_;
  Statement insert_search_rows_;
  Statement index_from_;
  std::optional<Id> first_pending_;  // the lowest excerpt id not indexed yet
};

struct SourceFilter {
  std::optional<SourceKind> kind;
  std::optional<Id> participant_id;
  std::optional<Id> account_id;
  std::optional<Id> study_id;
  std::string participant_role;  // exact match on participants.role
  std::string title_contains;    // case-insensitive substring
  std::string sort = "-occurred_at";  // a column of SourceSummary, '-' for descending
  int limit = 100;
  int offset = 0;
};

// A row of the library: a source with its people and size, without the body.
struct SourceSummary {
  Source source;  // body left empty
  std::string participant_label;
  std::string participant_role;
  std::string account_name;
  std::int64_t excerpt_count = 0;
  std::string study_name;
};

struct SourcePage {
  std::vector<SourceSummary> items;
  std::int64_t total = 0;
};

// Throws Error(invalid_input) for an unknown sort column.
SourcePage list_sources(Database& db, const SourceFilter& filter);
// Throws Error(not_found) naming the id.
Source get_source(Database& db, Id id);
SourceSummary get_source_summary(Database& db, Id id);
std::vector<Excerpt> excerpts_of_source(Database& db, Id source_id);
// Deletes the source, its excerpts, their FTS rows, tags and citations, and
// its import once no other source of that file is left (so the file can be
// ingested again). Throws Error(not_found) for an unknown id.
void delete_source(Database& db, Id id);

Excerpt get_excerpt(Database& db, Id id);  // Error(not_found) for an unknown id
std::vector<Excerpt> get_excerpts(Database& db, const std::vector<Id>& ids);  // unknown ids skipped

// An excerpt with up to `turns` excerpts before and after it in its source.
struct ExcerptInContext {
  Excerpt excerpt;
  std::vector<Excerpt> before;
  std::vector<Excerpt> after;
  SourceSummary source;
};
ExcerptInContext excerpt_in_context(Database& db, Id id, int turns);

std::int64_t count_rows(Database& db, const std::string& table);  // table from a fixed list

// Excerpts (and the sources holding them) per source kind and speaker role:
// the library's evidence chart.
struct EvidenceCell {
  std::string kind;
  std::string speaker_role;
  std::int64_t excerpts = 0;
  std::int64_t sources = 0;
};
std::vector<EvidenceCell> evidence_by_kind_and_role(Database& db);

}  // namespace grounded::store
