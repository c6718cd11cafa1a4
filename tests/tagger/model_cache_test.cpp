// The parsed-model cache (tagger/model_store.cpp) is keyed by the database's
// identity: a database deleted and created again at the same path, whose
// first model again has id 1, is never served the old database's model.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "store/database.hpp"
#include "tagger/model_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace grounded;

tagger::Classifier tiny_model(const std::string& category) {
  std::vector<tagger::Example> examples;
  examples.push_back({{"invoice", "late"}, {1}});
  examples.push_back({{"weather", "nice"}, {0}});
  return tagger::Classifier::train({category}, examples);
}

}  // namespace

TEST_CASE("model cache: a database recreated at the same path gets its own model, not the cached one") {
  std::string pattern = (fs::temp_directory_path() / "grounded-model-cache-XXXXXX").string();
  fs::path dir = mkdtemp(pattern.data());
  const std::string path = (dir / "models.db").string();
  {
    store::Database db = store::Database::open(path);
    Id id = tagger::save_model(db, "first", tiny_model("pain_point"), {});
    auto loaded = tagger::latest_model(db);  // parsed and cached
    REQUIRE(loaded);
    CHECK(loaded->id == id);
    CHECK(loaded->classifier->categories() == std::vector<std::string>{"pain_point"});
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  {
    store::Database db = store::Database::open(path);
    Id id = tagger::save_model(db, "second", tiny_model("goal"), {});
    auto loaded = tagger::latest_model(db);
    REQUIRE(loaded);
    CHECK(loaded->name == "second");
    // Before: the same path and the same id 1 returned the first database's classifier.
    CHECK(loaded->classifier->categories() == std::vector<std::string>{"goal"});
    CHECK(loaded->id == id);
  }
  std::error_code error;
  fs::remove_all(dir, error);
}
