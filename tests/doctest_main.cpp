#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "fixtures_dir.hpp"

namespace grounded::test {

// GROUNDED_TEST_FIXTURES is defined for this file alone (see CMakeLists.txt).
std::string fixtures_dir() { return GROUNDED_TEST_FIXTURES; }

}  // namespace grounded::test
