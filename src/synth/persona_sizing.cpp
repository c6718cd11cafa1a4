#include "synth/persona_sizing.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "icp/score_board.hpp"
#include "synth/cohort.hpp"
#include "text/strings.hpp"

namespace grounded::synth {
namespace {

using nlohmann::json;

const json& priority_rules() {
  static const json rules = [] {
    auto text = find_embedded_file("src/synth/data/persona_priority.json");
    if (!text) throw Error(ErrorKind::internal, "src/synth/data/persona_priority.json is not embedded");
    return json::parse(*text);
  }();
  return rules;
}

bool listed(const std::vector<std::string>& wanted, const std::string& value) {
  if (wanted.empty()) return true;
  const std::string v = text::lower(value);
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return text::lower(w) == v; });
}

bool listed(const std::vector<Id>& wanted, Id id) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), id) != wanted.end();
}

// The share of `accounts` the ICP matrix in force puts in its first tier
// (icp/score_board.hpp); nullopt when none of them could be scored.
std::optional<double> icp_tier1_share(store::Database& db, const std::vector<Id>& accounts) {
  if (accounts.empty()) return std::nullopt;
  const icp::ScoreBoard board = icp::score_accounts(db);
  if (board.matrix.tiers.empty()) return std::nullopt;
  const std::set<Id> mine(accounts.begin(), accounts.end());
  std::int64_t scored = 0, first = 0;
  for (const icp::AccountScore& score : board.scores) {
    if (!mine.count(score.account_id) || !score.score) continue;
    ++scored;
    first += score.tier == board.matrix.tiers.front().key;
  }
  if (scored == 0) return std::nullopt;
  return static_cast<double>(first) / static_cast<double>(scored);
}

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + "%"; }

void add_deals(store::Database& db, PersonaSizing& s, double open_weight) {
  std::set<Id> mine(s.account_ids.begin(), s.account_ids.end());
  double all = 0, own = 0;
  auto deals = db.prepare("SELECT account_id, outcome, COALESCE(amount, 0) FROM deals");
  while (deals.step()) {
    const std::string outcome = deals.text(1);
    const double amount = deals.real(2);
    const double potential = outcome == "won" ? amount : outcome == "open" ? open_weight * amount : 0;
    all += potential;
    if (deals.is_null(0) || !mine.count(deals.int64(0))) continue;
    own += potential;
    if (outcome == "won") ++s.won_deals, s.won_amount += amount;
    else if (outcome == "open") ++s.open_deals, s.open_amount += amount;
    else ++s.lost_deals;
  }
  s.pipeline_share = all > 0 ? own / all : 0;
  if (all <= 0) s.pipeline_share = -1;  // no amounts at all: the market decides alone
}

void decide_tier(PersonaSizing& s) {
  const json& rules = priority_rules();
  if (s.all_accounts == 0 || s.accounts == 0) {
    s.basis = s.all_accounts == 0 ? "no CRM accounts yet: import a companies export (grounded accounts import)"
                                  : "no account matches the persona's cohort";
    return;
  }
  s.market_share = static_cast<double>(s.accounts) / static_cast<double>(s.all_accounts);
  const double revenue_weight = rules["revenue_weight"], market_weight = rules["market_weight"];
  const double icp_weight = s.icp_tier1_share ? rules["icp_weight"].get<double>() : 0.0;
  const double icp_part = s.icp_tier1_share ? icp_weight * *s.icp_tier1_share : 0.0;
  if (s.pipeline_share < 0) {  // accounts alone (those named by interviews) say nothing about revenue
    s.pipeline_share = 0;
    s.basis = "no deal amounts yet: import a deals export (grounded accounts import) to compute a tier";
    return;
  } else {
    s.score = (revenue_weight * s.pipeline_share + market_weight * s.market_share + icp_part) /
              (revenue_weight + market_weight + icp_weight);
    s.basis = percent(s.pipeline_share) + " of the revenue potential (won and open deals), " + percent(s.market_share) +
              " of accounts";
  }
  if (s.icp_tier1_share) s.basis += ", " + percent(*s.icp_tier1_share) + " of them ICP Tier 1";
  for (const auto& t : rules["tiers"])
    if (s.score >= t["min"].get<double>()) {
      s.computed_tier = t["tier"];
      break;
    }
}

// A tier typed by hand in the words people use: "primary" is tier 1, "Tier 2" is 2.
std::string tier_number(const std::string& manual) {
  const std::string t = text::lower(text::trim(manual));
  if (t == "primary" || t == "tier 1") return "1";
  if (t == "secondary" || t == "tier 2") return "2";
  if (t == "tertiary" || t == "tier 3") return "3";
  return t;
}

}  // namespace

void to_json(json& out, const PersonaSizing& s) {
  out = {{"accounts", s.accounts},
         {"all_accounts", s.all_accounts},
         {"users", s.users},
         {"survey_respondents", s.survey_respondents},
         {"deals", {{"won", s.won_deals}, {"open", s.open_deals}, {"lost", s.lost_deals}}},
         {"won_amount", s.won_amount},
         {"open_amount", s.open_amount},
         {"pipeline_share", s.pipeline_share},
         {"market_share", s.market_share},
         {"icp_tier1_share", s.icp_tier1_share ? json(*s.icp_tier1_share) : json(nullptr)},
         {"score", s.score},
         {"computed_tier", s.computed_tier},
         {"manual_tier", s.manual_tier},
         {"tier", s.tier},
         {"override_differs", s.override_differs},
         {"basis", s.basis}};
}

PersonaSizing size_persona(store::Database& db, const Persona& persona) {
  const Cohort cohort = Cohort::parse(persona.cohort_json);
  const bool account_part = !cohort.account_ids.empty() || !cohort.industries.empty() || !cohort.stages.empty();
  const bool people_part = !cohort.participant_ids.empty() || !cohort.roles.empty() || !cohort.segments.empty();
  PersonaSizing s;
  std::set<Id> accounts;
  auto all = db.prepare("SELECT id, industry, stage FROM accounts");
  while (all.step()) {
    ++s.all_accounts;
    if (account_part && listed(cohort.account_ids, all.int64(0)) && listed(cohort.industries, all.text(1)) &&
        listed(cohort.stages, all.text(2)))
      accounts.insert(all.int64(0));
    else if (!account_part && !people_part)
      accounts.insert(all.int64(0));
  }
  auto people = db.prepare(
      "SELECT p.id, p.role, p.segment, p.account_id,"
      " EXISTS (SELECT 1 FROM sources s WHERE s.participant_id = p.id AND s.kind = 'survey') FROM participants p");
  std::set<Id> people_accounts;
  while (people.step()) {
    const Id id = people.int64(0);
    const std::optional<Id> account = people.optional_int64(3);
    if (!listed(cohort.participant_ids, id) || !listed(cohort.roles, people.text(1)) ||
        !listed(cohort.segments, people.text(2)))
      continue;
    if (account_part && (!account || !accounts.count(*account))) continue;
    ++s.users;
    if (people.int64(4)) ++s.survey_respondents;
    if (account) people_accounts.insert(*account);
  }
  if (!account_part && people_part) accounts = people_accounts;
  s.accounts = static_cast<std::int64_t>(accounts.size());
  s.account_ids.assign(accounts.begin(), accounts.end());
  add_deals(db, s, priority_rules()["open_weight"].get<double>());
  s.icp_tier1_share = icp_tier1_share(db, s.account_ids);
  decide_tier(s);
  s.manual_tier = persona.priority_tier;
  s.tier = s.manual_tier.empty() ? s.computed_tier : s.manual_tier;
  s.override_differs = !s.manual_tier.empty() && !s.computed_tier.empty() && tier_number(s.manual_tier) != s.computed_tier;
  if (!s.manual_tier.empty() && !s.override_differs) s.basis = "set by hand" + (s.computed_tier.empty() ? std::string() : ", as computed (" + s.basis + ")");
  else if (!s.manual_tier.empty())
    s.basis = "set by hand" + (s.computed_tier.empty() ? std::string() : "; computed: tier " + s.computed_tier + " (" + s.basis + ")");
  return s;
}

}  // namespace grounded::synth
