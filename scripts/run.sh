#!/usr/bin/env bash
# Set-up command 1: install dependencies, build, and serve Grounded at
# http://127.0.0.1:8080 on the default database
# (~/.local/share/grounded/grounded.db, or $GROUNDED_DB).
# Extra arguments go to `grounded serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target grounded grounded_fts
exec build/grounded serve "$@"
