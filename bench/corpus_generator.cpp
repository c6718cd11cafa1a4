// corpus_generator — writes the deterministic benchmark corpus as plain
// "Name: text" transcripts (one file per source), e.g. for the server bench:
//   corpus_generator --excerpts 100000 --seed 42 --write-dir /tmp/corpus
// Prints a JSON summary. The generator itself is bench/corpus_generator.hpp.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "corpus_generator.hpp"

int main(int argc, char** argv) {
  std::int64_t excerpts = 100000;
  std::uint64_t seed = 42;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "corpus_generator: " << a << " needs a value\n";
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--excerpts") excerpts = std::stoll(value());
    else if (a == "--seed") seed = std::stoull(value());
    else if (a == "--write-dir") dir = value();
    else {
      std::cerr << "usage: corpus_generator [--excerpts N] [--seed S] --write-dir DIR\n";
      return a == "--help" ? 0 : 1;
    }
  }
  if (dir.empty()) {
    std::cerr << "corpus_generator: give --write-dir DIR\n";
    return 1;
  }
  std::filesystem::create_directories(dir);
  grounded::bench::CorpusGenerator generator(excerpts, seed);
  grounded::bench::GeneratedSource source;
  std::int64_t files = 0, turns = 0, bytes = 0;
  char name[64];
  while (generator.next(source)) {
    std::snprintf(name, sizeof name, "%07lld_%s.txt", static_cast<long long>(source.number), source.kind.c_str());
    const std::string text = source.transcript();
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out << text;
    if (!out) {
      std::cerr << "corpus_generator: cannot write " << name << "\n";
      return 1;
    }
    ++files;
    turns += static_cast<std::int64_t>(source.turns.size());
    bytes += static_cast<std::int64_t>(text.size());
  }
  std::cout << "{\"files\": " << files << ", \"excerpts\": " << turns << ", \"bytes\": " << bytes << ", \"seed\": " << seed
            << ", \"dir\": \"" << dir << "\"}\n";
  return 0;
}
