# Picks the Emscripten toolchain: the user's emsdk when EMSDK is set, otherwise Debian's
# emscripten package. (Debian's emcc finds acorn through NODE_PATH=/usr/share/nodejs, which the
# wasm preset sets.)
if(DEFINED ENV{EMSDK} AND EXISTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  set(doorlock_emscripten_root "$ENV{EMSDK}/upstream/emscripten")
elseif(DEFINED ENV{EMSCRIPTEN_ROOT} AND EXISTS "$ENV{EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
  set(doorlock_emscripten_root "$ENV{EMSCRIPTEN_ROOT}")
else()
  set(doorlock_emscripten_root "/usr/share/emscripten")
endif()
if(NOT EXISTS "${doorlock_emscripten_root}/cmake/Modules/Platform/Emscripten.cmake")
  message(FATAL_ERROR "Emscripten not found: install Debian's emscripten (scripts/setup.sh) or set EMSDK")
endif()
include("${doorlock_emscripten_root}/cmake/Modules/Platform/Emscripten.cmake")
