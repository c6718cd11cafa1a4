#!/usr/bin/env bash
# bench/fuzz.sh — builds the libFuzzer targets (clang, ASan + UBSan) into
# build-asan/ (scripts/instrumented-build.sh, the sanitizer job's build) and
# runs each for a time, printing executions and findings. FUZZ_NO_BUILD=1
# runs the targets as built.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET] [ENTRY...]   (default 60 s; entries:
#                                                   transcript csv docx json query
#                                                   cohort multipart rest)
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
((${#ENTRIES[@]})) || ENTRIES=(transcript csv docx json query cohort multipart rest)
BUILD="$ROOT/build-asan"  # shared with the sanitizer job (scripts/instrumented-build.sh)
OUT="$ROOT/bench/out/fuzz"
targets=()
for entry in "${ENTRIES[@]}"; do targets+=("fuzz_$entry"); done
if [[ "${FUZZ_NO_BUILD:-}" != 1 ]]; then
  echo "fuzz: building ${targets[*]}" >&2
  "$ROOT/scripts/instrumented-build.sh" "${targets[@]}" >&2
fi

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
    cohort)
      printf '%s' '{"participants":{"ids":[1,2],"roles":["Controller"]},"accounts":{"industries":["Logistics"]},"source_kinds":["interview"],"studies":["Q3"],"tags":{"categories":["pain_point"],"themes":["re-keying"]}}' >"$dir/cohort-full.json"
      printf '%s' '{"participants":{"roles":["Controller","AP specialist"]}}' >"$dir/cohort-roles.json"
      printf '%s' '{"accounts":{"industries":["Logistics"],"employees":{"min":50,"max":500}}}' >"$dir/cohort-accounts.json"
      printf '%s' '{}' >"$dir/cohort-empty.json" ;;
    multipart)
      # Well-formed uploads (boundary "gfuzz", as fuzz_multipart sends it) of
      # fixture and sample files, with the upload fields beside them.
      local n=0
      for file in "$ROOT"/tests/fixtures/ingest/*.{vtt,srt,txt,md,csv,json} "$ROOT"/samples/interviews/*.{vtt,txt,md}; do
        [[ -f "$file" ]] || continue
        { printf -- '--gfuzz\r\nContent-Disposition: form-data; name="kind"\r\n\r\nauto\r\n'
          printf -- '--gfuzz\r\nContent-Disposition: form-data; name="files[0].participant"\r\n\r\nDana Whitfield\r\n'
          printf -- '--gfuzz\r\nContent-Disposition: form-data; name="redact"\r\n\r\nemail,phone\r\n'
          printf -- '--gfuzz\r\nContent-Disposition: form-data; name="files"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n' "$(basename "$file")"
          head -c 4096 "$file"
          printf -- '\r\n--gfuzz--\r\n'; } >"$dir/upload-$((n++))"
      done ;;
    rest)
      # One well-formed body per route of fuzz_rest (the selector byte is the route's index).
      local bodies=(
        '{"name":"AP Alex","kind":"user","role":"AP specialist","cohort":{"participants":{"roles":["AP specialist"]}},"priority_tier":1,"who":"fuzz"}'
        '{"name":"Controller Carla","cohort":{"accounts":{"industries":["Logistics"]}}}'
        '{"include_suggested":true,"min_suggested_confidence":0.5}'
        '{"section":"goals","text":"Close the month in 3 days","excerpt_ids":[1]}'
        '{"text":"Close the month in two days"}'
        '{"excerpt_id":1}'
        '{"verdict":"supports","note":"clear quote","reviewer":"Ana"}'
        '{"step":"research","reviewer":"Ana","note":"ok"}'
        '{"question":"How many invoices a month?","answer":"200-500","attribute_id":1}'
        '{"rebuild":false}'
        '{"label":"Dana W.","role":"Controller","seniority":"manager","segment":"mid-market"}'
        '{"name":"Harborline","industry":"Logistics","employees":250,"region":"EMEA"}'
        '{"from":[2],"into":1}'
        '{"source_ids":[1],"participant":"Dana (second call)"}'
        '{"participant_id":1}'
        '{"speaker":"Interviewer","role":"interviewer"}'
        '{"name":"Q4 churn study","description":"Why accounts leave"}'
        '{"name":"Q4 churn study (renamed)","status":"archived"}'
        '{"excerpt_id":1,"category":"pain_point","note":"re-keying"}'
        '{"status":"accepted"}'
        '{}'
        '{"rules":[{"name":"Enterprise","when":{"employees_min":1000}}]}'
        '{"criteria":[{"name":"Industry","weight":2}]}'
        '{"name":"Manual re-keying"}'
        '{"into":2}'
        '{"excerpt_ids":[1]}')
      local i
      for i in "${!bodies[@]}"; do
        { printf "\\x$(printf '%02x' "$i")"; printf '%s' "${bodies[$i]}"; } >"$dir/route-$i.json"
      done ;;
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
