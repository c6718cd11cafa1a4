#include "search/search.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
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

// Whose words an excerpt is comes from the excerpt_speakers view
// (store/excerpt_speakers.hpp): a finance lead's interview is not evidence of
// what finance leads say in the interviewer's turns.
//
// Candidates: matches in the rowid window that pass every filter. rank is
// read only for rows past the filters, so BM25 is computed at most
// candidate_cap times. CROSS JOIN keeps FTS5 as the outer loop.
constexpr std::string_view kCandidatesSql = R"(
SELECT f.rowid, f.rank, s.kind, e.speaker_role, e.is_customer_speech, s.study_id
FROM excerpts_fts f
CROSS JOIN excerpt_speakers e ON e.excerpt_id = f.rowid
CROSS JOIN sources s ON s.id = e.source_id
LEFT JOIN participants p ON p.id = e.participant_id
WHERE f.excerpts_fts MATCH ?1 AND f.rowid >= ?2
  AND (?3 IS NULL OR s.kind IN (SELECT value FROM json_each(?3)))
  AND (?4 IS NULL OR e.speaker_role IN (SELECT value FROM json_each(?4)))
  AND (?5 IS NULL OR lower(p.role) IN (SELECT lower(value) FROM json_each(?5)))
  AND (?6 IS NULL OR e.participant_id = ?6)
  AND (?7 IS NULL OR s.account_id = ?7 OR p.account_id = ?7)
  AND (?8 IS NULL OR e.source_id = ?8)
  AND (?9 IS NULL OR substr(s.occurred_at, 1, length(?9)) >= ?9)
  AND (?10 IS NULL OR (s.occurred_at <> '' AND substr(s.occurred_at, 1, length(?10)) <= ?10))
  AND (?11 IS NULL OR EXISTS (SELECT 1 FROM tags t WHERE t.excerpt_id = e.excerpt_id AND t.status <> 'rejected'
                              AND t.category IN (SELECT value FROM json_each(?11))))
  AND (?12 IS NULL OR s.study_id IN (SELECT value FROM json_each(?12)))
)";

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

}  // namespace

SearchResult search(store::Database& db, const SearchQuery& query) {
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
  if (q.candidate_cap < 1) throw invalid_input("candidate_cap must be positive");

  SearchResult result;
  result.fts_expression = parsed.fts_expression;
  result.candidate_cap = q.candidate_cap;
  result.limit = q.limit;
  result.offset = q.offset;

  // 1. The rowid window and the match count in one pass: walking rowids
  //    newest-first costs no ranking, and evaluating the expression once
  //    matters for prefix and phrase queries, whose doclists FTS5 rebuilds on
  //    every evaluation. Counting stops at count_limit so a word in most
  //    excerpts does not cost a full doclist walk; the note says "more than".
  std::int64_t min_rowid = 0;
  {
    auto probe = db.prepare("SELECT rowid FROM excerpts_fts WHERE excerpts_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2");
    const std::int64_t count_limit = std::max(q.count_limit, q.candidate_cap + 1);
    probe.bind(1, parsed.fts_expression).bind(2, count_limit + 1);
    std::int64_t seen = 0;
    while (probe.step()) {
      if (++seen == q.candidate_cap + 1) min_rowid = probe.int64(0) + 1;
    }
    result.capped = seen > q.candidate_cap;
    result.matches_exact = seen <= count_limit;
    result.matches = std::min(seen, count_limit);
  }

  // 2. Candidates with filters, ranked in memory; facets over all of them.
  std::vector<Candidate> candidates;
  if (result.matches > 0) {
    auto st = db.prepare(kCandidatesSql);
    st.bind(1, parsed.fts_expression).bind(2, min_rowid);
    if (!q.kinds.empty()) st.bind(3, json_array(q.kinds));
    if (!q.speaker_roles.empty()) st.bind(4, json_array(q.speaker_roles));
    if (!q.participant_roles.empty()) st.bind(5, json_array(q.participant_roles));
    st.bind(6, q.participant_id).bind(7, q.account_id).bind(8, q.source_id);
    if (!q.date_from.empty()) st.bind(9, q.date_from);
    if (!q.date_to.empty()) st.bind(10, q.date_to);
    if (!q.tag_categories.empty()) st.bind(11, json_array(q.tag_categories));
    if (!q.studies.empty()) st.bind(12, study_ids(db, q.studies));
    std::map<Id, std::int64_t> by_study;
    while (st.step()) {
      candidates.push_back({st.int64(0), st.real(1), st.int64(4) != 0});
      ++result.facets_kind[std::string(st.text_view(2))];
      ++result.facets_role[std::string(st.text_view(3))];
      ++by_study[st.int64(5)];
    }
    result.facets_study = named_study_facets(db, by_study);
  }
  result.total = static_cast<std::int64_t>(candidates.size());

  if (!candidates.empty()) {
    auto any_tags = db.prepare("SELECT EXISTS (SELECT 1 FROM tags)");
    any_tags.step();
    if (any_tags.int64(0)) {
      std::string ids = "[";
      for (std::size_t i = 0; i < candidates.size(); ++i) ids += (i ? "," : "") + std::to_string(candidates[i].id);
      ids += "]";
      auto st = db.prepare(
          "SELECT t.category, count(DISTINCT t.excerpt_id) FROM json_each(?1) ids "
          "JOIN tags t ON t.excerpt_id = ids.value WHERE t.status <> 'rejected' GROUP BY t.category");
      st.bind(1, ids);
      while (st.step()) result.facets_category[st.text(0)] = st.int64(1);
    }
  }

  // 3. The page: customer speech before interviewer and agent turns (unless
  //    all_speakers), then best first, newest first among equals (stable paging).
  const bool by_speaker = !q.all_speakers;
  const auto better = [by_speaker](const Candidate& a, const Candidate& b) {
    if (by_speaker && a.customer_speech != b.customer_speech) return a.customer_speech;
    return a.bm25 != b.bm25 ? a.bm25 < b.bm25 : a.id > b.id;
  };
  const std::size_t from = std::min(candidates.size(), static_cast<std::size_t>(q.offset));
  const std::size_t to = std::min(candidates.size(), from + static_cast<std::size_t>(q.limit));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(to), candidates.end(), better);

  if (from < to) {
    auto meta = db.prepare(
        "SELECT e.source_id, s.title, s.kind, e.speaker, e.speaker_role, COALESCE(p.label, ''), COALESCE(p.role, ''), "
        "s.occurred_at, e.start_ms, e.text, sp.participant_id, sp.is_customer_speech, COALESCE(st.name, '') "
        "FROM excerpts e JOIN excerpt_speakers sp ON sp.excerpt_id = e.id JOIN sources s ON s.id = e.source_id "
        "LEFT JOIN studies st ON st.id = s.study_id "
        "LEFT JOIN participants p ON p.id = sp.participant_id WHERE e.id = ?1");
    for (std::size_t i = from; i < to; ++i) {
      SearchHit hit;
      hit.excerpt_id = candidates[i].id;
      hit.rank = -candidates[i].bm25;
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

  std::vector<std::string> notes;
  if (result.capped) {
    notes.push_back("Showing the best of the newest " + with_thousands(q.candidate_cap) + " of " +
                    (result.matches_exact ? "" : "more than ") + with_thousands(result.matches) + " matches" +
                    (result.total < q.candidate_cap ? " (" + with_thousands(result.total) + " of those pass the filters)" : "") +
                    ". Add words or filters to narrow the search.");
  }
  if (!parsed.ignored.empty()) {
    std::string ignored;
    for (const auto& w : parsed.ignored) ignored += (ignored.empty() ? "'" : ", '") + w + "'";
    notes.push_back("Ignored " + ignored + ": no letters or digits to search for.");
  }
  for (const auto& n : notes) result.note += (result.note.empty() ? "" : " ") + n;
  return result;
}

}  // namespace grounded::search
