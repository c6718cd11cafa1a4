// A source's body, stored once (schema/0020_source_body_once.sql).
//
// The excerpts of a source are slices of its body (start_byte/end_byte) and
// hold their texts anyway, so the body is stored without them: what lies
// between and around the excerpts (speaker headings, blank lines). The whole
// body is rebuilt by putting each excerpt's text back at its start_byte.
// Everything that reads a body reads it here, never sources.body directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::store {

// What sources.body stores for `body` when its excerpts are cut out: nullopt
// when the excerpts are not in ascending, non-overlapping start_byte order
// (then the whole body is stored). The excerpts' offsets must already point
// at their texts inside `body` (SourceWriter checks that first).
std::optional<std::string> body_without_excerpts(std::string_view body, const std::vector<Excerpt>& excerpts);

// One excerpt as the rebuild needs it.
struct BodyPiece {
  std::int64_t start_byte = 0;
  std::string text;
};

// The whole body from `stored` (body_without_excerpts' result) and the
// excerpts in start_byte order. Throws Error(internal) when they do not fit
// together (a piece out of order or past the end): a damaged database, never
// bad input.
std::string body_with_excerpts(std::string_view stored, const std::vector<BodyPiece>& pieces);

// The whole body of source `id`, whichever way it was stored. Throws
// Error(not_found) for an unknown id.
std::string source_body(Database& db, Id id);

}  // namespace grounded::store
