#include "store/sources.hpp"

#include <array>

#include "core/error.hpp"
#include "store/source_body.hpp"

namespace grounded::store {
namespace {

constexpr std::string_view kSourceColumns =
    "s.id, s.kind, s.title, s.participant_id, s.account_id, s.occurred_at, s.origin, s.format, s.meta, "
    "s.created_at, s.study_id";

Source read_source(const Statement& row) {
  Source source;
  source.id = row.int64(0);
  source.kind = parse_source_kind(row.text_view(1));
  source.title = row.text(2);
  source.participant_id = row.optional_int64(3);
  source.account_id = row.optional_int64(4);
  source.occurred_at = row.text(5);
  source.origin = row.text(6);
  source.format = row.text(7);
  source.meta_json = row.text(8);
  source.created_at = row.text(9);
  source.study_id = row.optional_int64(10);
  return source;
}

constexpr std::string_view kExcerptColumns =
    "id, source_id, ordinal, speaker, speaker_role, participant_id, start_byte, end_byte, start_ms, end_ms, text";

Excerpt read_excerpt(const Statement& row) {
  Excerpt excerpt;
  excerpt.id = row.int64(0);
  excerpt.source_id = row.int64(1);
  excerpt.ordinal = static_cast<int>(row.int64(2));
  excerpt.speaker = row.text(3);
  excerpt.speaker_role = parse_speaker_role(row.text_view(4));
  excerpt.participant_id = row.optional_int64(5);
  excerpt.start_byte = row.int64(6);
  excerpt.end_byte = row.int64(7);
  excerpt.start_ms = row.optional_int64(8);
  excerpt.end_ms = row.optional_int64(9);
  excerpt.text = row.text(10);
  return excerpt;
}

void check_offsets(const Source& source, const Excerpt& excerpt, std::size_t index) {
  bool inside = excerpt.start_byte >= 0 && excerpt.end_byte >= excerpt.start_byte &&
                static_cast<std::size_t>(excerpt.end_byte) <= source.body.size();
  if (!inside || source.body.compare(static_cast<std::size_t>(excerpt.start_byte),
                                     static_cast<std::size_t>(excerpt.end_byte - excerpt.start_byte),
                                     excerpt.text) != 0)
    throw invalid_input("excerpt " + std::to_string(index + 1) + " of '" + source.title +
                        "' does not match its byte offsets " + std::to_string(excerpt.start_byte) + "-" +
                        std::to_string(excerpt.end_byte) + " in the source body");
}

}  // namespace

std::optional<Import> find_import(Database& db, const std::string& sha256) {
  Statement query = db.prepare(
      "SELECT id, origin, sha256, format, byte_size, source_count, created_at FROM imports WHERE sha256 = ?1");
  query.bind(1, sha256);
  if (!query.step()) return std::nullopt;
  return Import{query.int64(0), query.text(1), query.text(2), query.text(3),
                query.int64(4), query.int64(5), query.text(6)};
}

void insert_import(Database& db, Import& import) {
  Statement insert = db.prepare(
      "INSERT INTO imports (origin, sha256, format, byte_size, source_count) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, import.origin).bind(2, import.sha256).bind(3, import.format);
  insert.bind(4, import.byte_size).bind(5, import.source_count);
  insert.run();
  import.id = db.last_insert_id();
}

void set_import_source_count(Database& db, Id import_id, std::int64_t count) {
  Statement update = db.prepare("UPDATE imports SET source_count = ?2 WHERE id = ?1");
  update.bind(1, import_id).bind(2, count).run();
}

SourceWriter::SourceWriter(Database& db)
    : db_(db),
      insert_source_(db.prepare(
          "INSERT INTO sources (import_id, kind, title, participant_id, account_id, occurred_at, origin, format, "
          "body, meta, study_id, body_form) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")),
      insert_excerpt_(db.prepare(
          "INSERT INTO excerpts (source_id, ordinal, speaker, speaker_role, participant_id, start_byte, end_byte, "
          "start_ms, end_ms, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")),
      insert_search_rows_(db.prepare("INSERT INTO excerpt_search SELECT * FROM excerpt_search_rows WHERE source_id = ?1")),
      index_from_(db.prepare("INSERT INTO excerpts_fts (rowid, text) SELECT id, text FROM excerpts WHERE id >= ?1")) {}

void SourceWriter::insert(Source& source, std::vector<Excerpt>& excerpts, std::optional<Id> import_id) {
  for (std::size_t i = 0; i < excerpts.size(); ++i) check_offsets(source, excerpts[i], i);
  // The body once: without the texts its excerpts hold (store/source_body.hpp).
  const std::optional<std::string> without_excerpts = body_without_excerpts(source.body, excerpts);
  insert_source_.reset();
  insert_source_.bind(1, import_id).bind(2, to_string(source.kind)).bind(3, source.title);
  insert_source_.bind(4, source.participant_id).bind(5, source.account_id).bind(6, source.occurred_at);
  insert_source_.bind(7, source.origin).bind(8, source.format).bind(9, without_excerpts ? *without_excerpts : source.body);
  insert_source_.bind(12, without_excerpts ? 1 : 0);
  insert_source_.bind(10, source.meta_json.empty() ? std::string("{}") : source.meta_json);
  insert_source_.bind(11, source.study_id);  // NULL: the schema's trigger files it under "Unsorted"
  insert_source_.run();
  source.id = db_.last_insert_id();
  if (!source.study_id) {
    Statement study = db_.prepare("SELECT study_id FROM sources WHERE id = ?1");
    study.bind(1, source.id).step();
    source.study_id = study.int64(0);
  }
  for (std::size_t i = 0; i < excerpts.size(); ++i) {
    Excerpt& excerpt = excerpts[i];
    excerpt.source_id = source.id;
    excerpt.ordinal = static_cast<int>(i);
    insert_excerpt_.reset();
    insert_excerpt_.bind(1, source.id).bind(2, excerpt.ordinal).bind(3, excerpt.speaker);
    insert_excerpt_.bind(4, to_string(excerpt.speaker_role)).bind(5, excerpt.participant_id);
    insert_excerpt_.bind(6, excerpt.start_byte).bind(7, excerpt.end_byte);
    insert_excerpt_.bind(8, excerpt.start_ms).bind(9, excerpt.end_ms).bind(10, excerpt.text);
    insert_excerpt_.run();
    excerpt.id = db_.last_insert_id();
    if (!first_pending_ || excerpt.id < *first_pending_) first_pending_ = excerpt.id;
  }
  insert_search_rows_.reset();
  insert_search_rows_.bind(1, source.id).run();
}

void SourceWriter::index_pending() {
  if (!first_pending_) return;
  index_from_.reset();
  index_from_.bind(1, *first_pending_).run();
  first_pending_.reset();
}

void insert_source(Database& db, Source& source, std::vector<Excerpt>& excerpts, std::optional<Id> import_id) {
  SourceWriter writer(db);
  writer.insert(source, excerpts, import_id);
  writer.index_pending();
}

namespace {

// Sort keys map to fixed SQL fragments: user input never reaches the SQL text.
std::string order_by(std::string_view sort) {
  bool descending = sort.starts_with('-');
  if (descending) sort.remove_prefix(1);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kColumns{{
      {"id", "s.id"},
      {"kind", "s.kind"},
      {"title", "s.title COLLATE NOCASE"},
      {"occurred_at", "s.occurred_at"},
      {"created_at", "s.created_at"},
      {"participant", "p.label COLLATE NOCASE"},
      {"role", "p.role COLLATE NOCASE"},
      {"account", "a.name COLLATE NOCASE"},
      {"excerpt_count", "excerpt_count"},
      {"study", "st.name COLLATE NOCASE"},
  }};
  for (const auto& [key, column] : kColumns)
    if (key == sort)
      return " ORDER BY " + std::string(column) + (descending ? " DESC" : " ASC") + ", s.id" +
             (descending ? " DESC" : " ASC");
  throw invalid_input("cannot sort sources by '" + std::string(sort) +
                      "' (use id, kind, title, occurred_at, created_at, participant, role, account, "
                      "excerpt_count or study, with '-' for descending)");
}

constexpr std::string_view kSummaryFrom =
    " FROM sources s LEFT JOIN participants p ON p.id = s.participant_id"
    " LEFT JOIN accounts a ON a.id = s.account_id LEFT JOIN studies st ON st.id = s.study_id";

// NULL parameters switch a condition off, so one statement serves all filters.
constexpr std::string_view kSummaryWhere =
    " WHERE (?1 IS NULL OR s.kind = ?1) AND (?2 IS NULL OR s.participant_id = ?2)"
    " AND (?3 IS NULL OR s.account_id = ?3) AND (?4 IS NULL OR p.role = ?4)"
    " AND (?5 IS NULL OR instr(lower(s.title), lower(?5)) > 0) AND (?8 IS NULL OR s.study_id = ?8)";

void bind_filter(Statement& statement, const SourceFilter& filter) {
  if (filter.kind) statement.bind(1, to_string(*filter.kind));
  statement.bind(2, filter.participant_id).bind(3, filter.account_id);
  if (!filter.participant_role.empty()) statement.bind(4, filter.participant_role);
  if (!filter.title_contains.empty()) statement.bind(5, filter.title_contains);
  statement.bind(8, filter.study_id);
}

SourceSummary read_summary(const Statement& row) {
  SourceSummary summary;
  summary.source = read_source(row);
  summary.participant_label = row.text(11);
  summary.participant_role = row.text(12);
  summary.account_name = row.text(13);
  summary.excerpt_count = row.int64(14);
  summary.study_name = row.text(15);
  return summary;
}

std::string summary_select() {
  return "SELECT " + std::string(kSourceColumns) +
         ", coalesce(p.label, ''), coalesce(p.role, ''), coalesce(a.name, ''),"
         " (SELECT count(*) FROM excerpts e WHERE e.source_id = s.id) AS excerpt_count, coalesce(st.name, '')" +
         std::string(kSummaryFrom);
}

}  // namespace

SourcePage list_sources(Database& db, const SourceFilter& filter) {
  if (filter.limit < 0 || filter.offset < 0) throw invalid_input("limit and offset must not be negative");
  SourcePage page;
  Statement count = db.prepare("SELECT count(*)" + std::string(kSummaryFrom) + std::string(kSummaryWhere));
  bind_filter(count, filter);
  count.step();
  page.total = count.int64(0);

  Statement query = db.prepare(summary_select() + std::string(kSummaryWhere) + order_by(filter.sort) +
                               " LIMIT ?6 OFFSET ?7");
  bind_filter(query, filter);
  query.bind(6, filter.limit).bind(7, filter.offset);
  while (query.step()) page.items.push_back(read_summary(query));
  return page;
}

Source get_source(Database& db, Id id) {
  Statement query = db.prepare("SELECT " + std::string(kSourceColumns) + " FROM sources s WHERE s.id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no source with id " + std::to_string(id));
  Source source = read_source(query);
  source.body = source_body(db, id);
  return source;
}

SourceSummary get_source_summary(Database& db, Id id) {
  Statement query = db.prepare(summary_select() + " WHERE s.id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no source with id " + std::to_string(id));
  return read_summary(query);
}

std::vector<Excerpt> excerpts_of_source(Database& db, Id source_id) {
  Statement query =
      db.prepare("SELECT " + std::string(kExcerptColumns) + " FROM excerpts WHERE source_id = ?1 ORDER BY ordinal");
  query.bind(1, source_id);
  std::vector<Excerpt> excerpts;
  while (query.step()) excerpts.push_back(read_excerpt(query));
  return excerpts;
}

void delete_source(Database& db, Id id) {
  std::optional<Id> import_id;
  {
    Statement import = db.prepare("SELECT import_id FROM sources WHERE id = ?1");
    import.bind(1, id);
    if (!import.step()) throw not_found("no source with id " + std::to_string(id));
    import_id = import.optional_int64(0);
  }  // reset before writing (store/database.hpp)
  Statement remove = db.prepare("DELETE FROM sources WHERE id = ?1");
  remove.bind(1, id).run();
  // The import goes with its last source, so the same file can be ingested again.
  if (import_id) {
    Statement orphan = db.prepare("DELETE FROM imports WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM sources WHERE import_id = ?1)");
    orphan.bind(1, *import_id).run();
  }
}

Excerpt get_excerpt(Database& db, Id id) {
  Statement query = db.prepare("SELECT " + std::string(kExcerptColumns) + " FROM excerpts WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no excerpt with id " + std::to_string(id));
  return read_excerpt(query);
}

std::vector<Excerpt> get_excerpts(Database& db, const std::vector<Id>& ids) {
  Statement query = db.prepare("SELECT " + std::string(kExcerptColumns) + " FROM excerpts WHERE id = ?1");
  std::vector<Excerpt> excerpts;
  for (Id id : ids) {
    query.reset();
    query.bind(1, id);
    if (query.step()) excerpts.push_back(read_excerpt(query));
  }
  return excerpts;
}

ExcerptInContext excerpt_in_context(Database& db, Id id, int turns) {
  if (turns < 0 || turns > 50) throw invalid_input("context must be between 0 and 50 turns");
  ExcerptInContext result;
  result.excerpt = get_excerpt(db, id);
  Statement around = db.prepare("SELECT " + std::string(kExcerptColumns) +
                                " FROM excerpts WHERE source_id = ?1 AND ordinal BETWEEN ?2 AND ?3 ORDER BY ordinal");
  around.bind(1, result.excerpt.source_id).bind(2, result.excerpt.ordinal - turns);
  around.bind(3, result.excerpt.ordinal + turns);
  while (around.step()) {
    Excerpt excerpt = read_excerpt(around);
    if (excerpt.ordinal < result.excerpt.ordinal) result.before.push_back(std::move(excerpt));
    else if (excerpt.ordinal > result.excerpt.ordinal) result.after.push_back(std::move(excerpt));
  }
  result.source = get_source_summary(db, result.excerpt.source_id);
  return result;
}

std::int64_t count_rows(Database& db, const std::string& table) {
  static constexpr std::array<std::string_view, 14> kTables{
      "accounts", "participants", "imports", "sources", "excerpts", "tags", "tagger_models",
      "jobs", "personas", "attributes", "citations", "persona_signoffs", "audit_log", "studies"};
  for (std::string_view known : kTables)
    if (known == table) {
      Statement count = db.prepare("SELECT count(*) FROM " + table);
      count.step();
      return count.int64(0);
    }
  throw invalid_input("unknown table '" + table + "'");
}

std::vector<EvidenceCell> evidence_by_kind_and_role(Database& db) {
  Statement query = db.prepare(
      "SELECT s.kind, e.speaker_role, count(*), count(DISTINCT s.id) FROM excerpts e JOIN sources s ON s.id = e.source_id"
      " GROUP BY s.kind, e.speaker_role ORDER BY s.kind, e.speaker_role");
  std::vector<EvidenceCell> cells;
  while (query.step()) cells.push_back({query.text(0), query.text(1), query.int64(2), query.int64(3)});
  return cells;
}

}  // namespace grounded::store
