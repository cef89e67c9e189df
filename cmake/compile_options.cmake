# Warnings and build-mode flags shared by the project's own targets (not by third-party code).
add_library(doorlock_options INTERFACE)
target_compile_options(doorlock_options INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor)

if(EMSCRIPTEN)
  # The core reports errors with C++ exceptions; the bindings catch them. Emscripten's JS-based
  # catching (not wasm exceptions) because WeChat's iOS runtime only promises MVP WebAssembly.
  target_compile_options(doorlock_options INTERFACE -fexceptions -sDISABLE_EXCEPTION_CATCHING=0)
  target_link_options(doorlock_options INTERFACE -fexceptions -sDISABLE_EXCEPTION_CATCHING=0)
  # The module has a size budget (250 KB) and its work is tiny (frames of tens of bytes, small
  # JSON objects): the wasm preset builds everything with -Oz, and the link optimises for size too.
  target_link_options(doorlock_options INTERFACE -Oz)
elseif(DOORLOCK_FUZZ)
  # Everything the fuzz targets reach carries libFuzzer's coverage hooks and both sanitizers; UB
  # aborts so that the fuzzer keeps the input (fuzz/CMakeLists.txt links the fuzzer itself).
  target_compile_options(doorlock_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                    -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(doorlock_options INTERFACE -fsanitize=address,undefined)
elseif(DOORLOCK_SANITIZE)
  target_compile_options(doorlock_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                    -fno-sanitize-recover=undefined)
  target_link_options(doorlock_options INTERFACE -fsanitize=address,undefined)
endif()
