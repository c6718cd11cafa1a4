// Where the test fixtures are: tests/fixtures of the source tree the tests
// were built from.
#pragma once

#include <string>

namespace grounded::test {

std::string fixtures_dir();

}  // namespace grounded::test
