#!/usr/bin/env bash
# Lints the project's JavaScript with ESLint (eslint.config.mjs; pinned in js/package-lock.json).
#   bash scripts/lint.sh         report problems, exit 1 if there are any
#   bash scripts/lint.sh --fix   also rewrite what ESLint can fix by itself
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
node js/node_modules/eslint/bin/eslint.js "$@" .
