#!/usr/bin/env bash
# bench/fuzz.sh — builds the libFuzzer targets (clang, ASan + UBSan) into
# build-fuzz/ and runs each for a time, printing executions and findings.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET] [ENTRY...]   (default 60 s; entries:
#                                                   transcript csv docx json query)
#
# Entries are in tests/fuzz/fuzz_entries.hpp. Seeds come from tests/fixtures
# and samples/ (with the selector byte an entry expects in front); each
# entry's corpus grows in bench/out/fuzz/<entry>/corpus across runs. A
# target stops at its first finding; the script saves the input under
# bench/out/fuzz/<entry>/ (crash-*, timeout-*, oom-*, leak-*) and restarts
# it for the rest of its time. Copy a finding into tests/fixtures/fuzz/<entry>/
# once fixed: test_fuzz replays them all in ctest.
# Run it under `nice -n 10` on a shared machine, one run at a time.
# Prints one JSON document on stdout; progress and libFuzzer output go to
# bench/out/fuzz/<entry>/log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECS="${1:-60}"
shift || true
ENTRIES=("$@")
((${#ENTRIES[@]})) || ENTRIES=(transcript csv docx json query)
BUILD="$ROOT/build-fuzz"
OUT="$ROOT/bench/out/fuzz"
command -v clang++ >/dev/null || { echo "fuzz: needs clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGROUNDED_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
targets=()
for entry in "${ENTRIES[@]}"; do targets+=("fuzz_$entry"); done
echo "fuzz: building ${targets[*]}" >&2
cmake --build "$BUILD" -j2 --target "${targets[@]}" >&2

# seeds ENTRY DIR: the entry's starting inputs, with its selector byte.
seeds() {
  local entry="$1" dir="$2" file ext
  rm -rf "$dir" && mkdir -p "$dir"
  with_selector() {  # byte file
    { printf "$1"; cat "$2"; } >"$dir/$(basename "$2").$(printf '%s' "$1" | od -An -tx1 | tr -d ' ')"
  }
  case "$entry" in
    transcript)
      for file in "$ROOT"/tests/fixtures/ingest/* "$ROOT"/samples/interviews/*; do
        [[ -f "$file" ]] || continue
        ext="${file##*.}"
        case "$ext" in
          vtt) with_selector '\x00' "$file" ;;
          srt) with_selector '\x01' "$file" ;;
          txt) with_selector '\x02' "$file"; with_selector '\x12' "$file" ;;
          md) with_selector '\x03' "$file" ;;
        esac
      done ;;
    csv)
      for file in "$ROOT"/tests/fixtures/ingest/*.csv "$ROOT"/samples/*/*.csv; do
        with_selector '\x00' "$file"; with_selector '\x01' "$file"; with_selector '\x02' "$file"
      done ;;
    docx) cp "$ROOT"/tests/fixtures/ingest/*.docx "$ROOT"/samples/interviews/*.docx "$dir"/ ;;
    json) cp "$ROOT"/tests/fixtures/ingest/*.json "$ROOT"/samples/study.json "$dir"/
          printf '%s' '{"participants":{"ids":[1,2],"roles":["Controller"]},"accounts":{"industries":["Logistics"]},"source_kinds":["interview"],"studies":["Q3"],"tags":{"categories":["pain_point"],"themes":["re-keying"]}}' >"$dir/cohort.json" ;;
    query)
      local i=0 q
      for q in 'price' '"budget approval"' 'pri*' 'invoice OR receipt -manual' 'NEAR(price budget, 5)' \
               'kind:interview role:participant category:pain_point' 'study:"Fuzz study" café' \
               'text:price ^start +plus' '(unbalanced "quote' '東京 ünïcödé “curly”'; do
        printf '%s' "$q" >"$dir/query-$((i++))"
      done ;;
  esac
  # Earlier findings are seeds too: they mark the paths that once broke.
  [[ -d "$ROOT/tests/fixtures/fuzz/$entry" ]] && cp "$ROOT/tests/fixtures/fuzz/$entry"/* "$dir"/ 2>/dev/null || true
}

count_findings() { find "$1" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l; }

results=()
for entry in "${ENTRIES[@]}"; do
  work="$OUT/$entry"
  mkdir -p "$work/corpus"
  seeds "$entry" "$work/seeds"
  log="$work/log"
  : >"$log"
  execs=0 findings=0 runs=0
  findings_before=$(count_findings "$work")
  start=$(date +%s)
  echo "fuzz: $entry for ${SECS}s" >&2
  while :; do
    left=$((SECS - ($(date +%s) - start)))
    ((left > 0)) || break
    runs=$((runs + 1))
    "$BUILD/fuzz_$entry" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$work/seeds" >>"$log" 2>&1 || true
    ran=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    execs=$((execs + ran))
    # Each run (a crash too) ends with its final stats; mark them counted.
    sed -i 's/^stat::number_of_executed_units:/counted::number_of_executed_units:/' "$log"
  done
  findings=$(($(count_findings "$work") - findings_before))
  corpus=$(find "$work/corpus" -type f | wc -l)
  echo "fuzz: $entry: $execs executions, $findings findings, corpus $corpus" >&2
  results+=("{\"entry\": \"$entry\", \"seconds\": $SECS, \"executions\": $execs, \"runs\": $runs, \"findings\": $findings, \"corpus\": $corpus}")
done
joined="$(printf ',\n  %s' "${results[@]}")"
printf '{"fuzz": [\n  %s\n]}\n' "${joined:4}"
