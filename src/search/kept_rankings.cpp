#include "search/kept_rankings.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <mutex>

namespace grounded::search {
namespace {

constexpr std::size_t kMostKept = 256;

struct Store {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const KeptRanking>> rankings;
  std::deque<std::string> order;  // oldest first
};

Store& kept() {
  static Store store;
  return store;
}

}  // namespace

std::string kept_rankings_key(store::Database& db) {
  const std::string& path = db.path();
  if (path.empty() || path == ":memory:") return "";
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "";
  // The inode tells a database deleted and created again at the same path
  // (tests, benches) from the one the ranking was made on.
  return path + "#" + std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
}

std::shared_ptr<const KeptRanking> find_kept_ranking(const std::string& db_key, const std::string& expression) {
  if (db_key.empty()) return nullptr;
  Store& s = kept();
  std::lock_guard lock(s.mutex);
  auto it = s.rankings.find(db_key + "\n" + expression);
  return it == s.rankings.end() ? nullptr : it->second;
}

void keep_ranking(const std::string& db_key, const std::string& expression, std::shared_ptr<const KeptRanking> ranking) {
  if (db_key.empty()) return;
  Store& s = kept();
  std::lock_guard lock(s.mutex);
  const std::string key = db_key + "\n" + expression;
  if (s.rankings.insert_or_assign(key, std::move(ranking)).second) s.order.push_back(key);
  while (s.order.size() > kMostKept) {
    s.rankings.erase(s.order.front());
    s.order.pop_front();
  }
}

void forget_ranking(const std::string& db_key, const std::string& expression) {
  Store& s = kept();
  std::lock_guard lock(s.mutex);
  const std::string key = db_key + "\n" + expression;
  if (s.rankings.erase(key)) s.order.erase(std::find(s.order.begin(), s.order.end(), key));
}

std::int64_t search_generation(store::Database& db) {
  auto st = db.prepare("SELECT n FROM search_generation WHERE id = 1");
  return st.step() ? st.int64(0) : 0;
}

}  // namespace grounded::search
