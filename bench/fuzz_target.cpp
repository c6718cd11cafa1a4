// One libFuzzer target per entry of tests/fuzz/fuzz_entries.hpp: CMake
// (option GROUNDED_FUZZ, clang only) compiles this file once per entry with
// GROUNDED_FUZZ_ENTRY set to the entry's name. bench/fuzz.sh builds and
// runs them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grounded::fuzz::run_fuzz_entry(GROUNDED_FUZZ_ENTRY, std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
