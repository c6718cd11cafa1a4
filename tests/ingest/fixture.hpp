// Reads a fixture file of tests/fixtures/ingest/ as bytes.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

inline std::string ingest_fixture(const std::string& name) {
  std::ifstream in(std::string(GROUNDED_TEST_FIXTURES) + "/ingest/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
