/* C entry point shared by the C++ tokenizer and the loadable extension
   (fts_extension.c): registers the "grounded" tokenizer with an fts5_api the
   caller obtained (the extension must obtain it through sqlite3_api, so the
   tokenizer code itself never calls the SQLite library). Returns an SQLite
   result code. */
#ifndef GROUNDED_FTS5_REGISTER_H
#define GROUNDED_FTS5_REGISTER_H

#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

int grounded_fts5_register_tokenizer(fts5_api* api);

#ifdef __cplusplus
}
#endif

#endif
