#!/usr/bin/env bash
# Builds the test suites with AddressSanitizer and UndefinedBehaviorSanitizer
# into build-asan/ and runs them (ctest). Any sanitizer report fails the run:
# UBSan does not recover, ASan aborts on the first error.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
targets=(grounded)
for test_main in tests/test_*.cpp; do
  targets+=("$(basename "$test_main" .cpp)")
done
cmake --build build-asan -j"$(nproc)" --target "${targets[@]}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"
ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
