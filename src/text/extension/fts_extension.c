/* The "grounded" FTS5 tokenizer as a loadable SQLite extension, so the stock
   sqlite3 shell can query a Grounded database:
     sqlite3 grounded.db ".load build/grounded_fts" "SELECT ... MATCH 'price'"
   Everything here goes through sqlite3_api (the shell's SQLite), never the
   library we link against. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "text/extension/fts5_register.h"

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_groundedfts_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  SQLITE_EXTENSION_INIT2(api);
  fts5_api* fts = 0;
  sqlite3_stmt* stmt = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0);
  if (rc == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, (void*)&fts, "fts5_api_ptr", 0);
    sqlite3_step(stmt);
    rc = sqlite3_finalize(stmt);
  }
  if (rc != SQLITE_OK || fts == 0) {
    if (error) *error = sqlite3_mprintf("grounded_fts: FTS5 is not available in this SQLite");
    return SQLITE_ERROR;
  }
  rc = grounded_fts5_register_tokenizer(fts);
  if (rc != SQLITE_OK && error) *error = sqlite3_mprintf("grounded_fts: cannot register the tokenizer");
  return rc;
}
