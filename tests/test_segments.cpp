// Segments tests: product-analytics imports (every export shape, bad lines,
// de-duplication across re-imports, the id map), segment assignment at the
// thresholds' edges, and segment history — on real SQLite files.
#include <doctest/doctest.h>
