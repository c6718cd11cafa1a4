#include "search/search.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <memory>

#include <sqlite3.h>

#include "core/error.hpp"
#include "search/kept_rankings.hpp"
#include "search/match_attributes.hpp"
#include "search/snippet.hpp"
#include "store/studies.hpp"

namespace grounded::search {
namespace {

std::string json_array(const std::vector<std::string>& values) {
  // Lists reach SQL as one bound JSON text read with json_each(): the SQL
  // stays a fixed prepared statement whatever the number of values.
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out += ' ';
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out + "]";
}

void check_date(const std::string& value, const char* what) {
  if (value.empty()) return;
  static const std::string shape = "dddd-dd-dd";
  bool ok = value.size() == 4 || value.size() == 7 || value.size() == 10;
  for (std::size_t i = 0; ok && i < value.size(); ++i) {
    ok = shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(value[i])) != 0 : value[i] == '-';
  }
  if (!ok) throw invalid_input(std::string("The ") + what + " date '" + value + "' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY.");
}

std::string with_thousands(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Candidates come from excerpt_search (schema/0011_scale.sql): per excerpt,
// what ranking, filters and facets read, so no match is joined through
// sources, whose rows carry the whole body. Whose words an excerpt is comes
// from the excerpt_speakers view (store/excerpt_speakers.hpp), joined only
// when a filter asks about the participant.
// The filters: NULL parameters switch a condition off, so one fixed
// statement serves every combination.
constexpr std::string_view kFilters = R"(
      (?3 IS NULL OR m.kind IN (SELECT value FROM json_each(?3)))
  AND (?4 IS NULL OR m.speaker_role IN (SELECT value FROM json_each(?4)))
  AND (?5 IS NULL OR lower(p.role) IN (SELECT lower(value) FROM json_each(?5)))
  AND (?6 IS NULL OR v.participant_id = ?6)
  AND (?7 IS NULL OR m.account_id = ?7 OR p.account_id = ?7)
  AND (?8 IS NULL OR m.source_id = ?8)
  AND (?9 IS NULL OR substr(m.occurred_at, 1, length(?9)) >= ?9)
  AND (?10 IS NULL OR (m.occurred_at <> '' AND substr(m.occurred_at, 1, length(?10)) <= ?10))
  AND (?11 IS NULL OR EXISTS (SELECT 1 FROM tags t WHERE t.excerpt_id = m.excerpt_id AND t.status <> 'rejected'
                              AND t.category IN (SELECT value FROM json_each(?11))))
  AND (?12 IS NULL OR m.study_id IN (SELECT value FROM json_each(?12))))";

// The speaker (v) and their participant row (p), for the filters.
constexpr std::string_view kSpeakerJoins =
    " JOIN excerpt_speakers v ON v.excerpt_id = m.excerpt_id LEFT JOIN participants p ON p.id = v.participant_id";

// Every match above an excerpt id, in one pass (no count first). Column 5
// is the BM25 rank for a match that passes the filters and NULL otherwise:
// inside CASE, FTS5 computes the rank only for rows that pass, and rows
// that do not still count as matches. CROSS JOIN keeps FTS5 the outer loop.
std::string matches_sql(bool filtered) {
  return std::string("SELECT f.rowid, m.kind, m.speaker_role, m.is_customer_speech, m.study_id, ") +
         (filtered ? "CASE WHEN " + std::string(kFilters) + " THEN f.rank END" : std::string("f.rank")) +
         " FROM excerpts_fts f CROSS JOIN excerpt_search m ON m.excerpt_id = f.rowid" +
         (filtered ? std::string(kSpeakerJoins) : "") +
         " WHERE f.excerpts_fts MATCH ?1 AND f.rowid > ?13";
}

// The same columns for listed excerpt ids (a kept ranking); column 5 is 1
// for a row that passes the filters.
std::string listed_sql() {
  return "SELECT m.excerpt_id, m.kind, m.speaker_role, m.is_customer_speech, m.study_id, " + std::string(kFilters) +
         " FROM json_each(?14) j CROSS JOIN excerpt_search m ON m.excerpt_id = j.value" + std::string(kSpeakerJoins);
}

// The ids of the named studies as a JSON array; Error(invalid_input) naming
// a study that does not exist.
std::string study_ids(store::Database& db, const std::vector<std::string>& names) {
  std::string ids = "[";
  for (const std::string& name : names) {
    std::optional<store::Study> study = store::find_study(db, name);
    if (!study) throw invalid_input("There is no study named '" + name + "'.");
    ids += (ids.size() > 1 ? "," : "") + std::to_string(study->id);
  }
  return ids + "]";
}

// Facet counts by study id → by study name.
std::map<std::string, std::int64_t> named_study_facets(store::Database& db, const std::map<Id, std::int64_t>& by_id) {
  std::map<std::string, std::int64_t> out;
  for (const auto& [id, count] : by_id) out[store::get_study(db, id).name] += count;
  return out;
}

struct Candidate {
  Id id;
  double bm25;  // FTS5 rank: lower is better
  bool customer_speech;
};

bool has_filters(const SearchQuery& q) {
  return !q.kinds.empty() || !q.speaker_roles.empty() || !q.participant_roles.empty() || q.participant_id ||
         q.account_id || q.source_id || !q.date_from.empty() || !q.date_to.empty() || !q.tag_categories.empty() ||
         !q.studies.empty();
}

void bind_filters(store::Statement& st, const SearchQuery& q, const std::string& studies) {
  if (!q.kinds.empty()) st.bind(3, json_array(q.kinds));
  if (!q.speaker_roles.empty()) st.bind(4, json_array(q.speaker_roles));
  if (!q.participant_roles.empty()) st.bind(5, json_array(q.participant_roles));
  st.bind(6, q.participant_id).bind(7, q.account_id).bind(8, q.source_id);
  if (!q.date_from.empty()) st.bind(9, q.date_from);
  if (!q.date_to.empty()) st.bind(10, q.date_to);
  if (!q.tag_categories.empty()) st.bind(11, json_array(q.tag_categories));
  if (!studies.empty()) st.bind(12, studies);
}

// Matches with their ranks and the facets of those that pass the filters.
struct Ranked {
  std::vector<Candidate> candidates;  // pass the filters
  std::int64_t matches = 0;           // every match seen, filtered or not
  Id highest = 0;                     // the highest match id seen
  std::map<std::string, std::int64_t, std::less<>> kind, role;
  std::map<Id, std::int64_t> study;

  void add(const store::Statement& row, double bm25) {
    candidates.push_back({row.int64(0), bm25, row.int64(3) != 0});
    ++count(kind, row.text_view(1));
    ++count(role, row.text_view(2));
    ++study[row.int64(4)];
  }
  static std::int64_t& count(std::map<std::string, std::int64_t, std::less<>>& map, std::string_view key) {
    auto it = map.find(key);
    return it != map.end() ? it->second : map.emplace(std::string(key), 0).first->second;
  }
};

// Ranks every match with an id above `above` (0: all), without filters,
// reading what facets need from `table` instead of a join per match.
Ranked rank_unfiltered(store::Database& db, const std::string& expression, const AttributeTable& table, Id above) {
  Ranked out;
  std::vector<std::int64_t> kinds(table.kinds.size()), roles(table.roles.size());
  // Matches above the watermark were added after the table was read: they
  // are seen by the next search, as if this one had started a moment earlier.
  auto st = db.prepare("SELECT rowid, rank FROM excerpts_fts WHERE excerpts_fts MATCH ?1 AND rowid > ?2 AND rowid <= ?3");
  st.bind(1, expression).bind(2, above).bind(3, table.watermark);
  while (st.step()) {
    const Id id = st.int64(0);
    const MatchAttributes* a = table.find(id);
    if (!a) continue;  // deleted since (the next search reads a new table)
    ++out.matches;
    out.highest = std::max(out.highest, id);
    out.candidates.push_back({id, st.real(1), a->customer_speech});
    ++kinds[a->kind];
    ++roles[a->role];
    ++out.study[a->study_id];
  }
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i]) out.kind.emplace(table.kinds[i], kinds[i]);
  for (std::size_t i = 0; i < roles.size(); ++i)
    if (roles[i]) out.role.emplace(table.roles[i], roles[i]);
  return out;
}

// Ranks every match with an id above `above` (0: all) that passes the filters.
Ranked rank_matches(store::Database& db, const std::string& expression, const SearchQuery& q, bool filtered,
                    const std::string& studies, Id above, const AttributeTable* table) {
  if (!filtered && table) return rank_unfiltered(db, expression, *table, above);
  Ranked out;
  auto st = db.prepare(matches_sql(filtered));
  st.bind(1, expression).bind(13, above);
  if (filtered) bind_filters(st, q, studies);
  while (st.step()) {
    ++out.matches;
    out.highest = std::max(out.highest, st.int64(0));
    if (!st.is_null(5)) out.add(st, st.real(5));
  }
  return out;
}

// The best `per_group` of each speaker group, best first, and the group sizes.
std::shared_ptr<KeptRanking> keep_best(const Ranked& all, std::int64_t per_group, std::int64_t generation) {
  auto kept = std::make_shared<KeptRanking>();
  kept->generation = generation;
  kept->watermark = all.highest;
  kept->matches = all.matches;
  kept->ranked_at = store::utc_now();
  for (const Candidate& c : all.candidates) {
    (c.customer_speech ? kept->customer : kept->others).push_back({c.id, c.bm25});
    ++(c.customer_speech ? kept->customer_matches : kept->other_matches);
  }
  for (auto* group : {&kept->customer, &kept->others}) {
    const auto better = [](const KeptMatch& a, const KeptMatch& b) { return a.bm25 != b.bm25 ? a.bm25 < b.bm25 : a.id > b.id; };
    const auto n = std::min<std::size_t>(group->size(), static_cast<std::size_t>(per_group));
    std::partial_sort(group->begin(), group->begin() + static_cast<std::ptrdiff_t>(n), group->end(), better);
    group->resize(n);
  }
  kept->facets_kind.insert(all.kind.begin(), all.kind.end());
  kept->facets_role.insert(all.role.begin(), all.role.end());
  kept->facets_study = all.study;
  return kept;
}

// The kept matches that pass the filters, with their facets.
Ranked rank_kept(store::Database& db, const KeptRanking& kept, const SearchQuery& q, const std::string& studies) {
  std::map<Id, double> bm25;
  std::string ids = "[";
  for (const auto* group : {&kept.customer, &kept.others})
    for (const KeptMatch& k : *group) {
      bm25[k.id] = k.bm25;
      ids += (ids.size() > 1 ? "," : "") + std::to_string(k.id);
    }
  ids += "]";
  Ranked out;
  auto st = db.prepare(listed_sql());
  st.bind(14, ids);
  bind_filters(st, q, studies);
  while (st.step()) {
    ++out.matches;
    if (st.int64(5)) out.add(st, bm25.at(st.int64(0)));
  }
  return out;
}

// Whether the page is what ranking every match would give: no match left
// out of a truncated kept group could rank on or before any hit of it.
bool page_is_exact(const std::vector<Candidate>& page, std::size_t wanted, const KeptRanking& kept,
                   std::int64_t per_group, bool by_speaker) {
  const bool customer_cut = static_cast<std::int64_t>(kept.customer.size()) >= per_group &&
                            kept.customer_matches > per_group;
  const bool others_cut = static_cast<std::int64_t>(kept.others.size()) >= per_group && kept.other_matches > per_group;
  if (page.size() < wanted && (customer_cut || others_cut)) return false;
  const double customer_floor = kept.customer.empty() ? 0 : kept.customer.back().bm25;
  const double others_floor = kept.others.empty() ? 0 : kept.others.back().bm25;
  for (const Candidate& hit : page) {
    // An unkept customer match scores at or below customer_floor.
    if (customer_cut && ((by_speaker && !hit.customer_speech) || hit.bm25 >= customer_floor)) return false;
    // An unkept other match scores at or below others_floor.
    if (others_cut && (!by_speaker || !hit.customer_speech) && hit.bm25 >= others_floor) return false;
  }
  return true;
}

void merge(Ranked& into, Ranked&& more) {
  into.candidates.insert(into.candidates.end(), more.candidates.begin(), more.candidates.end());
  into.matches += more.matches;
  for (const auto& [k, n] : more.kind) Ranked::count(into.kind, k) += n;
  for (const auto& [k, n] : more.role) Ranked::count(into.role, k) += n;
  for (const auto& [k, n] : more.study) into.study[k] += n;
}

// One read transaction around a search, when none is open: every statement
// sees the same snapshot (the count, the ranking and the page's rows agree
// while an ingest commits), and SQLite takes its WAL read lock once instead
// of once per statement.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(store::Database& db) : db_(db), began_(sqlite3_get_autocommit(db.handle()) != 0) {
    if (began_) db_.exec("BEGIN");
  }
  ~ReadSnapshot() {
    if (began_ && !sqlite3_get_autocommit(db_.handle())) sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  store::Database& db_;
  bool began_;
};

}  // namespace

SearchResult search(store::Database& db, const SearchQuery& query) {
  ReadSnapshot snapshot(db);
  ParsedQuery parsed = parse_query(query.text);
  SearchQuery q = query;
  q.kinds.insert(q.kinds.end(), parsed.kinds.begin(), parsed.kinds.end());
  q.speaker_roles.insert(q.speaker_roles.end(), parsed.speaker_roles.begin(), parsed.speaker_roles.end());
  q.tag_categories.insert(q.tag_categories.end(), parsed.tag_categories.begin(), parsed.tag_categories.end());
  q.studies.insert(q.studies.end(), parsed.studies.begin(), parsed.studies.end());
  for (auto& k : q.kinds) k = std::string(to_string(parse_source_kind(k)));
  for (auto& r : q.speaker_roles) r = std::string(to_string(parse_speaker_role(r)));
  check_date(q.date_from, "from");
  check_date(q.date_to, "to");
  if (q.limit < 1 || q.limit > 200) throw invalid_input("limit must be between 1 and 200, not " + std::to_string(q.limit));
  if (q.offset < 0 || q.offset > 100000) throw invalid_input("offset must be between 0 and 100000, not " + std::to_string(q.offset));
  if (q.keep_above < 1 || q.kept_per_group < 1 || q.keep_after_ms <= 0)
    throw invalid_input("keep_above, keep_after_ms and kept_per_group must be positive");

  SearchResult result;
  const auto started = std::chrono::steady_clock::now();
  auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  };
  result.fts_expression = parsed.fts_expression;
  result.limit = q.limit;
  result.offset = q.offset;
  const bool filtered = has_filters(q);
  const std::string studies = q.studies.empty() ? "" : study_ids(db, q.studies);
  const bool by_speaker = !q.all_speakers;
  const auto better = [by_speaker](const Candidate& a, const Candidate& b) {
    if (by_speaker && a.customer_speech != b.customer_speech) return a.customer_speech;
    return a.bm25 != b.bm25 ? a.bm25 < b.bm25 : a.id > b.id;
  };
  const std::size_t wanted = static_cast<std::size_t>(q.offset) + static_cast<std::size_t>(q.limit);
  auto page_of = [&](std::vector<Candidate>& candidates) {
    const std::size_t to = std::min(candidates.size(), wanted);
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(to), candidates.end(), better);
    return std::vector<Candidate>(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(to));
  };

  // 1. A kept ranking of a very common query, plus what was added since.
  const std::string db_key = kept_rankings_key(db);
  std::shared_ptr<const KeptRanking> kept = find_kept_ranking(db_key, parsed.fts_expression);
  const std::int64_t generation = db_key.empty() ? 0 : search_generation(db);
  if (kept && kept->generation != generation) {
    forget_ranking(db_key, parsed.fts_expression);
    kept = nullptr;
  }
  const std::shared_ptr<const AttributeTable> table = filtered ? nullptr : attribute_table(db, db_key, generation);
  Ranked ranked;
  std::vector<Candidate> page;
  bool from_kept = false;
  if (kept && !(filtered && q.exact_count)) {
    ranked = filtered ? rank_kept(db, *kept, q, studies) : Ranked{};
    if (!filtered) {
      for (const auto* group : {&kept->customer, &kept->others})
        for (const KeptMatch& k : *group) ranked.candidates.push_back({k.id, k.bm25, group == &kept->customer});
      ranked.kind.insert(kept->facets_kind.begin(), kept->facets_kind.end());
      ranked.role.insert(kept->facets_role.begin(), kept->facets_role.end());
      ranked.study = kept->facets_study;
    }
    const std::size_t kept_passing = ranked.candidates.size();
    Ranked added = rank_matches(db, parsed.fts_expression, q, filtered, studies, kept->watermark, table.get());
    const std::int64_t added_matches = added.matches;
    const auto added_passing = static_cast<std::int64_t>(added.candidates.size());
    merge(ranked, std::move(added));
    page = page_of(ranked.candidates);
    from_kept = page_is_exact(page, wanted, *kept, q.kept_per_group, by_speaker);
    if (from_kept) {
      result.ranked_subset = true;
      result.matches = kept->matches + added_matches;
      result.total = filtered ? static_cast<std::int64_t>(kept_passing) + added_passing : result.matches;
      result.total_exact = !filtered;
      result.facets_exact = !filtered;
    }
    // Many excerpts added since: rank everything again next time.
    if (added_matches > q.keep_above) forget_ranking(db_key, parsed.fts_expression);
  }

  // 2. Otherwise every match is ranked; a very common unfiltered query keeps its best.
  if (!from_kept) {
    ranked = rank_matches(db, parsed.fts_expression, q, filtered, studies, 0, table.get());
    result.matches = ranked.matches;
    result.total = static_cast<std::int64_t>(ranked.candidates.size());
    const bool slow = ms_since(started) > q.keep_after_ms && ranked.matches > q.kept_per_group;
    if (!filtered && (ranked.matches > q.keep_above || slow) && !db_key.empty())
      keep_ranking(db_key, parsed.fts_expression, keep_best(ranked, q.kept_per_group, generation));
    page = page_of(ranked.candidates);
  }
  result.timings.rank_ms = ms_since(started);
  const auto facets_started = std::chrono::steady_clock::now();
  result.ranked = static_cast<std::int64_t>(ranked.candidates.size());
  result.facets_kind.insert(ranked.kind.begin(), ranked.kind.end());
  result.facets_role.insert(ranked.role.begin(), ranked.role.end());
  result.facets_study = named_study_facets(db, ranked.study);

  if (!ranked.candidates.empty()) {
    auto any_tags = db.prepare("SELECT EXISTS (SELECT 1 FROM tags)");
    any_tags.step();
    if (any_tags.int64(0)) {
      std::string ids = "[";
      for (std::size_t i = 0; i < ranked.candidates.size(); ++i)
        ids += (i ? "," : "") + std::to_string(ranked.candidates[i].id);
      ids += "]";
      auto st = db.prepare(
          "SELECT t.category, count(DISTINCT t.excerpt_id) FROM json_each(?1) ids "
          "JOIN tags t ON t.excerpt_id = ids.value WHERE t.status <> 'rejected' GROUP BY t.category");
      st.bind(1, ids);
      while (st.step()) result.facets_category[st.text(0)] = st.int64(1);
      if (from_kept) result.facets_exact = false;
    }
  }

  result.timings.facets_ms = ms_since(facets_started);
  const auto page_started = std::chrono::steady_clock::now();
  // 3. The page: customer speech before interviewer and agent turns (unless
  //    all_speakers), then best first, newest first among equals (stable paging).
  if (static_cast<std::size_t>(q.offset) < page.size()) {
    auto meta = db.prepare(
        "SELECT e.source_id, s.title, m.kind, e.speaker, e.speaker_role, COALESCE(p.label, ''), COALESCE(p.role, ''), "
        "m.occurred_at, e.start_ms, e.text, sp.participant_id, m.is_customer_speech, COALESCE(st.name, '') "
        "FROM excerpts e JOIN excerpt_search m ON m.excerpt_id = e.id JOIN sources s ON s.id = e.source_id "
        "JOIN excerpt_speakers sp ON sp.excerpt_id = e.id LEFT JOIN studies st ON st.id = m.study_id "
        "LEFT JOIN participants p ON p.id = sp.participant_id WHERE e.id = ?1");
    for (std::size_t i = static_cast<std::size_t>(q.offset); i < page.size(); ++i) {
      SearchHit hit;
      hit.excerpt_id = page[i].id;
      hit.rank = -page[i].bm25;
      meta.reset();
      meta.bind(1, hit.excerpt_id);
      if (!meta.step()) continue;  // deleted between the two reads
      hit.source_id = meta.int64(0);
      hit.source_title = meta.text(1);
      hit.source_kind = meta.text(2);
      hit.speaker = meta.text(3);
      hit.speaker_role = meta.text(4);
      hit.participant_label = meta.text(5);
      hit.participant_role = meta.text(6);
      hit.occurred_at = meta.text(7);
      hit.start_ms = meta.optional_int64(8);
      hit.text = meta.text(9);
      hit.participant_id = meta.optional_int64(10);
      hit.customer_speech = meta.int64(11) != 0;
      hit.study = meta.text(12);
      // Our own marking, not FTS5 highlight(): that needs a MATCH per hit,
      // and FTS5 finds `rowid = ?` by walking the doclist from its start,
      // which for a common word costs milliseconds per hit.
      Snippet snippet = make_snippet(hit.text, find_highlights(hit.text, parsed.highlight));
      hit.snippet = std::move(snippet.text);
      hit.highlights = std::move(snippet.highlights);
      result.hits.push_back(std::move(hit));
    }
  }

  result.timings.page_ms = ms_since(page_started);
  std::vector<std::string> notes;
  if (result.ranked_subset) {
    notes.push_back("A very common search: ranked among the best " +
                    with_thousands(static_cast<std::int64_t>(kept->customer.size() + kept->others.size())) + " of " +
                    with_thousands(kept->matches) + " matches, kept from a full relevance ranking at " +
                    kept->ranked_at + ", and every match added since.");
    if (!result.total_exact)
      notes.push_back("At least " + with_thousands(result.total) +
                      " pass the filters (counted among those ranked; ask for an exact count to count them all).");
  }
  if (!parsed.ignored.empty()) {
    std::string ignored;
    for (const auto& w : parsed.ignored) ignored += (ignored.empty() ? "'" : ", '") + w + "'";
    notes.push_back("Ignored " + ignored + ": no letters or digits to search for.");
  }
  for (const auto& n : notes) result.note += (result.note.empty() ? "" : " ") + n;
  return result;
}

void warm_up(store::Database& db) {
  ReadSnapshot snapshot(db);
  const std::string db_key = kept_rankings_key(db);
  attribute_table(db, db_key, db_key.empty() ? 0 : search_generation(db));
}

}  // namespace grounded::search
