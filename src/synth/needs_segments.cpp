#include "synth/needs_segments.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "store/studies.hpp"
#include "synth/cohort.hpp"
#include "synth/persona_store.hpp"

namespace grounded::synth {
namespace {

constexpr double kMergeSimilarity = 0.3;
constexpr double kMinLift = 0.25;

double jaccard(const std::vector<int>& a, const std::vector<int>& b) {
  std::size_t shared = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++shared;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  std::size_t total = a.size() + b.size() - shared;
  return total == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(total);
}

// Average linkage, softened toward complete linkage: half the mean, half the
// least similar pair, so one well-connected member cannot pull a blob together.
double linkage(const NeedsMatrix& m, const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
  double sum = 0, least = 1;
  for (std::size_t x : a)
    for (std::size_t y : b) {
      double s = jaccard(m.themes_of[x], m.themes_of[y]);
      sum += s;
      least = std::min(least, s);
    }
  return 0.5 * sum / static_cast<double>(a.size() * b.size()) + 0.5 * least;
}

std::vector<DistinguishingTheme> distinguishing(const NeedsMatrix& m, const std::vector<std::size_t>& members) {
  std::vector<int> inside(m.themes.size(), 0), total(m.themes.size(), 0);
  std::set<std::size_t> in(members.begin(), members.end());
  for (std::size_t p = 0; p < m.participants.size(); ++p)
    for (int t : m.themes_of[p]) {
      ++total[static_cast<std::size_t>(t)];
      if (in.count(p)) ++inside[static_cast<std::size_t>(t)];
    }
  const double n_in = static_cast<double>(members.size());
  const double n_out = static_cast<double>(m.participants.size() - members.size());
  std::vector<DistinguishingTheme> out;
  for (std::size_t t = 0; t < m.themes.size(); ++t) {
    if (inside[t] == 0) continue;
    DistinguishingTheme d{m.themes[t], inside[t] / n_in, n_out > 0 ? (total[t] - inside[t]) / n_out : 0.0};
    // Distinguishing: most of the group voiced it, and clearly more of them than of everyone else.
    if (d.share_inside >= 0.5 && d.share_inside - d.share_outside >= kMinLift) out.push_back(d);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.share_inside - a.share_outside > b.share_inside - b.share_outside;
  });
  if (out.size() > 3) out.resize(3);
  return out;
}

// The matrix keeping only themes that can tell people apart: voiced by at
// least two participants and by no more than 70% of them.
NeedsMatrix telling_themes(const NeedsMatrix& m) {
  std::vector<int> voices(m.themes.size(), 0);
  for (const auto& themes : m.themes_of)
    for (int t : themes) ++voices[static_cast<std::size_t>(t)];
  const double most = 0.7 * static_cast<double>(m.participants.size());
  NeedsMatrix kept = m;
  for (auto& themes : kept.themes_of)
    themes.erase(std::remove_if(themes.begin(), themes.end(),
                                [&](int t) {
                                  int v = voices[static_cast<std::size_t>(t)];
                                  return v < 2 || (m.participants.size() >= 4 && v > most);
                                }),
                 themes.end());
  return kept;
}

}  // namespace

std::vector<NeedsCohort> cluster_by_needs(const NeedsMatrix& all, std::size_t min_groups, std::size_t max_groups) {
  NeedsMatrix m = telling_themes(all);
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t p = 0; p < m.participants.size(); ++p)
    if (!m.themes_of[p].empty()) groups.push_back({p});
  if (groups.size() < 2) {  // too few telling themes (a small or uniform set): use them all
    m = all;
    groups.clear();
    for (std::size_t p = 0; p < m.participants.size(); ++p)
      if (!m.themes_of[p].empty()) groups.push_back({p});
  }
  // Two voices at least per group: fewer participants give fewer groups.
  const std::size_t most = std::min(max_groups, std::max<std::size_t>(1, groups.size() / 2));
  const std::size_t floor = std::min(min_groups, most);
  while (groups.size() > 1) {
    double best = -1;
    std::size_t bi = 0, bj = 1;
    for (std::size_t i = 0; i < groups.size(); ++i)
      for (std::size_t j = i + 1; j < groups.size(); ++j) {
        double s = linkage(m, groups[i], groups[j]);
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    if (groups.size() <= most && (groups.size() <= floor || best < kMergeSimilarity)) break;
    groups[bi].insert(groups[bi].end(), groups[bj].begin(), groups[bj].end());
    std::sort(groups[bi].begin(), groups[bi].end());
    groups.erase(groups.begin() + static_cast<long>(bj));
  }
  std::vector<NeedsCohort> out;
  for (auto& g : groups) out.push_back({g, distinguishing(all, g)});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.members.size() > b.members.size(); });
  return out;
}

NeedsMatrix needs_matrix(store::Database& db, std::optional<Id> study_id, std::string* basis) {
  std::int64_t themed = 0;
  {
    store::Statement q = db.prepare("SELECT COUNT(*) FROM theme_members m JOIN themes t ON t.id = m.theme_id WHERE t.status <> 'dismissed'");
    q.step();
    themed = q.int64(0);
  }
  const bool use_themes = themed > 0;
  if (basis) *basis = use_themes ? "themes" : "tags";
  store::Statement q = db.prepare(
      use_themes
          ? "SELECT sp.participant_id, p.label, th.category || ': ' || th.name"
            " FROM theme_members m JOIN themes th ON th.id = m.theme_id JOIN tags t ON t.id = m.tag_id"
            " JOIN excerpt_speakers sp ON sp.excerpt_id = t.excerpt_id JOIN sources s ON s.id = sp.source_id"
            " JOIN participants p ON p.id = sp.participant_id"
            " WHERE th.status <> 'dismissed' AND t.status <> 'rejected' AND sp.is_customer_speech"
            "   AND (?1 IS NULL OR s.study_id = ?1) ORDER BY sp.participant_id"
          : "SELECT sp.participant_id, p.label, t.category || ': ' || t.theme"
            " FROM tags t JOIN excerpt_speakers sp ON sp.excerpt_id = t.excerpt_id JOIN sources s ON s.id = sp.source_id"
            " JOIN participants p ON p.id = sp.participant_id"
            " WHERE t.status <> 'rejected' AND t.theme <> '' AND sp.is_customer_speech"
            "   AND (?1 IS NULL OR s.study_id = ?1) ORDER BY sp.participant_id");
  q.bind(1, study_id);
  NeedsMatrix m;
  std::map<std::string, int> theme_index;
  std::map<Id, std::set<int>> voiced;
  std::map<Id, std::string> labels;
  while (q.step()) {
    Id p = q.int64(0);
    labels[p] = q.text(1);
    auto [it, added] = theme_index.try_emplace(q.text(2), static_cast<int>(theme_index.size()));
    if (added) m.themes.push_back(it->first);
    voiced[p].insert(it->second);
  }
  for (const auto& [p, themes] : voiced) {
    m.participants.push_back(p);
    m.participant_labels.push_back(labels[p]);
    m.themes_of.emplace_back(themes.begin(), themes.end());
  }
  return m;
}

nlohmann::json persona_overlaps(store::Database& db, double threshold) {
  std::vector<Persona> personas = list_personas(db);
  std::vector<std::vector<Id>> members;
  for (const Persona& p : personas) members.push_back(cohort_members(db, Cohort::parse(p.cohort_json)).participants);
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < personas.size(); ++i)
    for (std::size_t j = i + 1; j < personas.size(); ++j) {
      const auto& a = members[i];
      const auto& b = members[j];
      if (a.size() < 2 || b.size() < 2) continue;
      std::vector<Id> shared;
      std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
      double score = static_cast<double>(shared.size()) / static_cast<double>(a.size() + b.size() - shared.size());
      if (score < threshold) continue;
      out.push_back({{"personas", {{{"id", personas[i].id}, {"name", personas[i].name}},
                                   {{"id", personas[j].id}, {"name", personas[j].name}}}},
                     {"shared", shared.size()},
                     {"jaccard", score},
                     {"message", "'" + personas[i].name + "' and '" + personas[j].name + "' share " +
                                     std::to_string(shared.size()) + " of " +
                                     std::to_string(a.size() + b.size() - shared.size()) +
                                     " participants: they describe the same people, so consider merging them"}});
    }
  return out;
}

nlohmann::json suggest_needs_segments(store::Database& db, std::optional<Id> study_id) {
  std::string basis;
  NeedsMatrix m = needs_matrix(db, study_id, &basis);
  std::vector<NeedsCohort> cohorts = cluster_by_needs(m);
  nlohmann::json list = nlohmann::json::array();
  std::string study_name;
  if (study_id) study_name = store::get_study(db, *study_id).name;
  for (const NeedsCohort& c : cohorts) {
    nlohmann::json people = nlohmann::json::array();
    std::vector<Id> ids;
    for (std::size_t i : c.members) {
      people.push_back({{"id", m.participants[i]}, {"label", m.participant_labels[i]}});
      ids.push_back(m.participants[i]);
    }
    std::sort(ids.begin(), ids.end());
    nlohmann::json themes = nlohmann::json::array();
    std::string name;
    for (const auto& t : c.themes) {
      themes.push_back({{"theme", t.theme}, {"share_inside", t.share_inside}, {"share_outside", t.share_outside}});
      std::string short_name = t.theme.substr(t.theme.find(": ") == std::string::npos ? 0 : t.theme.find(": ") + 2);
      if (name.size() < 60) name += (name.empty() ? "" : " · ") + short_name;
    }
    nlohmann::json cohort = {{"participants", {{"ids", ids}}}};
    if (!study_name.empty()) cohort["studies"] = {study_name};
    list.push_back({{"name", name.empty() ? "Mixed needs" : name},
                    {"size", c.members.size()},
                    {"participants", people},
                    {"themes", themes},
                    {"cohort", cohort}});
  }
  std::string note;
  if (m.participants.size() < 6)
    note = "only " + std::to_string(m.participants.size()) +
           " participants have themed evidence: tag and theme more interviews for sturdier groups";
  return {{"basis", basis},
          {"participants", m.participants.size()},
          {"cohorts", list},
          {"overlaps", persona_overlaps(db)},
          {"note", note}};
}

}  // namespace grounded::synth
