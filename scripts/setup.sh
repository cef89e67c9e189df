#!/usr/bin/env bash
# Brings a fresh Debian 12 machine to the point where everything builds and every test runs:
# Debian packages, the mbedTLS sources for the wasm build, and the JS tooling from npm.
# Re-running it is quick: it only acts on what is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

packages=(
  cmake make g++ pkg-config          # native build
  nlohmann-json3-dev libmbedtls-dev catch2           # core dependencies
  openssl libssl-dev                 # the tests' independent AES (libcrypto) and its command line
  emscripten node-acorn binaryen     # wasm build
  dpkg-dev                           # apt-get source (mbedTLS sources for the wasm build)
  wabt                               # wasm-objdump: the package test checks the module is MVP WebAssembly
  chromium                           # browser tests (driven by playwright-core)
  clang libclang-rt-14-dev           # fuzz targets (libFuzzer with ASan + UBSan)
  clang-format                       # scripts/format.sh
  valgrind                           # the native suite under memcheck
)

if [ -n "${EMSDK:-}" ]; then
  # The user's emsdk builds the module: Debian's emscripten is not needed.
  packages=("${packages[@]/emscripten}"); packages=("${packages[@]/node-acorn}"); packages=("${packages[@]/binaryen}")
fi

missing=()
for package in "${packages[@]}"; do
  [ -n "$package" ] || continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

have_deb_src() { grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; }
mbedtls_dir="$root/third_party/mbedtls"
need_update=0
if [ ${#missing[@]} -gt 0 ]; then need_update=1; fi
if [ ! -f "$mbedtls_dir/CMakeLists.txt" ] && ! have_deb_src; then
  echo "setup: adding Debian source lines (deb-src) to fetch the mbedTLS sources"
  . /etc/os-release
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$VERSION_CODENAME" "$VERSION_CODENAME" | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/doorlock-deb-src.sources >/dev/null
  need_update=1
fi
if [ "$need_update" -eq 1 ]; then
  "${sudo_cmd[@]}" apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# mbedTLS for the wasm build is compiled from Debian's own source package (the same 2.28 release as
# libmbedtls-dev), kept out of git in third_party/.
if [ ! -f "$mbedtls_dir/CMakeLists.txt" ]; then
  echo "setup: fetching the mbedTLS sources (apt-get source mbedtls)"
  work="$(mktemp -d)"
  (cd "$work" && apt-get source -qq --only-source mbedtls >/dev/null 2>&1) || {
    echo "setup: apt-get source mbedtls failed; set DOORLOCK_MBEDTLS_SOURCE_DIR to an mbedTLS 2.28 tree" >&2; exit 1; }
  mkdir -p "$root/third_party"
  rm -rf "$mbedtls_dir"
  mv "$work"/mbedtls-2.28.*/ "$mbedtls_dir"
  rm -rf "$work"
fi

# JS tooling (esbuild for the package bundles, playwright-core and typescript for tests), pinned
# by js/package-lock.json.
if [ ! -f "$root/js/node_modules/.package-lock.json" ] || [ "$root/js/package-lock.json" -nt "$root/js/node_modules/.package-lock.json" ]; then
  echo "setup: npm ci (js/)"
  (cd "$root/js" && npm ci --no-audit --no-fund --loglevel=error)
fi
