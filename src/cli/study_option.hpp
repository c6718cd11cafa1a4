// How verbs name a study on the command line: by name (case-insensitive),
// or by id when no study has that name.
#pragma once

#include <string>

#include "core/types.hpp"
#include "store/database.hpp"
#include "store/studies.hpp"

namespace grounded::cli {

// Error(not_found) naming the study when there is none by that name or id.
store::Study find_study_option(store::Database& db, const std::string& name_or_id);

}  // namespace grounded::cli
