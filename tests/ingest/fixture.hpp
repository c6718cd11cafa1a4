// Reads a fixture file of tests/fixtures/ingest/ as bytes.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "fixtures_dir.hpp"

inline std::string ingest_fixture(const std::string& name) {
  std::ifstream in(grounded::test::fixtures_dir() + "/ingest/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
