#!/usr/bin/env bash
# The sanitizer job (CI runs it after scripts/test.sh, see .ci/run): builds
# the binary and every test suite with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan/ (scripts/instrumented-build.sh)
# and runs the whole ctest suite. Any sanitizer report fails the job: UBSan
# does not recover, ASan aborts on the first error, LSan reports leaks at
# exit. Reports are also written to build-asan/sanitizer-reports/, so one
# from a child process (test_server runs the built `grounded`) fails the job
# even when the test only looked at the child's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --sanitize
targets=(grounded)
for test_main in tests/test_*.cpp; do
  targets+=("$(basename "$test_main" .cpp)")
done
scripts/instrumented-build.sh "${targets[@]}"

reports="$PWD/build-asan/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"
status=0
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" || status=1
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitize: sanitizer reports (each one fails the job):" >&2
  for report in "$reports"/*; do
    echo "=== $report" >&2
    cat "$report" >&2
  done
  status=1
fi
exit $status
