#!/usr/bin/env bash
# bench/server_bench.sh — HTTP throughput of `grounded serve` with wrk over
# the 100k-excerpt generated corpus, against the in-process search baseline.
#
#   bench/server_bench.sh [BUILD_DIR]      (default: build; needs grounded and server_bench built)
#
# Env: EXCERPTS (100000), SECONDS_PER_RUN (10), WRK_THREADS (2).
# Prints one JSON document on stdout; progress goes to stderr.
# Runs: /api/v1/health with keep-alive (8 connections), the search mix at 2,
# 8 and 32 connections, and search::search in-process with 1 and 2 threads.
# ratio_2c_vs_inprocess_* = HTTP search req/s at 2 connections divided by
# in-process queries/s (1 thread: the store bench's baseline; 2 threads:
# the same concurrency).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
BIN="$BUILD/grounded"
BENCH="$BUILD/server_bench"
EXCERPTS="${EXCERPTS:-100000}"
SECS="${SECONDS_PER_RUN:-10}"
WRK_THREADS="${WRK_THREADS:-2}"
OUT="$ROOT/bench/out"
DB="$OUT/server_bench-$EXCERPTS.db"
QUERIES="$OUT/server_bench.queries"
mkdir -p "$OUT"
for tool in "$BIN" "$BENCH"; do [ -x "$tool" ] || { echo "server_bench: build $tool first" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "server_bench: needs wrk (apt-get install wrk)" >&2; exit 1; }

echo "server_bench: corpus of $EXCERPTS excerpts in $DB" >&2
"$BENCH" --build-db "$DB" --excerpts "$EXCERPTS" >&2
"$BENCH" --write-queries "$QUERIES"

echo "server_bench: in-process baseline (${SECS}s x 2)" >&2
BASE1="$("$BENCH" --baseline "$DB" --seconds "$SECS" --threads 1)"
BASE2="$("$BENCH" --baseline "$DB" --seconds "$SECS" --threads 2)"

LOG="$OUT/server_bench.log"
"$BIN" serve --db "$DB" --port 0 --threads 64 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 1 200); do
  URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -1 || true)"
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "server_bench: the server did not start:" >&2; cat "$LOG" >&2; exit 1; }
echo "server_bench: server at $URL" >&2

run_wrk() {  # connections path [script]
  local connections="$1" path="$2" script="${3:-}"
  local threads=$(( connections < WRK_THREADS ? connections : WRK_THREADS ))
  local args=(-t"$threads" -c"$connections" -d"${SECS}s" --timeout 10s --latency)
  [ -n "$script" ] && args+=(-s "$script")
  SERVER_BENCH_QUERIES="$QUERIES" wrk "${args[@]}" "$URL$path" | grep '^JSON ' | sed 's/^JSON //'
}
HEALTH_SCRIPT="$OUT/health.lua"
# The health run reuses the JSON reporter with a fixed path.
awk '/^function request\(\)/{skip=1} skip&&/^end$/{skip=0; next} !skip' "$ROOT/bench/server_bench.lua" >"$HEALTH_SCRIPT"

echo "server_bench: warm-up" >&2
SECS=3 run_wrk 8 /api/v1/search?q=price "$ROOT/bench/server_bench.lua" >/dev/null
echo "server_bench: /api/v1/health, 8 keep-alive connections" >&2
HEALTH="$(run_wrk 8 /api/v1/health "$HEALTH_SCRIPT")"
echo "server_bench: search mix at 2, 8, 32 connections" >&2
S2="$(run_wrk 2 / "$ROOT/bench/server_bench.lua")"
S8="$(run_wrk 8 / "$ROOT/bench/server_bench.lua")"
S32="$(run_wrk 32 / "$ROOT/bench/server_bench.lua")"

python3 - "$HEALTH" "$S2" "$S8" "$S32" "$BASE1" "$BASE2" "$EXCERPTS" "$(nproc)" <<'PY'
import json, sys
health, s2, s8, s32, b1, b2 = (json.loads(a) for a in sys.argv[1:7])
print(json.dumps({
    "corpus_excerpts": int(sys.argv[7]),
    "cores": int(sys.argv[8]),
    "health_keepalive_8c": health,
    "search_mix": {"2c": s2, "8c": s8, "32c": s32},
    "in_process_baseline": {"1_thread": b1, "2_threads": b2},
    "ratio_2c_vs_inprocess_1_thread": round(s2["rps"] / b1["qps"], 3) if b1["qps"] else None,
    "ratio_2c_vs_inprocess_2_threads": round(s2["rps"] / b2["qps"], 3) if b2["qps"] else None,
    "zero_errors": all(r["errors"] == 0 for r in (health, s2, s8, s32)),
}, indent=2))
PY
