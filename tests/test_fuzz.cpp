// Fuzz regressions: every input a fuzzer once crashed on (saved under
// tests/fixtures/fuzz/<entry>/, one file per finding, named for what it
// broke) is replayed through the same entry point the fuzzer runs
// (tests/fuzz/fuzz_entries.hpp). Each must now parse or be refused as bad
// input, never an internal error, another exception or a crash.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixtures_dir.hpp"
#include "fuzz/fuzz_entries.hpp"

namespace fs = std::filesystem;
using grounded::fuzz::run_fuzz_entry;
using namespace std::string_view_literals;

namespace {

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

fs::path findings_dir(const std::string& entry) { return fs::path(grounded::test::fixtures_dir()) / "fuzz" / entry; }

}  // namespace

TEST_CASE("every saved fuzz finding is now refused or parsed, never a crash") {
  int replayed = 0;
  for (const std::string& entry : grounded::fuzz::fuzz_entry_names()) {
    if (!fs::is_directory(findings_dir(entry))) continue;
    for (const auto& file : fs::directory_iterator(findings_dir(entry))) {
      CAPTURE(file.path().string());
      CHECK_NOTHROW(run_fuzz_entry(entry, read_bytes(file.path())));
      ++replayed;
    }
  }
  MESSAGE("replayed " << replayed << " fuzz findings");
}

TEST_CASE("the fuzz entries accept well-formed and hostile input alike") {
  // Well-formed input of each kind and plain garbage: the entries' contract
  // (refusal of bad input is not a failure) holds for both.
  CHECK_NOTHROW(run_fuzz_entry("transcript", "\x02Interviewer: Why?\nCustomer: Because the close takes days.\n"));
  CHECK_NOTHROW(run_fuzz_entry("transcript", "\x00WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana>Hola</v>\n"sv));
  CHECK_NOTHROW(run_fuzz_entry("csv", "\x01id,Subject,Description\n1,Refund,\"open quote\n"sv));
  CHECK_NOTHROW(run_fuzz_entry("docx", "PK\x03\x04 not really a zip"));
  CHECK_NOTHROW(run_fuzz_entry("json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["));
  CHECK_NOTHROW(run_fuzz_entry("json", "{\"source_kinds\": [\"interview\"], \"studies\": [\"Q3\"]}"));
  CHECK_NOTHROW(run_fuzz_entry("query", "NEAR(price \"budget approval\" -café study:\"Fuzz study\" role:customer"));
  CHECK_NOTHROW(run_fuzz_entry("query", "\0\xff\xfe*^+:"sv));
  CHECK_NOTHROW(run_fuzz_entry("cohort", R"({"participants":{"roles":["Controller"]},"source_kinds":["interview"]})"));
  CHECK_NOTHROW(run_fuzz_entry("cohort", "{\"participants\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["));
  CHECK_NOTHROW(run_fuzz_entry("multipart", "--gfuzz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
                                            "Interviewer: Why?\nKai: The close takes days.\n\r\n--gfuzz--\r\n"));
  CHECK_NOTHROW(run_fuzz_entry("multipart", "--gfuzz\r\nContent-Disposition: form-data; name=\"files\"; filename="));
  CHECK_NOTHROW(run_fuzz_entry("rest", "\x00{\"name\":\"AP Alex\",\"kind\":\"user\"}"sv));
  CHECK_NOTHROW(run_fuzz_entry("rest", "\x0c{\"from\":\"everyone\",\"into\":-1}"));
  for (char route = 0; route < 30; ++route) CHECK_NOTHROW(run_fuzz_entry("rest", std::string(1, route) + "{\"x\":[1e999999"));
  CHECK_THROWS_AS(run_fuzz_entry("no-such-entry", ""), std::invalid_argument);
}
