#!/usr/bin/env bash
# Benchmarks that print figures (sizes, load time, encryption speed vs node:crypto, heap use).
# They measure; they do not pass or fail. Builds first if needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f js/dist/node.cjs ] || { bash scripts/setup.sh; bash scripts/build.sh >/dev/null; }
node bench/size.mjs
echo
node bench/load.mjs "${1:-30}"
echo
node bench/encrypt.mjs
