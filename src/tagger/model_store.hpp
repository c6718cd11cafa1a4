// Trained models in the tagger_models table: save, load the newest, and
// adapt the seed model to what reviewers accepted, rejected and imported.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/database.hpp"
#include "tagger/classifier.hpp"

namespace grounded::tagger {

struct StoredModel {
  Id id = 0;
  std::string name;
  std::string trained_at;
  nlohmann::json metrics = nlohmann::json::object();
  std::shared_ptr<const Classifier> classifier;
};

// Stores the model as JSON with the feature_version it was trained on
// (added to `metrics`); returns its id.
Id save_model(store::Database& db, const std::string& name, const Classifier& model, const nlohmann::json& metrics);
// The newest stored model trained on this build's feature_version (parsed
// once per process and id), or nullopt when there is none. A stored model
// that no longer parses throws Error(invalid_input).
std::optional<StoredModel> latest_model(store::Database& db);
// The newest usable stored model's classifier. Without one, the seed model,
// which is then stored (name "seed") so the next process loads it instead of
// training it again; a stored seed model of other seed data is replaced
// (deleted, not kept beside the new one).
std::shared_ptr<const Classifier> model_for(store::Database& db);

// `grounded tagger train`: the seed model adapted to every reviewed row of
// `db` (reviewed_rows(): imported labeled rows, and excerpts whose accepted
// and human tags are positives, rejected ones negatives) by a correction
// trained on top of it (adaptation.hpp), each reviewed row weighing
// `reviewed_weight` (<= 0: the default of learning.json); stores the model
// and returns it. Metrics hold the example counts ("reviewed_rows": how many
// reviewed rows it learned from), the weight and adaptation options, the
// seed data it was built on and the training time.
StoredModel train_from_database(store::Database& db, double reviewed_weight = 0);

// {"id","name","trained_at","metrics"} (no weights).
void to_json(nlohmann::json& out, const StoredModel& model);

}  // namespace grounded::tagger
