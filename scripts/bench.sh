#!/usr/bin/env bash
# Benchmarks that print figures; they measure, they do not pass or fail. Builds first if needed.
#   sizes, load to first result (fresh processes, with baselines), the table of hot calls (wasm vs
#   the native core vs aes-js / node:crypto) with scaling, time to unlock on a modelled BLE link,
#   and the heap over a million mixed calls.
# Usage: scripts/bench.sh [load runs, default 30] [memory calls, default 1000000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f js/dist/node.cjs ] || { bash scripts/setup.sh; bash scripts/build.sh >/dev/null; }
[ -x build/native/bench/native/doorlock_native_bench ] || cmake --build build/native --target doorlock_native_bench >/dev/null
node bench/size.mjs
echo
node bench/load.mjs "${1:-30}"
echo
node bench/table.mjs
echo
node bench/unlock.mjs
echo
node bench/memory.mjs "${2:-1000000}"
