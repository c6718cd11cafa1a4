#!/usr/bin/env bash
# bench/load_run.sh — `grounded serve` under mixed load while slow clients
# hold sockets (issue 12): 32 keep-alive connections of reads and writes for
# 60 s while 200 clients trickle headers that never end, /health timed on a
# fresh connection every 200 ms. A baseline phase (same mix, no slow
# clients) runs first in the same server, for comparison.
#
#   bench/load_run.sh [BUILD_DIR]      (default: build; needs grounded, server_bench and load_bench built)
#
# Env: EXCERPTS (20000, the generated corpus the reads hit), SECONDS_LOADED
# (60), SECONDS_BASELINE (15), CONNECTIONS (32), SLOW_CLIENTS (200),
# WRITE_PERCENT (20), THREADS (the server's --threads; default: its own).
# Prints the JSON of load_bench on stdout; exits 1 when the loaded phase had
# any error or a /health probe took 1 s or more. Run it under `nice -n 10`
# on a shared machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
BIN="$BUILD/grounded"
EXCERPTS="${EXCERPTS:-20000}"
OUT="$ROOT/bench/out"
PRISTINE="$OUT/load_run-$EXCERPTS.db"
DB="$OUT/load_run-current.db"
mkdir -p "$OUT"
for tool in "$BIN" "$BUILD/server_bench" "$BUILD/load_bench"; do
  [ -x "$tool" ] || { echo "load_run: build $tool first" >&2; exit 1; }
done

# The corpus is built once and copied, so every run starts from the same data.
if [ ! -f "$PRISTINE" ]; then
  echo "load_run: corpus of $EXCERPTS excerpts in $PRISTINE" >&2
  "$BUILD/server_bench" --build-db "$PRISTINE" --excerpts "$EXCERPTS" >&2
fi
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.token"
cp "$PRISTINE" "$DB"

LOG="$OUT/load_run.log"
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
"$BIN" serve --db "$DB" --port 0 "${threads[@]}" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 1 300); do
  PORT="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -1 | sed 's/.*://' || true)"
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "load_run: the server did not start:" >&2; cat "$LOG" >&2; exit 1; }
TOKEN="$("$BIN" token --db "$DB")"
echo "load_run: server on port $PORT (log $LOG)" >&2

# 200 slow sockets + 32 connections + probes need more descriptors than some defaults.
ulimit -n 4096 2>/dev/null || true
"$BUILD/load_bench" --port "$PORT" --token "$TOKEN" --connections "${CONNECTIONS:-32}" \
  --seconds "${SECONDS_LOADED:-60}" --baseline-seconds "${SECONDS_BASELINE:-15}" \
  --slow-clients "${SLOW_CLIENTS:-200}" --write-percent "${WRITE_PERCENT:-20}"
