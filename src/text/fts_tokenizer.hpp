// The "grounded" FTS5 tokenizer: ICU word boundaries, NFKC case folding with
// diacritics removed (résumé → resume), CJK split into words by ICU's
// dictionary, and Snowball English stemming (pricing, priced → price) that is
// skipped for prefix queries.
#pragma once

#include <sqlite3.h>

namespace grounded::text {

// Registers the tokenizer as "grounded" on this connection. Throws
// Error(internal) when FTS5 is not available.
void register_fts_tokenizer(sqlite3* db);

}  // namespace grounded::text
