#include "text/fts_tokenizer.hpp"

#include <cstring>
#include <new>
#include <string>

#include "core/error.hpp"
#include "text/analyzer.hpp"
#include "text/extension/fts5_register.h"

namespace grounded::text {
namespace {

struct Tokenizer {
  Analyzer analyzer;
};

struct TokenizeContext {
  void* fts_context;
  int (*emit)(void*, int, const char*, int, int, int);
  bool colocate_unstemmed;
};

int xCreate(void*, const char** argv, int argc, Fts5Tokenizer** out) {
  (void)argv;
  if (argc > 0) return SQLITE_ERROR;  // no options yet; refuse rather than ignore
  try {
    *out = reinterpret_cast<Fts5Tokenizer*>(new Tokenizer());
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void xDelete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

int emit_term(void* ctx, std::string_view term, std::string_view unstemmed, int start, int end) {
  auto* c = static_cast<TokenizeContext*>(ctx);
  int rc = c->emit(c->fts_context, 0, term.data(), static_cast<int>(term.size()), start, end);
  // Documents also carry the unstemmed word at the same position, so a
  // prefix query (never stemmed) like `pricing*` still finds "pricing",
  // whose stem is "price".
  if (rc == SQLITE_OK && c->colocate_unstemmed && unstemmed != term) {
    rc = c->emit(c->fts_context, FTS5_TOKEN_COLOCATED, unstemmed.data(), static_cast<int>(unstemmed.size()), start, end);
  }
  return rc;
}

int xTokenize(Fts5Tokenizer* tokenizer, void* fts_context, int flags, const char* text, int n,
              int (*emit)(void*, int, const char*, int, int, int)) {
  if (n <= 0 || !text) return SQLITE_OK;
  const bool prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
  const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  TokenizeContext ctx{fts_context, emit, !query};
  try {
    return reinterpret_cast<Tokenizer*>(tokenizer)->analyzer.run(std::string_view(text, static_cast<std::size_t>(n)),
                                                                 !prefix, emit_term, &ctx);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

fts5_tokenizer methods = {xCreate, xDelete, xTokenize};

}  // namespace

void register_fts_tokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    throw Error(ErrorKind::internal, std::string("FTS5 is not available: ") + sqlite3_errmsg(db));
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (!api) throw Error(ErrorKind::internal, "FTS5 is not available in this SQLite build");
  const int rc = grounded_fts5_register_tokenizer(api);
  if (rc != SQLITE_OK) {
    throw Error(ErrorKind::internal, std::string("cannot register the grounded tokenizer: ") + sqlite3_errstr(rc));
  }
}

}  // namespace grounded::text

extern "C" int grounded_fts5_register_tokenizer(fts5_api* api) {
  if (!api || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateTokenizer(api, "grounded", nullptr, &grounded::text::methods, nullptr);
}
