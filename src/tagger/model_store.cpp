#include "tagger/model_store.hpp"

#include <chrono>
#include <cmath>
#include <iterator>
#include <map>
#include <mutex>

#include "core/error.hpp"
#include "core/json.hpp"
#include "tagger/adaptation.hpp"
#include "tagger/cue_rules.hpp"
#include "tagger/labeled_csv.hpp"
#include "tagger/reviewed_examples.hpp"
#include "tagger/signals.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/training.hpp"

namespace grounded::tagger {

Id save_model(store::Database& db, const std::string& name, const Classifier& model, const nlohmann::json& metrics) {
  auto st = db.prepare("INSERT INTO tagger_models (name, model, metrics, trained_at) VALUES (?1, ?2, ?3, ?4)");
  nlohmann::json stored_metrics = metrics.is_object() ? metrics : nlohmann::json::object();
  stored_metrics["feature_version"] = feature_version;
  st.bind(1, name).bind(2, dump_json(model.to_json())).bind(3, dump_json(stored_metrics)).bind(4, store::utc_now());
  st.run();
  return db.last_insert_id();
}

std::optional<StoredModel> latest_model(store::Database& db) {
  auto head = db.prepare(
      "SELECT id, name, trained_at, metrics FROM tagger_models "
      "WHERE json_valid(metrics) AND json_extract(metrics, '$.feature_version') = ?1 ORDER BY id DESC LIMIT 1");
  head.bind(1, static_cast<std::int64_t>(feature_version));
  if (!head.step()) return std::nullopt;
  StoredModel out;
  out.id = head.int64(0);
  out.name = head.text(1);
  out.trained_at = head.text(2);
  out.metrics = parse_stored_json(head.text(3));
  // Parsing a model costs milliseconds; a server asks for it per request.
  // Keyed by the database's identity, not its path (a database created again
  // at the same path starts its ids again at 1), and by what the row says
  // it is (a replaced seed model can reuse a deleted row's id).
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Classifier>> cache;
  std::lock_guard lock(mutex);
  const std::string key =
      db.identity() + "\n" + std::to_string(out.id) + "\n" + out.trained_at + "\n" + head.text(3);
  if (auto it = cache.find(key); it != cache.end()) {
    out.classifier = it->second;
    return out;
  }
  auto body = db.prepare("SELECT model FROM tagger_models WHERE id = ?1");
  body.bind(1, out.id);
  body.step();
  nlohmann::json json = nlohmann::json::parse(body.text_view(0), nullptr, false);
  if (json.is_discarded()) throw invalid_input("stored tagger model " + std::to_string(out.id) + " is not valid JSON");
  out.classifier = std::make_shared<const Classifier>(Classifier::from_json(json));
  if (cache.size() >= 16) cache.clear();  // a few databases per process; tests make hundreds
  cache[key] = out.classifier;
  return out;
}

std::shared_ptr<const Classifier> model_for(store::Database& db) {
  auto stored = latest_model(db);
  const std::string fingerprint = seed_fingerprint();
  if (stored && (stored->name != "seed" || stored->metrics.value("seed_data", "") == fingerprint))
    return stored->classifier;
  // Training takes a second or two; loading a stored model a tenth of that.
  auto seed = seed_model();
  store::Transaction tx(db);
  // Stale copies of the seed model are a cache, not history: 2 MB each.
  db.exec("DELETE FROM tagger_models WHERE name = 'seed'");
  save_model(db, "seed", *seed, {{"seed_examples", seed_training_set().size()}, {"seed_data", fingerprint}});
  tx.commit();
  return seed;
}

StoredModel train_from_database(store::Database& db, double reviewed_weight) {
  if (reviewed_weight <= 0) reviewed_weight = default_reviewed_weight();
  const auto started = std::chrono::steady_clock::now();
  ReviewedRows reviewed = reviewed_rows(db, reviewed_weight);
  const std::size_t reviewed_count = reviewed.rows.size();
  const auto seed = seed_model();
  const AdaptationOptions& options = adaptation_options();
  AdaptationReport adaptation;
  Classifier model = adapt_to_reviews(*seed, reviewed.rows, CueRules::builtin(), options, &adaptation);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json metrics = {{"seed_examples", seed_training_set().size()},
                            {"seed_data", seed_fingerprint()},
                            {"reviewed_rows", reviewed_count},
                            {"imported_examples", reviewed.imported},
                            {"reviewed_excerpts", reviewed.reviewed_excerpts},
                            {"accepted_tags", reviewed.accepted_tags},
                            {"rejected_tags", reviewed.rejected_tags},
                            {"reviewed_weight", reviewed_weight},
                            {"adaptation", {{"method", options.stack ? "stack" : options.augment ? "augment" : "correction"},
                                            {"stack_penalty", options.stack_penalty},
                                            {"stack_threshold", options.stack_threshold},
                                            {"augment_guard", options.augment_guard},
                                            {"epochs", options.correction.epochs},
                                            {"learning_rate", options.correction.learning_rate},
                                            {"l2", options.correction.l2},
                                            {"solver", options.exact ? "exact" : "sgd"},
                                            {"penalty_l2", options.penalty.l2},
                                            {"strength_choices", options.strength_choices},
                                            {"threshold_folds", options.threshold_folds}}},
                            {"thresholds", adaptation.thresholds},
                            {"strengths", adaptation.strengths},
                            {"training_seconds", std::round(seconds * 100.0) / 100.0},
                            {"features", model.feature_count()}};
  StoredModel out;
  out.name = std::string(options.stack     ? "seed+stacked from "
                         : options.augment ? "seed+augmented from "
                                           : "seed+correction from ") +
             std::to_string(reviewed_count) + " reviewed";
  out.id = save_model(db, out.name, model, metrics);
  auto stored = latest_model(db);
  return stored ? *stored : out;
}

void to_json(nlohmann::json& out, const StoredModel& m) {
  out = {{"id", m.id}, {"name", m.name}, {"trained_at", m.trained_at}, {"metrics", m.metrics}};
}

}  // namespace grounded::tagger
