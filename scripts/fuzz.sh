#!/usr/bin/env bash
# Runs the libFuzzer targets (fuzz/) one after the other, each for a bounded time, and prints how
# many inputs each executed and whether it found a crash. Assumes scripts/setup.sh has run.
#   bash scripts/fuzz.sh [seconds per target, default 600] [target ...]   (default: every target)
# Each target keeps its corpus in build/fuzz/corpus/<target> (grown run after run, started from the
# seeds in build/fuzz/fuzz/seeds/<target>) and writes crash inputs to build/fuzz/crashes/<target>/.
# A crash input replays with: build/fuzz/fuzz/fuzz_<target> <file>. Exits non-zero on any crash.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${1:-600}"
shift || true
case "$seconds" in '' | *[!0-9]*) echo "fuzz: seconds must be a whole number, got '$seconds'" >&2; exit 2 ;; esac

[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for binary in build/fuzz/fuzz/fuzz_*; do targets+=("$(basename "$binary" | sed 's/^fuzz_//')"); done
fi

failed=0
summary=()
for target in "${targets[@]}"; do
  binary="build/fuzz/fuzz/fuzz_$target"
  [ -x "$binary" ] || { echo "fuzz: no target $target" >&2; exit 2; }
  corpus="build/fuzz/corpus/$target"
  crashes="build/fuzz/crashes/$target"
  log="build/fuzz/logs/$target.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  before=$(find "$crashes" -type f | wc -l)
  echo "== fuzz $target (${seconds}s)"
  status=0
  dictionary=()
  [ -f "build/fuzz/fuzz/seeds/$target.dict" ] && dictionary=(-dict="build/fuzz/fuzz/seeds/$target.dict")
  # One process (the build machine's cores are shared); a slow input (> 10 s) or > 2 GB is a finding too.
  "$binary" "$corpus" "build/fuzz/fuzz/seeds/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "${dictionary[@]}" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(($(find "$crashes" -type f | wc -l) - before))
  if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    grep -E "FUZZ FINDING|ERROR: |SUMMARY: |runtime error" "$log" | head -5 >&2 || true
    echo "fuzz: $target found a crash (exit $status); inputs in $crashes, log in $log" >&2
  fi
  summary+=("$(printf '%-24s %12s executions  %s crash(es)  corpus %s' "$target" "${executions:-?}" "$found" \
    "$(find "$corpus" -type f | wc -l)")")
done

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$failed"
