#include "tagger/tag_store.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {
namespace {

constexpr const char* kColumns =
    "SELECT t.id, t.excerpt_id, t.span_start, t.span_end, t.category, t.subfields, t.theme, t.confidence, t.origin, "
    "t.status, t.rationale, t.created_by, t.created_at, t.updated_at, t.uncertainty FROM tags t ";

Tag read_tag(store::Statement& st) {
  Tag t;
  t.id = st.int64(0);
  t.excerpt_id = st.int64(1);
  t.span_start = st.optional_int64(2);
  t.span_end = st.optional_int64(3);
  t.category = st.text(4);
  t.subfields_json = st.text(5);
  t.theme = st.text(6);
  t.confidence = st.real(7);
  t.origin = parse_tag_origin(st.text_view(8));
  t.status = parse_tag_status(st.text_view(9));
  t.rationale = st.text(10);
  t.created_by = st.text(11);
  t.created_at = st.text(12);
  t.updated_at = st.text(13);
  if (!st.is_null(14)) t.uncertainty = st.real(14);
  return t;
}

std::string json_of(const Tag& tag) { return dump_json(nlohmann::json(tag)); }

void audit(store::Database& db, const std::string& who, const std::string& action, Id id, const std::string& before,
           const std::string& after) {
  store::AuditEntry entry;
  entry.actor = who;
  entry.action = action;
  entry.entity = "tags";
  entry.entity_id = id;
  entry.before = before;
  entry.after = after;
  store::append_audit(db, entry);
}

// WHERE clause built only from fixed fragments; every value is bound.
struct Where {
  std::string sql;
  std::vector<std::string> texts;
  std::optional<Id> source_id;
  std::optional<Id> study_id;
  double min_confidence = 0;
};

Where where_of(const TagFilter& f) {
  Where w;
  w.sql = " WHERE t.confidence >= ?1";
  w.min_confidence = f.min_confidence;
  if (f.source_id) {
    w.sql += " AND t.excerpt_id IN (SELECT id FROM excerpts WHERE source_id = ?2)";
    w.source_id = f.source_id;
  }
  if (f.study_id) {  // ?99: clear of the numbered category/status values and of LIMIT ?100
    w.sql += " AND t.excerpt_id IN (SELECT e.id FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE s.study_id = ?99)";
    w.study_id = f.study_id;
  }
  int next = 3;
  if (!f.categories.empty()) {
    w.sql += " AND t.category IN (";
    for (std::size_t i = 0; i < f.categories.size(); ++i) {
      w.sql += (i ? ",?" : "?") + std::to_string(next++);
      w.texts.push_back(f.categories[i]);
    }
    w.sql += ")";
  }
  if (!f.statuses.empty()) {
    w.sql += " AND t.status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) {
      w.sql += (i ? ",?" : "?") + std::to_string(next++);
      w.texts.emplace_back(to_string(f.statuses[i]));
    }
    w.sql += ")";
  }
  return w;
}

void bind_where(store::Statement& st, const Where& w) {
  st.bind(1, w.min_confidence);
  if (w.source_id) st.bind(2, *w.source_id);
  if (w.study_id) st.bind(99, *w.study_id);
  for (std::size_t i = 0; i < w.texts.size(); ++i) st.bind(static_cast<int>(i) + 3, w.texts[i]);
}

Id insert_row(store::Database& db, const Tag& tag, const std::string& now) {
  auto st = db.prepare(
      "INSERT INTO tags (excerpt_id, span_start, span_end, category, subfields, theme, confidence, origin, status, "
      "rationale, created_by, created_at, updated_at, uncertainty) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12,?13)");
  st.bind(1, tag.excerpt_id)
      .bind(2, tag.span_start)
      .bind(3, tag.span_end)
      .bind(4, tag.category)
      .bind(5, tag.subfields_json.empty() ? std::string("{}") : tag.subfields_json)
      .bind(6, tag.theme)
      .bind(7, tag.confidence)
      .bind(8, to_string(tag.origin))
      .bind(9, to_string(tag.status))
      .bind(10, tag.rationale)
      .bind(11, tag.created_by)
      .bind(12, now)
      .bind(13, tag.uncertainty);
  st.run();
  return db.last_insert_id();
}

// The ORDER BY clause of a TagFilter::order.
std::string order_by(const std::string& order) {
  if (order == "confidence") return " ORDER BY t.confidence ASC, t.id ASC";
  if (order == "id") return " ORDER BY t.id ASC";
  // A tag from before uncertainty was recorded counts by its own margin.
  if (order == "uncertainty")
    return " ORDER BY COALESCE(t.uncertainty, 1.0 - abs(2.0 * t.confidence - 1.0)) DESC, t.confidence ASC, t.id ASC";
  throw invalid_input("tag order must be 'confidence' (lowest first), 'uncertainty' (least sure first) or 'id', not '" +
                      order + "'");
}

}  // namespace

bool was_rejected(store::Database& db, Id excerpt_id, const std::string& category) {
  auto st = db.prepare("SELECT 1 FROM tags WHERE excerpt_id = ?1 AND category = ?2 AND status = 'rejected' LIMIT 1");
  st.bind(1, excerpt_id).bind(2, category);
  return st.step();
}

bool insert_tag(store::Database& db, Tag& tag) {
  if (tag.origin != TagOrigin::human && tag.status == TagStatus::suggested && was_rejected(db, tag.excerpt_id, tag.category))
    return false;
  std::string now = store::utc_now();
  tag.id = insert_row(db, tag, now);
  tag.created_at = tag.updated_at = now;
  return true;
}

Tag get_tag(store::Database& db, Id id) {
  auto st = db.prepare(std::string(kColumns) + "WHERE t.id = ?1");
  st.bind(1, id);
  if (!st.step()) throw not_found("no tag with id " + std::to_string(id));
  return read_tag(st);
}

std::vector<Tag> tags_of_excerpt(store::Database& db, Id excerpt_id) {
  auto st = db.prepare(std::string(kColumns) + "WHERE t.excerpt_id = ?1 ORDER BY t.id");
  st.bind(1, excerpt_id);
  std::vector<Tag> out;
  while (st.step()) out.push_back(read_tag(st));
  return out;
}

std::vector<Tag> tags_of_source(store::Database& db, Id source_id) {
  auto st = db.prepare(std::string(kColumns) +
                       "JOIN excerpts e ON e.id = t.excerpt_id WHERE e.source_id = ?1 ORDER BY e.ordinal, t.id");
  st.bind(1, source_id);
  std::vector<Tag> out;
  while (st.step()) out.push_back(read_tag(st));
  return out;
}

std::vector<Tag> list_tags(store::Database& db, const TagFilter& filter) {
  if (filter.limit < 0 || filter.offset < 0) throw invalid_input("limit and offset must not be negative");
  Where w = where_of(filter);
  const std::string order = order_by(filter.order);
  auto st = db.prepare(std::string(kColumns) + w.sql + order + " LIMIT ?100 OFFSET ?101");
  bind_where(st, w);
  st.bind(100, filter.limit).bind(101, filter.offset);
  std::vector<Tag> out;
  while (st.step()) out.push_back(read_tag(st));
  return out;
}

std::int64_t count_tags(store::Database& db, const TagFilter& filter) {
  Where w = where_of(filter);
  auto st = db.prepare("SELECT count(*) FROM tags t" + w.sql);
  bind_where(st, w);
  st.step();
  return st.int64(0);
}

namespace {

void set_status(store::Database& db, Id id, TagStatus status, const std::string& who, const std::string& action) {
  store::Transaction tx(db);
  Tag before = get_tag(db, id);
  auto st = db.prepare("UPDATE tags SET status = ?1, created_by = CASE WHEN created_by = '' THEN ?2 ELSE created_by END, "
                       "updated_at = ?3 WHERE id = ?4");
  st.bind(1, to_string(status)).bind(2, who).bind(3, store::utc_now()).bind(4, id);
  st.run();
  Tag after = get_tag(db, id);
  audit(db, who, action, id, json_of(before), json_of(after));
  tx.commit();
}

}  // namespace

void accept_tag(store::Database& db, Id id, const std::string& who) {
  set_status(db, id, TagStatus::accepted, who, "tag.accept");
}

void reject_tag(store::Database& db, Id id, const std::string& who) {
  set_status(db, id, TagStatus::rejected, who, "tag.reject");
}

void edit_tag(store::Database& db, Id id, const std::string& category, const std::string& subfields_json,
              const std::string& who) {
  const Taxonomy& taxonomy = Taxonomy::builtin();
  store::Transaction tx(db);
  Tag before = get_tag(db, id);
  const std::string& new_category = category.empty() ? before.category : category;
  taxonomy.require(new_category);
  std::string subfields;
  if (subfields_json.empty()) {
    subfields = new_category == before.category ? before.subfields_json : "{}";
  } else {
    nlohmann::json parsed = nlohmann::json::parse(subfields_json, nullptr, false);
    if (parsed.is_discarded()) throw invalid_input("sub-fields are not valid JSON: " + subfields_json);
    subfields = taxonomy.validate_subfields(new_category, parsed);
  }
  if (new_category != before.category && before.origin != TagOrigin::human) {
    // Keep the replaced suggestion as rejected so it is never suggested again.
    Tag replaced = before;
    replaced.status = TagStatus::rejected;
    replaced.rationale = before.rationale + " (replaced by an edit to " + new_category + ")";
    replaced.created_by = who;
    insert_row(db, replaced, store::utc_now());
  }
  auto st = db.prepare("UPDATE tags SET category = ?1, subfields = ?2, status = 'accepted', updated_at = ?3, "
                       "origin = CASE WHEN category = ?1 THEN origin ELSE 'human' END WHERE id = ?4");
  st.bind(1, new_category).bind(2, subfields).bind(3, store::utc_now()).bind(4, id);
  st.run();
  Tag after = get_tag(db, id);
  audit(db, who, "tag.edit", id, json_of(before), json_of(after));
  tx.commit();
}

Tag add_human_tag(store::Database& db, const HumanTag& request, const std::string& who) {
  const Taxonomy& taxonomy = Taxonomy::builtin();
  taxonomy.require(request.category);
  nlohmann::json parsed = nlohmann::json::parse(request.subfields_json.empty() ? "{}" : request.subfields_json, nullptr, false);
  if (parsed.is_discarded()) throw invalid_input("sub-fields are not valid JSON: " + request.subfields_json);
  std::string subfields = taxonomy.validate_subfields(request.category, parsed);
  store::Transaction tx(db);
  auto ex = db.prepare("SELECT text FROM excerpts WHERE id = ?1");
  ex.bind(1, request.excerpt_id);
  if (!ex.step()) throw not_found("no excerpt with id " + std::to_string(request.excerpt_id));
  std::string text = ex.text(0);
  if (request.span_start.has_value() != request.span_end.has_value())
    throw invalid_input("a span needs both a start and an end");
  if (request.span_start) {
    auto s = *request.span_start, e = *request.span_end;
    auto n = static_cast<std::int64_t>(text.size());
    if (s < 0 || e > n || s >= e)
      throw invalid_input("span " + std::to_string(s) + ":" + std::to_string(e) + " is outside the excerpt (0:" +
                          std::to_string(n) + ")");
    auto continuation = [&](std::int64_t i) {
      return i < n && (static_cast<unsigned char>(text[static_cast<std::size_t>(i)]) & 0xC0) == 0x80;
    };
    if (continuation(s) || continuation(e)) throw invalid_input("span must not cut a UTF-8 character");
  }
  Tag tag;
  tag.excerpt_id = request.excerpt_id;
  tag.category = request.category;
  tag.subfields_json = subfields;
  tag.theme = request.theme;
  tag.span_start = request.span_start;
  tag.span_end = request.span_end;
  tag.confidence = 1.0;
  tag.origin = TagOrigin::human;
  tag.status = TagStatus::accepted;
  tag.rationale = "added by " + who;
  tag.created_by = who;
  insert_tag(db, tag);
  Tag stored = get_tag(db, tag.id);
  audit(db, who, "tag.add", tag.id, "", json_of(stored));
  tx.commit();
  return stored;
}

}  // namespace grounded::tagger
