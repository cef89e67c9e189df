#!/usr/bin/env bash
# The demo: builds what is missing (first run on a fresh machine installs and builds everything),
# then runs demo/cli.mjs against the local cloud emulator and the lock simulator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f js/dist/node.cjs ] || [ ! -f js/dist/core/doorlock_core.wasm ] ||
   [ ! -f build/wasm/tools/lock-simulator/lock_simulator.wasm ]; then
  bash scripts/setup.sh
  bash scripts/build.sh >/dev/null
fi
exec node demo/cli.mjs "$@"
