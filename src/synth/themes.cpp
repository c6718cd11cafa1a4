#include "synth/themes.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "text/strings.hpp"
#include "core/json.hpp"
#include "store/audit_log.hpp"
#include "synth/theme_proposal.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::synth {
namespace {

constexpr std::size_t kMaxName = 120;
constexpr std::size_t kMaxClaim = 400;


constexpr const char* kThemeColumns =
    "SELECT th.id, th.category, th.name, th.claim, th.status, th.name_origin, th.claim_origin, th.study_id, "
    "th.created_by, th.created_at, th.updated_by, th.updated_at, "
    "(SELECT count(DISTINCT t.excerpt_id) FROM theme_members m JOIN tags t ON t.id = m.tag_id "
    "  WHERE m.theme_id = th.id AND t.status <> 'rejected'), "
    "(SELECT count(DISTINCT CASE WHEN sp.participant_id IS NOT NULL "
    "   THEN 'p' || sp.participant_id ELSE 's' || e.source_id END) "
    "  FROM theme_members m JOIN tags t ON t.id = m.tag_id JOIN excerpts e ON e.id = t.excerpt_id JOIN excerpt_speakers sp ON sp.excerpt_id = e.id "
    "  JOIN sources s ON s.id = e.source_id WHERE m.theme_id = th.id AND t.status <> 'rejected') "
    "FROM themes th ";

Theme read_theme(store::Statement& st) {
  Theme t;
  t.id = st.int64(0);
  t.category = st.text(1);
  t.name = st.text(2);
  t.claim = st.text(3);
  t.status = parse_theme_status(st.text_view(4));
  t.name_origin = st.text(5);
  t.claim_origin = st.text(6);
  t.study_id = st.optional_int64(7);
  t.created_by = st.text(8);
  t.created_at = st.text(9);
  t.updated_by = st.text(10);
  t.updated_at = st.text(11);
  t.excerpts = st.int64(12);
  t.participants = st.int64(13);
  return t;
}

void audit(store::Database& db, const std::string& who, const std::string& action, Id id, const std::string& before,
           const std::string& after) {
  store::append_audit(db, {0, who, action, "themes", id, before, after, ""});
}

std::string json_text(const Theme& theme) {
  nlohmann::json j = theme;
  if (j.contains("members")) {
    // The audit keeps who was in it, not every evidence sentence.
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& m : theme.members) ids.push_back({{"tag_id", m.tag_id}, {"origin", m.origin}});
    j["members"] = ids;
  }
  return dump_json(j);
}

Theme theme_row(store::Database& db, Id id) {
  auto st = db.prepare(std::string(kThemeColumns) + "WHERE th.id = ?1");
  st.bind(1, id);
  if (!st.step()) throw not_found("no theme with id " + std::to_string(id));
  return read_theme(st);
}

void touch(store::Database& db, Id id, const std::string& who) {
  auto st = db.prepare("UPDATE themes SET updated_by = ?1, updated_at = ?2 WHERE id = ?3");
  st.bind(1, who).bind(2, store::utc_now()).bind(3, id);
  st.run();
}

std::string checked_text(const std::string& given, std::size_t limit, const char* what) {
  std::string t = text::unquote(given);
  if (t.empty()) throw invalid_input(std::string("a theme's ") + what + " must not be empty");
  if (t.size() > limit)
    throw invalid_input(std::string("a theme's ") + what + " is " + std::to_string(t.size()) + " bytes; at most " +
                        std::to_string(limit) + " are allowed");
  return t;
}

// The tag's category and whether it exists (Error(not_found) otherwise).
std::string tag_category(store::Database& db, Id tag_id) {
  auto st = db.prepare("SELECT category FROM tags WHERE id = ?1");
  st.bind(1, tag_id);
  if (!st.step()) throw not_found("no tag with id " + std::to_string(tag_id));
  return st.text(0);
}

// Makes the tag a member of the theme with `origin` (a member already keeps
// one row; manual wins over proposed, since a person placed it).
void add_member(store::Database& db, Id theme_id, Id tag_id, const std::string& origin, const std::string& who) {
  auto ins = db.prepare(
      "INSERT INTO theme_members (theme_id, tag_id, origin, added_by, added_at) VALUES (?1,?2,?3,?4,?5) "
      "ON CONFLICT (theme_id, tag_id) DO UPDATE SET origin = CASE WHEN excluded.origin = 'manual' THEN 'manual' "
      "ELSE theme_members.origin END");
  ins.bind(1, theme_id).bind(2, tag_id).bind(3, origin).bind(4, who).bind(5, store::utc_now());
  ins.run();
}

// Takes the tag out of one theme only; its other memberships stay.
void remove_member(store::Database& db, Id theme_id, Id tag_id) {
  auto del = db.prepare("DELETE FROM theme_members WHERE theme_id = ?1 AND tag_id = ?2");
  del.bind(1, theme_id).bind(2, tag_id);
  del.run();
}

// The themes holding the tag, ascending.
std::vector<Id> themes_holding(store::Database& db, Id tag_id) {
  auto st = db.prepare("SELECT theme_id FROM theme_members WHERE tag_id = ?1 ORDER BY theme_id");
  st.bind(1, tag_id);
  std::vector<Id> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

// --- propose ----------------------------------------------------------------

// SQL: is the tag `tag` anchored, i.e. placed by a person (a manual
// membership anywhere), in a reviewed (confirmed or dismissed) theme, or, in
// a repository-wide proposal (`study` NULL), in a study's theme? An anchored
// tag is not proposed again and its proposed memberships stay as they are,
// so a move, a split or a dismissal never loses the tag's place in the
// other themes it backs.
std::string anchored(const std::string& tag, const std::string& study) {
  return "EXISTS (SELECT 1 FROM theme_members am JOIN themes ath ON ath.id = am.theme_id WHERE am.tag_id = " + tag +
         " AND (am.origin = 'manual' OR ath.status <> 'proposed' OR (" + study + " IS NULL AND ath.study_id IS NOT NULL)))";
}

struct Loaded {
  std::vector<TagEvidence> evidence;
};

Loaded load_unplaced_tags(store::Database& db, const ProposeOptions& options) {
  // Tags a person placed, and tags in reviewed (confirmed/dismissed) themes, stay where they are.
  auto st = db.prepare(
      "SELECT t.id, t.category, e.text, t.span_start, t.span_end, t.subfields, t.theme,"
      " t.status = 'suggested' AND t.confidence < ?2 FROM tags t "
      "JOIN excerpt_speakers sp ON sp.excerpt_id = t.excerpt_id JOIN excerpts e ON e.id = t.excerpt_id "
      "WHERE (t.status = 'accepted' OR (?1 = 1 AND t.status = 'suggested' AND t.confidence >= MIN(?2, ?4))) "
      "  AND sp.is_customer_speech "
      "  AND (?3 IS NULL OR e.source_id IN (SELECT id FROM sources WHERE study_id = ?3)) "
      "  AND NOT " + anchored("t.id", "?3") + " ORDER BY t.id");
  st.bind(1, options.include_suggested ? 1 : 0).bind(2, options.min_confidence).bind(3, options.study_id)
      .bind(4, options.support_confidence);
  Loaded out;
  std::set<std::string> wanted(options.categories.begin(), options.categories.end());
  while (st.step()) {
    std::string category = st.text(1);
    if (!wanted.empty() && !wanted.count(category)) continue;
    TagEvidence e;
    e.tag_id = st.int64(0);
    e.category = std::move(category);
    e.excerpt_text = st.text(2);
    e.span_start = st.optional_int64(3);
    e.span_end = st.optional_int64(4);
    e.subfields = parse_stored_json(st.text(5));
    e.label = st.text(6);
    e.supporting = st.int64(7) != 0;
    out.evidence.push_back(std::move(e));
  }
  return out;
}

struct KeyOwner {
  Id theme_id = 0;
  ThemeStatus status = ThemeStatus::proposed;
  bool manual_name = false, manual_claim = false;
};

std::optional<KeyOwner> owner_of(store::Database& db, const std::string& category, Id scope, const std::string& key) {
  auto st = db.prepare(
      "SELECT th.id, th.status, th.name_origin, th.claim_origin FROM theme_keys k JOIN themes th ON th.id = k.theme_id "
      "WHERE k.category = ?1 AND k.study_scope = ?3 AND k.key = ?2");
  st.bind(1, category).bind(2, key).bind(3, scope);
  if (!st.step()) return std::nullopt;
  return KeyOwner{st.int64(0), parse_theme_status(st.text_view(1)), st.text_view(2) == "manual", st.text_view(3) == "manual"};
}

Id create_theme_row(store::Database& db, const std::string& category, const std::string& name, const std::string& claim,
                    const std::string& who, const std::string& name_origin, std::optional<Id> study_id = std::nullopt) {
  auto st = db.prepare(
      "INSERT INTO themes (category, name, claim, name_origin, created_by, created_at, updated_by, updated_at, study_id) "
      "VALUES (?1,?2,?3,?4,?5,?6,?5,?6,?7)");
  st.bind(1, category).bind(2, name).bind(3, claim).bind(4, name_origin).bind(5, who).bind(6, store::utc_now()).bind(7, study_id);
  st.run();
  return db.last_insert_id();
}

}  // namespace

std::string_view to_string(ThemeStatus status) {
  switch (status) {
    case ThemeStatus::proposed: return "proposed";
    case ThemeStatus::confirmed: return "confirmed";
    case ThemeStatus::dismissed: return "dismissed";
  }
  return "proposed";
}

ThemeStatus parse_theme_status(std::string_view text) {
  if (text == "proposed") return ThemeStatus::proposed;
  if (text == "confirmed") return ThemeStatus::confirmed;
  if (text == "dismissed") return ThemeStatus::dismissed;
  throw invalid_input("theme status must be proposed, confirmed or dismissed, not '" + std::string(text) + "'");
}

void to_json(nlohmann::json& out, const ThemeMember& m) {
  out = {{"tag_id", m.tag_id},
         {"excerpt_id", m.excerpt_id},
         {"source_id", m.source_id},
         {"participant_id", m.participant_id ? nlohmann::json(*m.participant_id) : nlohmann::json(nullptr)},
         {"participant_label", m.participant_label},
         {"source_title", m.source_title},
         {"origin", m.origin},
         {"evidence", m.evidence},
         {"added_by", m.added_by},
         {"added_at", m.added_at}};
}

void to_json(nlohmann::json& out, const Theme& t) {
  out = {{"id", t.id},
         {"category", t.category},
         {"name", t.name},
         {"claim", t.claim},
         {"status", to_string(t.status)},
         {"name_origin", t.name_origin},
         {"claim_origin", t.claim_origin},
         {"study_id", t.study_id ? nlohmann::json(*t.study_id) : nlohmann::json(nullptr)},
         {"created_by", t.created_by},
         {"created_at", t.created_at},
         {"updated_by", t.updated_by},
         {"updated_at", t.updated_at},
         {"excerpts", t.excerpts},
         {"participants", t.participants}};
  if (!t.members.empty()) out["members"] = t.members;
}

void to_json(nlohmann::json& out, const ProposeReport& r) {
  out = {{"tags_read", r.tags_read},         {"no_evidence", r.no_evidence},
         {"unthemed", r.unthemed},           {"themes_created", r.themes_created},
         {"themes_updated", r.themes_updated}, {"themes_removed", r.themes_removed},
         {"added_to_reviewed", r.added_to_reviewed}, {"members", r.members},
         {"supporting", r.supporting},
         {"lexicon", r.lexicon}};
}

ProposeReport propose_themes(store::Database& db, const ProposeOptions& options) {
  for (const std::string& c : options.categories) tagger::Taxonomy::builtin().require(c);
  if (!(options.min_confidence >= 0 && options.min_confidence <= 1))
    throw invalid_input("min_confidence must be a number from 0 to 1");
  if (!(options.support_confidence >= 0 && options.support_confidence <= 1))
    throw invalid_input("support_confidence must be a number from 0 to 1");
  if (options.study_id) {
    auto known = db.prepare("SELECT 1 FROM studies WHERE id = ?1");
    known.bind(1, *options.study_id);
    if (!known.step()) throw not_found("no study with id " + std::to_string(*options.study_id));
  }
  const Id scope = options.study_id.value_or(0);
  ProposeReport report;
  PhraseFinder finder;
  report.lexicon = finder.lexicon().status();
  store::Transaction tx(db);
  Loaded loaded = load_unplaced_tags(db, options);
  report.tags_read = static_cast<std::int64_t>(loaded.evidence.size());
  GroupingResult grouping = group_evidence(loaded.evidence, finder);
  report.no_evidence = static_cast<std::int64_t>(grouping.no_evidence.size());
  report.unthemed = static_cast<std::int64_t>(grouping.unthemed.size());

  // Proposed memberships are re-derived; a person's placements are not touched.
  std::set<std::string> categories;
  if (options.categories.empty()) {
    for (const auto& c : tagger::Taxonomy::builtin().categories()) categories.insert(c.key);
  } else {
    categories.insert(options.categories.begin(), options.categories.end());
  }
  // Repository-wide, the memberships of repository-wide themes are
  // re-derived; in a study, those of the study's own tags, wherever they were.
  // Anchored tags (see anchored()) keep every membership they have.
  auto clear = db.prepare(
      "DELETE FROM theme_members WHERE origin = 'proposed' AND theme_id IN "
      "(SELECT id FROM themes WHERE status = 'proposed' AND category = ?1 AND (?2 IS NOT NULL OR study_id IS NULL)) "
      "AND (?2 IS NULL OR tag_id IN (SELECT t.id FROM tags t JOIN excerpts e ON e.id = t.excerpt_id "
      "                              JOIN sources s ON s.id = e.source_id WHERE s.study_id = ?2)) "
      "AND NOT " + anchored("theme_members.tag_id", "?2"));
  for (const std::string& c : categories) {
    clear.reset();
    clear.bind(1, c).bind(2, options.study_id);
    clear.run();
  }

  std::string who = options.who;
  std::string now = store::utc_now();
  auto insert_member = db.prepare(
      "INSERT INTO theme_members (theme_id, tag_id, origin, added_by, added_at) VALUES (?1,?2,'proposed',?3,?4) "
      "ON CONFLICT (theme_id, tag_id) DO NOTHING");
  auto insert_key = db.prepare(
      "INSERT INTO theme_keys (theme_id, category, study_scope, key) VALUES (?1,?2,?4,?3) ON CONFLICT DO NOTHING");
  auto update_words = db.prepare(
      "UPDATE themes SET name = CASE WHEN name_origin = 'proposed' THEN ?1 ELSE name END, "
      "claim = CASE WHEN claim_origin = 'proposed' THEN ?2 ELSE claim END, updated_at = ?3 WHERE id = ?4");
  std::set<Id> touched;
  for (const ThemeGroup& group : grouping.groups) {
    // A theme owns its key and the keys folded into it ("p:duplic bill" in
    // "h:duplic"), so evidence said only the folded way finds it again.
    std::vector<std::string> keys = {group.key};
    keys.insert(keys.end(), group.folded_keys.begin(), group.folded_keys.end());
    std::optional<KeyOwner> owner;
    for (const std::string& key : keys)
      if (!owner) owner = owner_of(db, group.category, scope, key);
    Id theme_id;
    auto own_keys = [&](Id id) {  // keys another theme owns stay its own
      for (const std::string& key : keys) {
        insert_key.reset();
        insert_key.bind(1, id).bind(2, group.category).bind(3, key).bind(4, scope);
        insert_key.run();
      }
    };
    if (!owner) {
      theme_id = create_theme_row(db, group.category, group.name, group.claim, who, "proposed", options.study_id);
      own_keys(theme_id);
      ++report.themes_created;
    } else {
      own_keys(owner->theme_id);
      theme_id = owner->theme_id;
      if (owner->status == ThemeStatus::proposed) {
        update_words.reset();
        update_words.bind(1, group.name).bind(2, group.claim).bind(3, now).bind(4, theme_id);
        update_words.run();
        if (!touched.count(theme_id)) ++report.themes_updated;
      } else {
        report.added_to_reviewed += static_cast<std::int64_t>(group.members.size());
      }
    }
    touched.insert(theme_id);
    std::vector<std::size_t> all = group.members;
    all.insert(all.end(), group.shared_members.begin(), group.shared_members.end());
    all.insert(all.end(), group.supporting_members.begin(), group.supporting_members.end());
    report.supporting += static_cast<std::int64_t>(group.supporting_members.size());
    for (std::size_t m : all) {
      insert_member.reset();
      insert_member.bind(1, theme_id).bind(2, loaded.evidence[m].tag_id).bind(3, who).bind(4, now);
      insert_member.run();
      report.members += db.changes();
    }
  }
  // Proposed themes left empty go, unless a person named or worded them.
  auto stale = db.prepare(
      "SELECT id FROM themes WHERE status = 'proposed' AND name_origin = 'proposed' AND claim_origin = 'proposed' "
      "AND NOT EXISTS (SELECT 1 FROM theme_members m WHERE m.theme_id = themes.id)");
  std::vector<Id> empty;
  while (stale.step()) empty.push_back(stale.int64(0));
  auto drop = db.prepare("DELETE FROM themes WHERE id = ?1");
  for (Id id : empty) {
    drop.reset();
    drop.bind(1, id);
    drop.run();
  }
  report.themes_removed = static_cast<std::int64_t>(empty.size());
  audit(db, who, "themes.propose", 0, "", dump_json(nlohmann::json(report)));
  tx.commit();
  return report;
}

std::vector<Theme> list_themes(store::Database& db, const ThemeFilter& filter) {
  auto st = db.prepare(std::string(kThemeColumns) +
                       "WHERE (?1 = '' OR th.category = ?1) AND (?2 = '' OR th.status = ?2) "
                       "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM theme_members m JOIN tags t ON t.id = m.tag_id "
                       "  JOIN excerpts e ON e.id = t.excerpt_id JOIN sources s ON s.id = e.source_id "
                       "  WHERE m.theme_id = th.id AND t.status <> 'rejected' AND s.study_id = ?3)) "
                       "ORDER BY th.category, th.id");
  st.bind(1, filter.category).bind(2, filter.status ? std::string(to_string(*filter.status)) : std::string())
      .bind(3, filter.study_id);
  std::vector<Theme> out;
  while (st.step()) out.push_back(read_theme(st));
  std::stable_sort(out.begin(), out.end(), [](const Theme& a, const Theme& b) {
    if (a.category != b.category) return a.category < b.category;
    if (a.participants != b.participants) return a.participants > b.participants;
    return a.excerpts > b.excerpts;
  });
  return out;
}

Theme get_theme(store::Database& db, Id id) {
  Theme theme = theme_row(db, id);
  auto st = db.prepare(
      "SELECT m.tag_id, t.excerpt_id, e.source_id, sp.participant_id, "
      "COALESCE(p.label, ''), s.title, m.origin, e.text, t.span_start, t.span_end, m.added_by, m.added_at "
      "FROM theme_members m JOIN tags t ON t.id = m.tag_id JOIN excerpts e ON e.id = t.excerpt_id JOIN excerpt_speakers sp ON sp.excerpt_id = e.id "
      "JOIN sources s ON s.id = e.source_id LEFT JOIN participants p ON p.id = sp.participant_id "
      "WHERE m.theme_id = ?1 AND t.status <> 'rejected' ORDER BY m.tag_id");
  st.bind(1, id);
  while (st.step()) {
    ThemeMember m;
    m.tag_id = st.int64(0);
    m.excerpt_id = st.int64(1);
    m.source_id = st.int64(2);
    m.participant_id = st.optional_int64(3);
    m.participant_label = st.text(4);
    m.source_title = st.text(5);
    m.origin = st.text(6);
    std::string excerpt = st.text(7);
    for (const auto& s : evidence_sentences(excerpt, st.optional_int64(8), st.optional_int64(9)))
      m.evidence += (m.evidence.empty() ? "" : " ") + s.text;
    if (m.evidence.empty()) m.evidence = text::unquote(excerpt);
    m.added_by = st.text(10);
    m.added_at = st.text(11);
    theme.members.push_back(std::move(m));
  }
  return theme;
}

namespace {

// Runs one action on theme `id` in a transaction with its audit entry.
template <typename F>
Theme act(store::Database& db, Id id, const std::string& who, const std::string& action, F&& change) {
  store::Transaction tx(db);
  Theme before = get_theme(db, id);
  change(before);
  touch(db, id, who);
  Theme after = get_theme(db, id);
  audit(db, who, action, id, json_text(before), json_text(after));
  tx.commit();
  return after;
}

}  // namespace

Theme edit_theme_words(store::Database& db, Id id, const std::optional<std::string>& name,
                       const std::optional<std::string>& claim, const std::string& who) {
  if (!name && !claim) throw invalid_input("give a new name and/or claim");
  std::optional<std::string> new_name, new_claim;
  if (name) new_name = checked_text(*name, kMaxName, "name");
  if (claim) new_claim = checked_text(*claim, kMaxClaim, "claim");
  std::string action = name && claim ? "theme.edit" : name ? "theme.rename" : "theme.claim";
  return act(db, id, who, action, [&](const Theme&) {
    if (new_name) {
      auto st = db.prepare("UPDATE themes SET name = ?1, name_origin = 'manual' WHERE id = ?2");
      st.bind(1, *new_name).bind(2, id);
      st.run();
    }
    if (new_claim) {
      auto st = db.prepare("UPDATE themes SET claim = ?1, claim_origin = 'manual' WHERE id = ?2");
      st.bind(1, *new_claim).bind(2, id);
      st.run();
    }
  });
}

Theme rename_theme(store::Database& db, Id id, const std::string& name, const std::string& who) {
  return edit_theme_words(db, id, name, std::nullopt, who);
}

Theme set_theme_claim(store::Database& db, Id id, const std::string& claim, const std::string& who) {
  return edit_theme_words(db, id, std::nullopt, claim, who);
}

namespace {
Theme set_status(store::Database& db, Id id, ThemeStatus status, const std::string& who, const std::string& action) {
  return act(db, id, who, action, [&](const Theme&) {
    auto st = db.prepare("UPDATE themes SET status = ?1 WHERE id = ?2");
    st.bind(1, to_string(status)).bind(2, id);
    st.run();
  });
}
}  // namespace

Theme confirm_theme(store::Database& db, Id id, const std::string& who) {
  return set_status(db, id, ThemeStatus::confirmed, who, "theme.confirm");
}

Theme dismiss_theme(store::Database& db, Id id, const std::string& who) {
  return set_status(db, id, ThemeStatus::dismissed, who, "theme.dismiss");
}

Theme merge_themes(store::Database& db, Id into, Id from, const std::string& who) {
  if (into == from) throw invalid_input("a theme cannot be merged into itself");
  store::Transaction tx(db);
  Theme source = get_theme(db, from);
  Theme before = get_theme(db, into);
  if (source.category != before.category)
    throw invalid_input("theme " + std::to_string(from) + " is a " + source.category + " theme and theme " +
                        std::to_string(into) + " a " + before.category + " theme: only themes of one category merge");
  // Every member of `from` (rejected tags too) becomes a manual member of
  // `into`; a tag both held keeps one membership.
  auto rest = db.prepare(
      "INSERT INTO theme_members (theme_id, tag_id, origin, added_by, added_at) "
      "SELECT ?1, tag_id, 'manual', ?3, ?4 FROM theme_members WHERE theme_id = ?2 "
      "ON CONFLICT (theme_id, tag_id) DO UPDATE SET origin = 'manual'");
  rest.bind(1, into).bind(2, from).bind(3, who).bind(4, store::utc_now());
  rest.run();
  auto keys = db.prepare("UPDATE theme_keys SET theme_id = ?1 WHERE theme_id = ?2");
  keys.bind(1, into).bind(2, from);
  keys.run();
  auto drop = db.prepare("DELETE FROM themes WHERE id = ?1");
  drop.bind(1, from);
  drop.run();
  touch(db, into, who);
  Theme after = get_theme(db, into);
  audit(db, who, "theme.merge", into, json_text(before), json_text(after));
  audit(db, who, "theme.merged_away", from, json_text(source), dump_json({{"merged_into", into}}));
  tx.commit();
  return after;
}

Theme split_theme(store::Database& db, Id id, const std::vector<Id>& tag_ids, const std::string& name,
                  const std::string& who) {
  if (tag_ids.empty()) throw invalid_input("give the tags to split off into a new theme");
  store::Transaction tx(db);
  Theme before = get_theme(db, id);
  std::set<Id> in_theme;
  for (const ThemeMember& m : before.members) in_theme.insert(m.tag_id);
  std::set<Id> moving(tag_ids.begin(), tag_ids.end());
  for (Id t : moving)
    if (!in_theme.count(t))
      throw invalid_input("tag " + std::to_string(t) + " is not in theme " + std::to_string(id) + " (" + before.name + ")");
  if (moving.size() == in_theme.size())
    throw invalid_input("splitting off every tag of a theme leaves it empty: rename it instead");
  std::string new_name = name.empty() ? "" : checked_text(name, kMaxName, "name");
  if (new_name.empty()) new_name = before.name + " (split)";
  Id created = create_theme_row(db, before.category, new_name, "", who, name.empty() ? "proposed" : "manual",
                              before.study_id);
  for (Id t : moving) {
    remove_member(db, id, t);
    add_member(db, created, t, "manual", who);
  }
  touch(db, id, who);
  Theme after = get_theme(db, id);
  Theme split = get_theme(db, created);
  audit(db, who, "theme.split", id, json_text(before), json_text(after));
  audit(db, who, "theme.create", created, "", json_text(split));
  tx.commit();
  return split;
}

Theme move_tag(store::Database& db, Id tag_id, Id to, const std::string& who, std::optional<Id> from) {
  store::Transaction tx(db);
  std::string category = tag_category(db, tag_id);
  Theme before = get_theme(db, to);
  if (category != before.category)
    throw invalid_input("tag " + std::to_string(tag_id) + " is a " + category + " tag; theme " + std::to_string(to) +
                        " holds " + before.category + " tags");
  std::vector<Id> holders = themes_holding(db, tag_id);
  if (from) {
    if (!std::binary_search(holders.begin(), holders.end(), *from))
      throw invalid_input("tag " + std::to_string(tag_id) + " is not in theme " + std::to_string(*from) +
                          ", so it cannot move out of it");
  } else {
    // Without a source, the one other theme holding the tag is it.
    std::vector<Id> others;
    for (Id h : holders)
      if (h != to) others.push_back(h);
    if (others.size() == 1) from = others.front();
    if (others.size() > 1) {
      std::string list;
      for (Id h : others) list += (list.empty() ? "" : ", ") + std::to_string(h);
      throw invalid_input("tag " + std::to_string(tag_id) + " backs themes " + list +
                          ": say which one it moves out of (from_theme)");
    }
  }
  if (from && *from != to) remove_member(db, *from, tag_id);
  add_member(db, to, tag_id, "manual", who);
  touch(db, to, who);
  Theme after = get_theme(db, to);
  nlohmann::json detail = {{"tag_id", tag_id}, {"from_theme", from ? nlohmann::json(*from) : nlohmann::json(nullptr)}, {"to_theme", to}};
  audit(db, who, "theme.move", to, dump_json(detail), json_text(after));
  if (from && *from != to) {
    touch(db, *from, who);
    audit(db, who, "theme.move_out", *from, dump_json(detail), "");
  }
  tx.commit();
  return after;
}

std::vector<CohortTheme> themes_for_cohort(store::Database& db, const std::string& category, const Cohort& cohort,
                                           bool include_proposed) {
  auto tag_pass = excerpts_passing_tag_filter(db, cohort);
  BehaviorSegments behavior(db, cohort);
  auto st = db.prepare(
      "SELECT m.theme_id, t.id, e.id, e.source_id, sp.participant_id, "
      "COALESCE(s.account_id, p.account_id), s.kind, s.occurred_at, p.role, p.segment, a.industry, a.stage "
      "FROM theme_members m JOIN themes th ON th.id = m.theme_id JOIN tags t ON t.id = m.tag_id "
      "JOIN excerpts e ON e.id = t.excerpt_id JOIN excerpt_speakers sp ON sp.excerpt_id = e.id JOIN sources s ON s.id = e.source_id "
      "LEFT JOIN participants p ON p.id = sp.participant_id "
      "LEFT JOIN accounts a ON a.id = COALESCE(s.account_id, p.account_id) "
      "WHERE th.category = ?1 AND (th.status = 'confirmed' OR (?2 = 1 AND th.status = 'proposed')) "
      "  AND t.status <> 'rejected' AND sp.is_customer_speech "
      "ORDER BY m.theme_id, t.id");
  st.bind(1, category).bind(2, include_proposed ? 1 : 0);
  std::map<Id, CohortTheme> by_theme;
  std::map<Id, std::set<Id>> anonymous_sources;
  while (st.step()) {
    EvidenceContext c;
    c.excerpt_id = st.int64(2);
    c.source_id = st.int64(3);
    c.participant_id = st.optional_int64(4);
    c.account_id = st.optional_int64(5);
    c.kind = parse_source_kind(st.text_view(6));
    c.occurred_at = st.text(7);
    c.role = st.text(8);
    c.segment = st.text(9);
    c.industry = st.text(10);
    c.stage = st.text(11);
    behavior.fill(c);
    if (!cohort_admits(cohort, c)) continue;
    if (tag_pass && !std::binary_search(tag_pass->begin(), tag_pass->end(), c.excerpt_id)) continue;
    Id theme_id = st.int64(0);
    CohortTheme& ct = by_theme[theme_id];
    ct.tag_ids.push_back(st.int64(1));
    ct.excerpt_ids.push_back(c.excerpt_id);
    if (c.participant_id) ct.participant_ids.push_back(*c.participant_id);
    else anonymous_sources[theme_id].insert(c.source_id);
  }
  std::vector<CohortTheme> out;
  for (auto& [theme_id, ct] : by_theme) {
    ct.theme = theme_row(db, theme_id);
    for (auto* ids : {&ct.excerpt_ids, &ct.participant_ids}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    ct.voices = static_cast<std::int64_t>(ct.participant_ids.size() + anonymous_sources[theme_id].size());
    out.push_back(std::move(ct));
  }
  std::stable_sort(out.begin(), out.end(), [](const CohortTheme& a, const CohortTheme& b) {
    if (a.voices != b.voices) return a.voices > b.voices;
    return a.excerpt_ids.size() > b.excerpt_ids.size();
  });
  return out;
}

}  // namespace grounded::synth
