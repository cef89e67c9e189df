#!/usr/bin/env bash
# Every test of the project, from a fresh Debian 12 machine: installs what is missing, builds both
# targets, then runs the native Catch2 suite (plain, under ASan + UBSan, under valgrind), a short
# run of every fuzz target, and the JavaScript suites (Node, the emulated WeChat runtime, headless
# Chromium). Exits non-zero when anything fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh
bash scripts/build.sh

echo "== native tests (Catch2 via ctest)"
ctest --preset native

echo "== native tests under AddressSanitizer + UBSan"
[ -f build/native-asan/CMakeCache.txt ] || cmake --preset native-asan >/dev/null
cmake --build --preset native-asan
ctest --preset native-asan

# The same suite once more under valgrind's memcheck (uninitialised reads, leaks; what ASan does not
# see), as one process: 2.5 to 7 minutes on the 2-core build machine depending on its load, most
# of it the OpenSSL comparison spawning its 2,000 openssl processes.
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
node --test --test-reporter=spec tests/js/ tests/wechat/ tests/browser/
