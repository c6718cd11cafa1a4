#include "search/match_attributes.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

namespace grounded::search {
namespace {

// Indexing by id wastes the holes deletions leave; past this many slots per
// stored excerpt (and a floor for small databases) search joins instead.
constexpr std::int64_t kMostSlotsPerRow = 4;
constexpr std::int64_t kSlotsAlwaysAllowed = 1 << 20;
constexpr std::size_t kMostDatabases = 8;

struct Store {
  std::mutex mutex;  // guards `tables` and `loading`; a table itself is immutable once shared
  std::map<std::string, std::shared_ptr<const AttributeTable>> tables;
  std::set<std::string> loading;  // databases whose table a thread is reading now
};

// Marks a database's table as being read, for as long as it lives.
class LoadingMark {
 public:
  LoadingMark(Store& s, std::string key) : s_(s), key_(std::move(key)) {}
  ~LoadingMark() {
    std::lock_guard lock(s_.mutex);
    s_.loading.erase(key_);
  }
  LoadingMark(const LoadingMark&) = delete;
  LoadingMark& operator=(const LoadingMark&) = delete;

 private:
  Store& s_;
  std::string key_;
};

Store& store_of_tables() {
  static Store store;
  return store;
}

std::uint8_t code_of(std::vector<std::string>& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<std::uint8_t>(it - names.begin());
  names.emplace_back(name);
  return static_cast<std::uint8_t>(names.size() - 1);
}

// Appends the rows with ids in (table.watermark, upto]; false when the ids
// are too sparse to index or there are more distinct kinds or roles than
// a code holds.
bool read_rows(store::Database& db, AttributeTable& table, Id upto) {
  if (upto > kSlotsAlwaysAllowed) {
    auto count = db.prepare("SELECT count(*) FROM excerpt_search");
    count.step();
    if (upto > kMostSlotsPerRow * count.int64(0)) return false;
  }
  table.by_id.resize(static_cast<std::size_t>(upto) + 1);
  auto st = db.prepare(
      "SELECT excerpt_id, kind, speaker_role, is_customer_speech, COALESCE(study_id, 0) FROM excerpt_search "
      "WHERE excerpt_id > ?1 AND excerpt_id <= ?2");
  st.bind(1, table.watermark).bind(2, upto);
  while (st.step()) {
    MatchAttributes& a = table.by_id[static_cast<std::size_t>(st.int64(0))];
    a.kind = code_of(table.kinds, st.text_view(1));
    a.role = code_of(table.roles, st.text_view(2));
    a.customer_speech = st.int64(3) != 0;
    a.study_id = st.int64(4);
    a.present = true;
    if (table.kinds.size() > 250 || table.roles.size() > 250) return false;
  }
  table.watermark = upto;
  return true;
}

}  // namespace

std::shared_ptr<const AttributeTable> attribute_table(store::Database& db, const std::string& db_key,
                                                      std::int64_t generation) {
  if (db_key.empty()) return nullptr;
  auto highest = db.prepare("SELECT COALESCE(max(excerpt_id), 0) FROM excerpt_search");
  highest.step();
  const Id upto = highest.int64(0);

  Store& s = store_of_tables();
  std::shared_ptr<const AttributeTable> current;
  {
    std::lock_guard lock(s.mutex);
    auto it = s.tables.find(db_key);
    if (it != s.tables.end()) current = it->second;
    if (current && current->generation == generation && current->watermark >= upto)
      return current->sparse ? nullptr : current;
    // Another thread is reading it (the server's warm-up at start takes ~1 s
    // at a million excerpts): this search joins excerpt_search instead of
    // waiting or reading it a second time.
    if (!s.loading.insert(db_key).second) return nullptr;
  }
  LoadingMark mark(s, db_key);

  // Read outside the lock, so other searches go on meanwhile.
  auto next = std::make_shared<AttributeTable>();
  if (current && current->generation == generation) {
    *next = *current;  // keep what was read, append what was added
  } else {
    next->generation = generation;
  }
  if (!read_rows(db, *next, upto)) {
    *next = AttributeTable{};  // remembered as sparse until the next change
    next->generation = generation;
    next->watermark = upto;
    next->sparse = true;
  }
  std::lock_guard lock(s.mutex);
  if (s.tables.size() >= kMostDatabases && !s.tables.count(db_key)) s.tables.erase(s.tables.begin());
  s.tables[db_key] = next;
  return next->sparse ? nullptr : next;
}

}  // namespace grounded::search
