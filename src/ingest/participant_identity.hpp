// Who a source's participant is. A label that names a person ("Dana Reyes",
// "P3") is the same person in every file; a generic label ("Interviewee",
// "Speaker 2", "Participant", Q/A's "A") names nobody, so each file's generic
// participant is a different person — "Interviewee (Interview 10.txt)" —
// unless the user linked it (--participant, study.json, the upload form, or a
// later edit). Internal to ingest/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::ingest {

// The participants.label under which a source's participant is stored.
// `speaker_label` is the name the file (or the user) gave; `origin` is the
// source's origin (file name, plus "#ticket=…" for rows of an export).
// `named_by_user`: the name came from --participant / study.json / the upload
// form, and is used as given even when generic. A generic label gets the
// origin in brackets, and a further ", 2", ", 3" … when a different file of
// the same name already holds that label.
//
// Scope: names are matched across the whole repository (participants.label is
// unique). When sources belong to studies, this is the one place where the
// match narrows to the source's study.
std::string participant_label(store::Database& db, const std::string& speaker_label, std::string_view origin,
                              bool named_by_user);

// A warning when participant `id` now appears in more than `limit` sources:
// one person interviewed that often is more likely several people under one
// label. nullopt otherwise.
std::optional<std::string> participant_span_warning(store::Database& db, Id id, std::int64_t limit);

}  // namespace grounded::ingest
