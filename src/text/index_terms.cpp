#include "text/index_terms.hpp"

#include "text/analyzer.hpp"

namespace grounded::text {
namespace {

std::vector<std::string> collect(std::string_view utf8, bool stem) {
  thread_local Analyzer analyzer;
  std::vector<std::string> out;
  analyzer.run(utf8, stem,
               [](void* ctx, std::string_view term, std::string_view, int, int) {
                 static_cast<std::vector<std::string>*>(ctx)->emplace_back(term);
                 return 0;
               },
               &out);
  return out;
}

}  // namespace

std::vector<std::string> index_terms(std::string_view utf8) { return collect(utf8, true); }
std::vector<std::string> folded_terms(std::string_view utf8) { return collect(utf8, false); }

}  // namespace grounded::text
