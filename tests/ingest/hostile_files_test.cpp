// Hostile files: nesting deep enough to overflow a recursive parser, zip
// bombs, values of the wrong type, numbers out of range. Each is a clear
// error for that file alone (never a crash, never exit 4), and the files
// beside it in a folder are still stored.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/detect.hpp"
#include "ingest/ingest.hpp"
#include "store/sources.hpp"

using namespace grounded;
using namespace grounded::ingest;
namespace fs = std::filesystem;

namespace {

fs::path temp_folder(const std::string& tag) {
  fs::path dir = fs::temp_directory_path() / ("grounded-hostile-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A DOCX (zip) whose word/document.xml is `xml`, built with libzip.
std::string make_docx(const std::string& xml) {
  fs::path path = temp_folder("docx") / "made.docx";
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  zip_source_t* source = zip_source_buffer(archive, xml.data(), xml.size(), 0);
  REQUIRE(zip_file_add(archive, "word/document.xml", source, ZIP_FL_OVERWRITE) >= 0);
  REQUIRE(zip_close(archive) == 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  fs::remove_all(path.parent_path());
  return bytes.str();
}

std::string document(const std::string& body) {
  return "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body +
         "</w:body></w:document>";
}

Error error_of(const std::string& name, const std::string& bytes) {
  try {
    parse_file(name, bytes, {}, {});
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an error for " << name);
  return Error(ErrorKind::internal, "");
}

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("hostile DOCX: deep nesting is read without recursion") {
  // 200,000 nested elements would overflow the stack of a recursive walk.
  std::size_t depth = 200000;
  std::string nested = repeated("<w:sdt>", depth) + "<w:p><w:r><w:t>Interviewer: Deep?</w:t></w:r></w:p>"
                       "<w:p><w:r><w:t>Kai: Still here.</w:t></w:r></w:p>" + repeated("</w:sdt>", depth);
  ParsedFile file = parse_file("deep.docx", make_docx(document(nested)), {}, {});
  REQUIRE(file.sources.size() == 1);
  REQUIRE(file.sources[0].turns.size() == 2);
  CHECK(file.sources[0].turns[1].text == "Still here.");
}

TEST_CASE("hostile DOCX: paragraphs keep their order and line breaks") {
  std::string body = "<w:p><w:r><w:t>Interviewer: One</w:t></w:r><w:r><w:tab/><w:t>two</w:t></w:r></w:p>"
                     "<w:p><w:r><w:delText>gone</w:delText><w:t>Kai: Três “quatro”</w:t></w:r></w:p>";
  ParsedFile file = parse_file("order.docx", make_docx(document(body)), {}, {});
  REQUIRE(file.sources.size() == 1);
  REQUIRE(file.sources[0].turns.size() == 2);
  CHECK(file.sources[0].turns[0].text == "One\ttwo");
  CHECK(file.sources[0].turns[1].text == "Três “quatro”");
}

TEST_CASE("hostile DOCX: a zip bomb and a flood of paragraphs hit named limits") {
  // 40 MB of one repeated letter compresses to a few tens of KB.
  std::string bomb = document("<w:p><w:r><w:t>" + std::string(40u * 1024 * 1024, 'a') + "</w:t></w:r></w:p>");
  Error too_big = error_of("bomb.docx", make_docx(bomb));
  CHECK(too_big.kind() == ErrorKind::too_large);
  CHECK(std::string(too_big.what()).find("32 MB limit") != std::string::npos);

  Error flood = error_of("flood.docx", make_docx(document(repeated("<w:p/>", 250000))));
  CHECK(flood.kind() == ErrorKind::too_large);
  CHECK(std::string(flood.what()).find("paragraphs") != std::string::npos);
}

TEST_CASE("hostile JSON: deep nesting, huge numbers and wrong types are invalid input") {
  Error deep = error_of("deep.json", "{\"tickets\":" + repeated("[", 100000) + repeated("]", 100000) + "}");
  CHECK(deep.kind() == ErrorKind::invalid_input);
  CHECK(std::string(deep.what()).find("deeper than 64") != std::string::npos);

  Error huge = error_of("huge.json", R"({"tickets":[{"id":1e999999,"subject":"x","description":"y"}]})");
  CHECK(huge.kind() == ErrorKind::invalid_input);

  Error broken = error_of("broken.json", R"({"tickets": [ {"id": 1, )");
  CHECK(broken.kind() == ErrorKind::invalid_input);
  CHECK(std::string(broken.what()).find("not valid JSON") != std::string::npos);

  // Zendesk-like shapes with values of the wrong type deep inside.
  for (std::string text : {R"({"tickets":[{"id":"x","subject":5,"description":[1],"tags":{"a":[[[1]]]}}]})",
                           R"({"tickets":[{"id":1,"subject":"s","description":"d","tags":[[[[[[[["x"]]]]]]]]}]})",
                           R"({"reviews":[{"id":1,"body":{"text":7},"rating":"five"}]})"}) {
    CAPTURE(text);
    try {
      parse_file("shape.json", text, {}, {});
    } catch (const Error& e) {
      CHECK(e.kind() != ErrorKind::internal);
    }
  }
}

TEST_CASE("parse_untrusted_json names what it read and the limit") {
  CHECK(parse_untrusted_json(R"({"a":[1,{"b":2}]})", "the body")["a"][1]["b"] == 2);
  CHECK_THROWS_WITH_AS(parse_untrusted_json(repeated("[", 10) + repeated("]", 10), "the cohort", 8),
                       doctest::Contains("the cohort nests objects or arrays deeper than 8"), Error);
  CHECK_THROWS_WITH_AS(parse_untrusted_json("[1e999999]", "the body"), doctest::Contains("the body"), Error);
}

TEST_CASE("a folder with hostile files stores the good ones and reports each bad one by name") {
  fs::path dir = temp_folder("folder");
  std::ofstream(dir / "a-good.txt") << "Interviewer: How is close?\nKai: Slow, we re-key every invoice.\n";
  std::ofstream(dir / "b-deep.json") << "{\"tickets\":" << repeated("[", 50000) << repeated("]", 50000) << "}";
  std::ofstream(dir / "c-huge.json") << R"({"tickets":[{"id":1e999999,"subject":"x","description":"y"}]})";
  std::ofstream(dir / "d-bomb.docx", std::ios::binary)
      << make_docx(document("<w:p><w:r><w:t>" + std::string(40u * 1024 * 1024, 'a') + "</w:t></w:r></w:p>"));
  std::ofstream(dir / "e-good.txt") << "Interviewer: And approvals?\nMo: Approvals wait on one person.\n";
  auto db = store::Database::open(":memory:");
  auto reports = ingest_path(db, dir, {});
  int stored = 0;
  for (const auto& report : reports) {
    CAPTURE(report.origin);
    CAPTURE(report.message);
    if (report.origin.find("good") != std::string::npos) {
      CHECK(report.status == "stored");
      ++stored;
    } else {
      CHECK(report.status == "rejected");
      CHECK(report.message.find(report.origin) != std::string::npos);
    }
  }
  CHECK(stored == 2);
  fs::remove_all(dir);
}
