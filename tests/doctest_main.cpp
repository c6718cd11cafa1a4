#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>

#include "fixtures_dir.hpp"

// Store misuse that fails only under contention fails every time in tests
// (src/store/database.hpp); children such as the grounded binary inherit it.
// Set before main, so before any connection is opened.
static const bool strict_store = [] { return setenv("GROUNDED_STRICT_STORE", "1", 0) == 0; }();

namespace grounded::test {

// GROUNDED_TEST_FIXTURES is defined for this file alone (see CMakeLists.txt).
std::string fixtures_dir() { return GROUNDED_TEST_FIXTURES; }

}  // namespace grounded::test
