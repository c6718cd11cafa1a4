#include "store/deals.hpp"

#include "core/json.hpp"

namespace grounded::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT d.id, d.system, d.external_id, d.name, d.account_id, COALESCE(a.name, ''), d.stage, d.outcome,"
    " d.amount, d.close_date, d.lost_reason FROM deals d LEFT JOIN accounts a ON a.id = d.account_id ";

Deal read_deal(const Statement& row) {
  Deal d;
  d.id = row.int64(0);
  d.system = row.text(1);
  d.external_id = row.text(2);
  d.name = row.text(3);
  d.account_id = row.optional_int64(4);
  d.account_name = row.text(5);
  d.stage = row.text(6);
  d.outcome = row.text(7);
  d.amount = row.optional_real(8);
  d.close_date = row.text(9);
  d.lost_reason = row.text(10);
  return d;
}

std::vector<Deal> read_all(Statement& query) {
  std::vector<Deal> out;
  while (query.step()) out.push_back(read_deal(query));
  return out;
}

}  // namespace

void to_json(nlohmann::json& out, const Deal& d) {
  out = {{"id", d.id},
         {"system", d.system},
         {"external_id", d.external_id},
         {"name", d.name},
         {"account_id", d.account_id ? nlohmann::json(*d.account_id) : nlohmann::json(nullptr)},
         {"account", d.account_name},
         {"stage", d.stage},
         {"outcome", d.outcome},
         {"amount", d.amount ? nlohmann::json(*d.amount) : nlohmann::json(nullptr)},
         {"close_date", d.close_date},
         {"lost_reason", d.lost_reason}};
}

std::optional<Deal> find_deal(Database& db, const Deal& like) {
  Statement query = like.external_id.empty()
                        ? db.prepare(std::string(kSelect) +
                                     "WHERE d.system = ?1 AND d.external_id = '' AND d.name = ?2 AND d.account_id IS ?3")
                        : db.prepare(std::string(kSelect) + "WHERE d.system = ?1 AND d.external_id = ?4");
  query.bind(1, like.system);
  if (like.external_id.empty()) query.bind(2, like.name).bind(3, like.account_id);
  else query.bind(4, like.external_id);
  if (!query.step()) return std::nullopt;
  return read_deal(query);
}

Id save_deal(Database& db, const Deal& d) {
  if (d.id == 0) {
    Statement insert = db.prepare(
        "INSERT INTO deals (system, external_id, name, account_id, stage, outcome, amount, close_date, lost_reason)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    insert.bind(1, d.system).bind(2, d.external_id).bind(3, d.name).bind(4, d.account_id).bind(5, d.stage);
    insert.bind(6, d.outcome).bind(7, d.amount).bind(8, d.close_date).bind(9, d.lost_reason).run();
    return db.last_insert_id();
  }
  Statement update = db.prepare(
      "UPDATE deals SET name = ?2, account_id = ?3, stage = ?4, outcome = ?5, amount = ?6, close_date = ?7,"
      " lost_reason = ?8, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
  update.bind(1, d.id).bind(2, d.name).bind(3, d.account_id).bind(4, d.stage).bind(5, d.outcome);
  update.bind(6, d.amount).bind(7, d.close_date).bind(8, d.lost_reason).run();
  return d.id;
}

std::vector<Deal> list_deals(Database& db, std::optional<Id> account_id) {
  Statement query =
      db.prepare(std::string(kSelect) + "WHERE ?1 IS NULL OR d.account_id = ?1 ORDER BY d.close_date DESC, d.id");
  query.bind(1, account_id);
  return read_all(query);
}

std::vector<Deal> deals_closed_since(Database& db, const std::string& since) {
  Statement query = db.prepare(std::string(kSelect) +
                               "WHERE d.close_date <> '' AND d.close_date >= substr(?1, 1, 10) ORDER BY d.close_date DESC, d.id");
  query.bind(1, since);
  return read_all(query);
}

}  // namespace grounded::store
