#!/usr/bin/env bash
# Every test of the project, from a fresh Debian 12 machine: installs what is missing, builds both
# targets, then runs the native Catch2 suite (plain, under ASan + UBSan, under valgrind), a short
# run of every fuzz target, and the JavaScript suites (Node, the emulated WeChat runtime, headless
# Chromium), and the Catch2 suite once more built with em++ under Node. Exits non-zero when
# anything fails.
#
#   bash scripts/test.sh          everything (what CI runs)
#   bash scripts/test.sh --fast   the local lane: native Catch2 and the Node / WeChat-runtime suites
#                                 with smaller fault and property campaigns; no sanitizers, valgrind,
#                                 fuzzing, wasm-built Catch2 or Chromium
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fast=false
case "${1:-}" in
  --fast) fast=true ;;
  "") ;;
  *) echo "usage: bash scripts/test.sh [--fast]" >&2; exit 2 ;;
esac

bash scripts/setup.sh
bash scripts/build.sh

echo "== lint (ESLint)"
bash scripts/lint.sh

echo "== native tests (Catch2 via ctest)"
ctest --preset native

# Most JS tests wait on timers and sockets rather than the CPU: a few files at a time.
js_tests() { node --test --test-concurrency=3 --test-reporter=spec "$@"; }

if $fast; then
  echo "== JavaScript tests, fast lane (Node, WeChat runtime)"
  DOORLOCK_FAULT_CALLS="${DOORLOCK_FAULT_CALLS:-150}" DOORLOCK_PROPERTY_CALLS="${DOORLOCK_PROPERTY_CALLS:-20000}" \
    js_tests tests/js/ tests/wechat/
  exit 0
fi

# The same assertions on the target that ships: em++'s code generation and libc, run by Node.
echo "== native tests built with em++, under Node"
[ -f build/wasm-tests/CMakeCache.txt ] || cmake --preset wasm-tests >/dev/null
cmake --build --preset wasm-tests
ctest --preset wasm-tests

echo "== native tests under AddressSanitizer + UBSan"
[ -f build/native-asan/CMakeCache.txt ] || cmake --preset native-asan >/dev/null
cmake --build --preset native-asan
ctest --preset native-asan

# The same suite once more under valgrind's memcheck (uninitialised reads, leaks; what ASan does not
# see), as one process.
echo "== native tests under valgrind memcheck"
valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
  build/native/tests/native/doorlock_native_tests

# Every libFuzzer target replays its seeds, then fuzzes for a bounded time (scripts/fuzz.sh runs
# them for longer). DOORLOCK_FUZZ_SECONDS sets the time per target.
echo "== fuzz targets (ASan + UBSan)"
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
ctest --preset fuzz
bash scripts/fuzz.sh "${DOORLOCK_FUZZ_SECONDS:-10}"

echo "== JavaScript tests (node --test: Node, WeChat runtime, browser)"
js_tests tests/js/ tests/wechat/ tests/browser/
