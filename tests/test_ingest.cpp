// Ingest tests: see tests/ingest/*.cpp for the parsers; this file holds the
// end-to-end pipeline tests against a real SQLite database.
#include <doctest/doctest.h>
