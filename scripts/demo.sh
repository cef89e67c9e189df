#!/usr/bin/env bash
# The demo: builds what is missing (first run on a fresh machine installs and builds everything),
# then runs demo/cli.mjs: it serves the browser panel (panel/) on the emulated home and prints its
# URL, runs the scripted steps against the cloud emulator and the lock simulator, and keeps serving
# the panel until Ctrl-C in a terminal. With --once, or when not on a terminal, it exits after the
# steps. --port N serves the panel on port N (default 8790, or any free port if that is taken).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f js/dist/node.cjs ] || [ ! -f js/dist/server.mjs ] || [ ! -f js/dist/browser.mjs ] ||
   [ ! -f js/dist/core/doorlock_core.wasm ] ||
   [ ! -f build/wasm/tools/lock-simulator/lock_simulator.wasm ]; then
  bash scripts/setup.sh
  bash scripts/build.sh >/dev/null
elif [ -n "$(find js/src -newer js/dist/browser.mjs -print -quit)" ]; then
  node js/scripts/bundle.mjs   # the bundles are older than the package's sources
fi
exec node demo/cli.mjs "$@"
