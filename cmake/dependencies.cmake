# Third-party libraries, all from package managers:
#   nlohmann/json  - Debian nlohmann-json3-dev (header-only)
#   mbedTLS        - native: Debian libmbedtls-dev; wasm: Debian's source package, compiled with emcc
#                    (scripts/setup.sh fetches it into third_party/, which git ignores)
#   Catch2 v2      - Debian catch2 (the native tests, and the same suite built with em++)

# nlohmann/json. Only its own folder is exposed, through a link in the build tree: putting
# /usr/include on an em++ command line would shadow the Emscripten sysroot's headers.
#
# doorlock_header_folder(<var> <folder> <header> <package>): finds <folder>/<header> among the
# system headers and links just <folder> into the build tree; <var> is set to the include path.
function(doorlock_header_folder var folder header package)
  find_path(doorlock_${folder}_root "${folder}/${header}"
    PATHS /usr/include /usr/local/include /opt/homebrew/include NO_CMAKE_FIND_ROOT_PATH)
  if(NOT doorlock_${folder}_root)
    message(FATAL_ERROR "${folder}/${header} not found: run scripts/setup.sh (Debian: apt-get install ${package})")
  endif()
  set(include "${CMAKE_BINARY_DIR}/deps/${folder}/include")
  file(MAKE_DIRECTORY "${include}")
  if(NOT EXISTS "${include}/${folder}")
    file(CREATE_LINK "${doorlock_${folder}_root}/${folder}" "${include}/${folder}" SYMBOLIC)
  endif()
  set(${var} "${include}" PARENT_SCOPE)
endfunction()

doorlock_header_folder(doorlock_json_include nlohmann json.hpp nlohmann-json3-dev)
add_library(doorlock_json INTERFACE)
target_include_directories(doorlock_json SYSTEM INTERFACE "${doorlock_json_include}")
# No implicit conversions: every read of a caller's value goes through a checked accessor.
target_compile_definitions(doorlock_json INTERFACE JSON_USE_IMPLICIT_CONVERSIONS=0)

# mbedTLS (crypto part only: AES, MD5, CTR-DRBG, zeroize).
add_library(doorlock_mbedcrypto INTERFACE)
if(EMSCRIPTEN)
  set(DOORLOCK_MBEDTLS_SOURCE_DIR "${PROJECT_SOURCE_DIR}/third_party/mbedtls" CACHE PATH
      "mbedTLS 2.28 sources, compiled with emcc for the module")
  if(NOT EXISTS "${DOORLOCK_MBEDTLS_SOURCE_DIR}/CMakeLists.txt")
    message(FATAL_ERROR "mbedTLS sources not found in ${DOORLOCK_MBEDTLS_SOURCE_DIR}: run scripts/setup.sh, "
                        "or set DOORLOCK_MBEDTLS_SOURCE_DIR to an mbedTLS 2.28 source tree")
  endif()
  set(ENABLE_PROGRAMS OFF CACHE BOOL "" FORCE)
  set(ENABLE_TESTING OFF CACHE BOOL "" FORCE)
  set(MBEDTLS_FATAL_WARNINGS OFF CACHE BOOL "" FORCE)
  set(USE_SHARED_MBEDTLS_LIBRARY OFF CACHE BOOL "" FORCE)
  set(USE_STATIC_MBEDTLS_LIBRARY ON CACHE BOOL "" FORCE)
  add_subdirectory("${DOORLOCK_MBEDTLS_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/deps/mbedtls" EXCLUDE_FROM_ALL)
  target_link_libraries(doorlock_mbedcrypto INTERFACE mbedcrypto)
  if(DOORLOCK_WASM_TESTS)
    # Catch2's single header, exposed through a link like nlohmann/json above.
    doorlock_header_folder(doorlock_catch2_include catch2 catch.hpp catch2)
    add_library(Catch2::Catch2 INTERFACE IMPORTED)
    target_include_directories(Catch2::Catch2 SYSTEM INTERFACE "${doorlock_catch2_include}")
  endif()
else()
  find_path(DOORLOCK_MBEDTLS_INCLUDE mbedtls/aes.h)
  find_library(DOORLOCK_MBEDCRYPTO_LIBRARY mbedcrypto)
  if(NOT DOORLOCK_MBEDTLS_INCLUDE OR NOT DOORLOCK_MBEDCRYPTO_LIBRARY)
    message(FATAL_ERROR "mbedTLS not found: run scripts/setup.sh (Debian: apt-get install libmbedtls-dev)")
  endif()
  target_include_directories(doorlock_mbedcrypto SYSTEM INTERFACE "${DOORLOCK_MBEDTLS_INCLUDE}")
  target_link_libraries(doorlock_mbedcrypto INTERFACE "${DOORLOCK_MBEDCRYPTO_LIBRARY}")

  find_package(Catch2 2 QUIET)
  if(NOT Catch2_FOUND)
    message(FATAL_ERROR "Catch2 v2 not found: run scripts/setup.sh (Debian: apt-get install catch2)")
  endif()
endif()
