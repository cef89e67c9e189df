#!/usr/bin/env bash
# Every test of the project, from a fresh Debian 12 machine: installs what is missing, builds both
# targets, then runs the native Catch2 suite and the JavaScript suites (Node, the emulated WeChat
# runtime, headless Chromium). Exits non-zero when anything fails.
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

echo "== JavaScript tests (node --test: Node, WeChat runtime, browser)"
node --test --test-reporter=spec tests/js/ tests/wechat/ tests/browser/
