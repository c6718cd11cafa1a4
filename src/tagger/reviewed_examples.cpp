#include "tagger/reviewed_examples.hpp"

#include <algorithm>
#include <map>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/taxonomy.hpp"
#include "text/index_terms.hpp"

namespace grounded::tagger {

std::string normalized_text(std::string_view text) {
  std::string out;
  for (const auto& word : text::folded_terms(text)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

namespace {

// The id of an already imported text with this normalised form, or 0.
Id imported_id(store::Database& db, const std::string& normalized) {
  auto st = db.prepare("SELECT id FROM reviewed_examples WHERE normalized = ?1");
  st.bind(1, normalized);
  return st.step() ? st.int64(0) : 0;
}

std::string issues_text(const std::vector<ImportIssue>& issues) {
  std::string out;
  for (const auto& issue : issues) out += "\n  line " + std::to_string(issue.line) + ": " + issue.reason;
  return out;
}

}  // namespace

ImportReport import_labeled(store::Database& db, std::string_view csv, const std::string& origin,
                            const std::string& who, bool strict) {
  ImportReport report;
  report.origin = origin;
  std::vector<LabeledRow> rows = read_labeled_rows(csv);
  report.rows = static_cast<std::int64_t>(rows.size());
  store::Transaction tx(db);
  std::map<std::string, int> seen;  // normalised text → the line that brought it
  auto insert = db.prepare(
      "INSERT INTO reviewed_examples (text, normalized, labels, origin, line, created_by, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  const std::string now = store::utc_now();
  Id first = 0, last = 0;
  for (const auto& parsed : rows) {
    std::string normalized = normalized_text(parsed.row.text);
    if (!parsed.problem.empty()) {
      report.invalid.push_back({parsed.line, parsed.problem});
    } else if (!parsed.labels_given) {
      report.invalid.push_back({parsed.line, "the labels cell is empty (write 'none' for a text with no category)"});
    } else if (normalized.empty()) {
      report.invalid.push_back({parsed.line, "the text has no words"});
    } else if (auto it = seen.find(normalized); it != seen.end()) {
      report.skipped.push_back({parsed.line, "same text as line " + std::to_string(it->second)});
    } else if (Id existing = imported_id(db, normalized)) {
      report.skipped.push_back({parsed.line, "already imported (reviewed example " + std::to_string(existing) + ")"});
    } else {
      seen.emplace(normalized, parsed.line);
      insert.reset();
      insert.bind(1, parsed.row.text)
          .bind(2, normalized)
          .bind(3, dump_json(nlohmann::json(parsed.row.labels)))
          .bind(4, origin)
          .bind(5, static_cast<std::int64_t>(parsed.line))
          .bind(6, who)
          .bind(7, now);
      insert.run();
      last = db.last_insert_id();
      if (!first) first = last;
      ++report.imported;
    }
  }
  if (strict && !report.invalid.empty())
    throw invalid_input(origin + ": " + std::to_string(report.invalid.size()) +
                        " invalid rows, nothing imported:" + issues_text(report.invalid));
  if (report.imported > 0) {
    store::AuditEntry entry;
    entry.actor = who;
    entry.action = "tagger.import";
    entry.entity = "reviewed_examples";
    entry.entity_id = first;
    nlohmann::json after = report;
    after["ids"] = {first, last};
    entry.after = dump_json(after);
    store::append_audit(db, entry);
  }
  tx.commit();
  return report;
}

double default_reviewed_weight() {
  static const double weight = [] {
    auto text = find_embedded_file("src/tagger/data/learning.json");
    if (!text) throw Error(ErrorKind::internal, "learning.json was not embedded");
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    double w = json.is_object() ? json.value("reviewed_weight", 0.0) : 0.0;
    if (!(w > 0)) throw Error(ErrorKind::internal, "learning.json: reviewed_weight must be a positive number");
    return w;
  }();
  return weight;
}

ReviewedRows reviewed_rows(store::Database& db, double weight) {
  if (!(weight > 0)) throw invalid_input("the weight of reviewed examples must be a positive number");
  const auto keys = Taxonomy::builtin().keys();
  ReviewedRows out;
  auto imported = db.prepare("SELECT text, labels FROM reviewed_examples ORDER BY id");
  while (imported.step()) {
    LabeledText text{imported.text(0), {}};
    nlohmann::json labels = parse_stored_json(imported.text(1));
    if (labels.is_array())
      for (const auto& label : labels)
        if (label.is_string()) text.labels.push_back(label.get<std::string>());
    TrainingRow row = rows_from_labeled({text}).front();
    row.weight = weight;
    out.rows.push_back(std::move(row));
    ++out.imported;
  }
  auto st = db.prepare(
      "SELECT e.id, e.text, t.category, t.status FROM tags t JOIN excerpts e ON e.id = t.excerpt_id "
      "WHERE t.status IN ('accepted','rejected') ORDER BY e.id, t.id");
  Id current = 0;
  while (st.step()) {
    Id excerpt = st.int64(0);
    if (excerpt != current) {
      out.rows.push_back(TrainingRow{st.text(1), std::vector<std::int8_t>(keys.size(), -1), weight});
      current = excerpt;
      ++out.reviewed_excerpts;
    }
    std::string category = st.text(2);
    auto it = std::find(keys.begin(), keys.end(), category);
    if (it == keys.end()) continue;  // a category since removed from the taxonomy
    bool ok = st.text_view(3) == "accepted";
    auto& label = out.rows.back().labels[static_cast<std::size_t>(it - keys.begin())];
    // An accepted tag wins over a rejected one for the same category (an edit
    // back and forth ends accepted).
    if (ok || label != 1) label = ok ? 1 : 0;
    (ok ? out.accepted_tags : out.rejected_tags)++;
  }
  return out;
}

void to_json(nlohmann::json& out, const ImportIssue& issue) { out = {{"line", issue.line}, {"reason", issue.reason}}; }

void to_json(nlohmann::json& out, const ImportReport& r) {
  out = {{"origin", r.origin},
         {"rows", r.rows},
         {"imported", r.imported},
         {"skipped", r.skipped},
         {"invalid", r.invalid}};
}

}  // namespace grounded::tagger
