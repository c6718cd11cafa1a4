#!/usr/bin/env bash
# Set-up command 2: install everything the tests need, build, and run every
# test: the doctest unit and API suites (through ctest), then the browser
# tests (Debian's Chromium driven by playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

status=0
ctest --test-dir build --output-on-failure -j2 || status=1
if [[ -d tests/browser ]] && compgen -G "tests/browser/*.test.mjs" >/dev/null; then
  GROUNDED_BIN="$PWD/build/grounded" node --test tests/browser/ || status=1
fi
exit $status
