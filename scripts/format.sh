#!/usr/bin/env bash
# Formats the project's C++ with .clang-format (clang-format 14).
#   bash scripts/format.sh           rewrites the files in place
#   bash scripts/format.sh --check   lists the files it would change and exits 1 if there are any
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v clang-format >/dev/null || { echo "format: clang-format is missing (apt-get install clang-format)" >&2; exit 1; }

# Files with EM_JS bodies are left out: those are JavaScript, which clang-format would break
# (it reads `===` as `== =`).
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'wasm/*.cpp' 'wasm/*.h' 'tests/native/*.cpp' 'tests/native/*.h' \
  'tools/lock-simulator/*.cpp' 'tools/lock-simulator/*.h' 'fuzz/*.cpp' 'fuzz/*.h' 'bench/*.cpp' | xargs grep -L 'EM_JS')
if [ "${1:-}" = "--check" ]; then
  changed=0
  for file in "${files[@]}"; do
    if ! clang-format --style=file "$file" | cmp -s - "$file"; then echo "$file"; changed=1; fi
  done
  exit "$changed"
fi
clang-format -i --style=file "${files[@]}"
