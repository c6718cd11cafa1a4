// The terms the search index stores for a piece of text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::text {

// The folded, stemmed terms the "grounded" FTS5 tokenizer indexes for
// `utf8`, in order ("Pricing résumés!" → {"price", "resum"}). Thread-safe
// (one analyzer per thread). Invalid UTF-8 is tolerated; punctuation and
// emoji produce no terms.
std::vector<std::string> index_terms(std::string_view utf8);

// The same terms folded but not stemmed ("Pricing" → "pricing"): what a
// prefix query is compared against.
std::vector<std::string> folded_terms(std::string_view utf8);

}  // namespace grounded::text
