// Who a source's participant is. A label that names a person ("Dana Reyes",
// "P3") is the same person in every file of a study; a generic label
// ("Interviewee", "Speaker 2", "Participant", Q/A's "A") names nobody, so each
// file's generic participant is a different person — "Interviewee (Interview
// 10.txt)" — unless the user linked it (--participant, study.json, the upload
// form, or a later edit). Internal to ingest/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "store/database.hpp"
#include "store/studies.hpp"

namespace grounded::ingest {

// The participants.label under which a source's participant is stored.
// `speaker_label` is the name the file (or the user) gave; `origin` is the
// source's origin (file name, plus "#ticket=…" for rows of an export);
// `study` is the study the source is filed under.
// `named_by_user`: the name came from --participant / study.json / the upload
// form, and is used as a name even when generic.
//
// A generic label gets the origin in brackets, and a further ", 2", ", 3" …
// when a different file of the same name already holds that label.
// A name is a person within the study: the participant known by that name
// (label or merged alias) who speaks in `study`, or one who speaks nowhere
// yet. When only people in other studies bear the name, this is someone else:
// "Jane Smith (Study B)". Linking across studies is a merge on the
// participants page, after which the merged person answers to both names.
std::string participant_label(store::Database& db, const std::string& speaker_label, std::string_view origin,
                              bool named_by_user, const store::Study& study);

// A warning when participant `id` now appears in more than `limit` sources:
// one person interviewed that often is more likely several people under one
// label. nullopt otherwise.
std::optional<std::string> participant_span_warning(store::Database& db, Id id, std::int64_t limit);

}  // namespace grounded::ingest
