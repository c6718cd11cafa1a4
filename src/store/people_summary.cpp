#include "store/people_summary.hpp"

#include "core/error.hpp"

namespace grounded::store {
namespace {

// Whose words an excerpt is comes from the one definition, the view
// excerpt_speakers (store/excerpt_speakers.hpp). Its participant_id is a
// COALESCE no index serves, so every count is worked out in one grouped pass
// over the view (CTE `words`) rather than once per participant.
// Study names are joined with the ASCII unit separator, which a study name
// never holds (store/studies.hpp refuses control characters).
constexpr std::string_view kCounts =
    "WITH words AS (SELECT participant_id AS pid, source_id FROM excerpt_speakers WHERE participant_id IS NOT NULL),"
    " excerpt_counts AS (SELECT pid, count(*) AS n FROM words GROUP BY pid),"
    " participant_sources AS (SELECT pid, source_id FROM words"
    "   UNION SELECT participant_id, id FROM sources WHERE participant_id IS NOT NULL),"
    " source_counts AS (SELECT pid, count(*) AS n FROM participant_sources GROUP BY pid),"
    " participant_studies AS (SELECT pid, group_concat(name, char(31)) AS names FROM (SELECT DISTINCT ps.pid, st.name"
    "   FROM participant_sources ps JOIN sources s ON s.id = ps.source_id JOIN studies st ON st.id = s.study_id"
    "   ORDER BY st.name COLLATE NOCASE) GROUP BY pid) ";

constexpr std::string_view kParticipantSummarySelect =
    "SELECT p.id, p.label, p.role, p.seniority, p.segment, p.account_id, COALESCE(a.name, ''),"
    " COALESCE(sc.n, 0), COALESCE(ec.n, 0), COALESCE(pst.names, '')"
    " FROM participants p LEFT JOIN accounts a ON a.id = p.account_id"
    " LEFT JOIN source_counts sc ON sc.pid = p.id LEFT JOIN excerpt_counts ec ON ec.pid = p.id"
    " LEFT JOIN participant_studies pst ON pst.pid = p.id";

std::vector<std::string> split_names(const std::string& joined) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t end = joined.find('\x1f', start);
    if (end == std::string::npos) end = joined.size();
    names.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

ParticipantSummary read_participant_summary(const Statement& row) {
  ParticipantSummary out;
  out.participant.id = row.int64(0);
  out.participant.label = row.text(1);
  out.participant.role = row.text(2);
  out.participant.seniority = row.text(3);
  out.participant.segment = row.text(4);
  out.participant.account_id = row.optional_int64(5);
  out.account_name = row.text(6);
  out.source_count = row.int64(7);
  out.excerpt_count = row.int64(8);
  out.studies = split_names(row.text(9));
  return out;
}

constexpr std::string_view kAccountSummarySelect =
    "SELECT a.id, a.name, a.industry, a.employees, a.revenue, a.region, a.stage, a.stack,"
    " (SELECT count(*) FROM participants WHERE account_id = a.id),"
    " (SELECT count(*) FROM (SELECT id FROM sources WHERE account_id = a.id"
    "   UNION SELECT s.id FROM sources s JOIN participants p ON p.id = s.participant_id WHERE p.account_id = a.id)),"
    " (SELECT COALESCE(sum(ec.n), 0) FROM excerpt_counts ec JOIN participants p ON p.id = ec.pid WHERE p.account_id = a.id),"
    " a.domain FROM accounts a";

AccountSummary read_account_summary(const Statement& row) {
  AccountSummary out;
  out.account.id = row.int64(0);
  out.account.name = row.text(1);
  out.account.industry = row.text(2);
  out.account.employees = row.optional_int64(3);
  out.account.revenue = row.optional_real(4);
  out.account.region = row.text(5);
  out.account.stage = row.text(6);
  out.account.stack = row.text(7);
  out.participant_count = row.int64(8);
  out.source_count = row.int64(9);
  out.excerpt_count = row.int64(10);
  out.account.domain = row.text(11);
  return out;
}

}  // namespace

std::vector<ParticipantSummary> list_participant_summaries(Database& db, const PeopleFilter& filter) {
  Statement query = db.prepare(
      std::string(kCounts) + std::string(kParticipantSummarySelect) +
      " WHERE (?1 IS NULL OR p.account_id = ?1) AND (?2 IS NULL OR p.id IN (SELECT ps.pid FROM participant_sources ps"
      "   JOIN sources s ON s.id = ps.source_id WHERE s.study_id = ?2))"
      " ORDER BY p.label COLLATE NOCASE, p.id");
  query.bind(1, filter.account_id).bind(2, filter.study_id);
  std::vector<ParticipantSummary> out;
  while (query.step()) out.push_back(read_participant_summary(query));
  return out;
}

ParticipantSummary get_participant_summary(Database& db, Id id) {
  Statement query = db.prepare(std::string(kCounts) + std::string(kParticipantSummarySelect) + " WHERE p.id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no participant with id " + std::to_string(id));
  return read_participant_summary(query);
}

std::vector<ParticipantSource> sources_of_participant(Database& db, Id id) {
  get_participant_summary(db, id);  // Error(not_found) before an empty list could mislead
  Statement query = db.prepare(
      "WITH mine AS (SELECT source_id, count(*) AS n FROM excerpt_speakers WHERE participant_id = ?1 GROUP BY source_id)"
      " SELECT s.id, s.title, s.kind, s.occurred_at, s.participant_id IS ?1, COALESCE(m.n, 0), COALESCE(st.name, '')"
      " FROM sources s LEFT JOIN mine m ON m.source_id = s.id LEFT JOIN studies st ON st.id = s.study_id"
      " WHERE s.participant_id = ?1 OR m.source_id IS NOT NULL ORDER BY s.occurred_at DESC, s.id DESC");
  query.bind(1, id);
  std::vector<ParticipantSource> out;
  while (query.step())
    out.push_back({query.int64(0), query.text(1), query.text(2), query.text(3), query.text(6), query.int64(4) != 0,
                   query.int64(5)});
  return out;
}

std::vector<AccountSummary> list_account_summaries(Database& db, const PeopleFilter& filter) {
  Statement query = db.prepare(
      std::string(kCounts) + std::string(kAccountSummarySelect) +
      " WHERE ?1 IS NULL OR a.id IN (SELECT account_id FROM sources WHERE study_id = ?1"
      "   UNION SELECT p.account_id FROM participants p JOIN participant_sources ps ON ps.pid = p.id"
      "   JOIN sources s ON s.id = ps.source_id WHERE s.study_id = ?1)"
      " ORDER BY a.name COLLATE NOCASE, a.id");
  query.bind(1, filter.study_id);
  std::vector<AccountSummary> out;
  while (query.step()) out.push_back(read_account_summary(query));
  return out;
}

AccountSummary get_account_summary(Database& db, Id id) {
  Statement query = db.prepare(std::string(kCounts) + std::string(kAccountSummarySelect) + " WHERE a.id = ?1");
  query.bind(1, id);
  if (!query.step()) throw not_found("no account with id " + std::to_string(id));
  return read_account_summary(query);
}

}  // namespace grounded::store
