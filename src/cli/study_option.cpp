#include "cli/study_option.hpp"

#include <charconv>

#include "core/error.hpp"
#include "store/studies.hpp"

namespace grounded::cli {

store::Study find_study_option(store::Database& db, const std::string& name_or_id) {
  if (auto study = store::find_study(db, name_or_id)) return *study;
  Id id = 0;
  auto [end, error] = std::from_chars(name_or_id.data(), name_or_id.data() + name_or_id.size(), id);
  if (error == std::errc() && end == name_or_id.data() + name_or_id.size()) return store::get_study(db, id);
  std::string names;
  std::size_t listed = 0;
  for (const store::StudySummary& s : store::list_studies(db))
    if (listed++ < 10) names += (names.empty() ? "" : ", ") + s.study.name;
  if (listed > 10) names += ", …";
  throw not_found("no study named '" + name_or_id + "'" + (names.empty() ? " (there are no studies yet)" : " (studies: " + names + ")"));
}

}  // namespace grounded::cli
