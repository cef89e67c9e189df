#!/usr/bin/env bash
# Builds both targets: the native core with its Catch2 tests, and the WebAssembly module with the
# npm package's bundles (js/dist). Assumes scripts/setup.sh has run. Incremental: a second run
# only rebuilds what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # Debian's emcc finds acorn there

[ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null
cmake --build --preset native

[ -f build/wasm/CMakeCache.txt ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm
node js/scripts/bundle.mjs
