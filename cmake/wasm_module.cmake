# doorlock_add_module(<target> OUTPUT <name> FACTORY <createName> SOURCES <files...>)
# One Emscripten module: the given binding sources plus the shared marshalling, linked with the
# settings every module of the project uses (the SDK module and the test tools' modules alike).
function(doorlock_add_module target)
  cmake_parse_arguments(ARG "" "OUTPUT;FACTORY" "SOURCES" ${ARGN})
  add_executable(${target} ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT} SUFFIX ".js")
  # An object library, not a static one: the EM_JS helpers are imports, which the linker would
  # never pull out of an archive.
  target_link_libraries(${target} PRIVATE doorlock_wasm_support doorlock_options)
  target_link_options(${target} PRIVATE
    --bind
    -sMODULARIZE=1
    -sEXPORT_NAME=${ARG_FACTORY}
    # WeChat forbids eval and new Function; Embind otherwise generates invokers with new Function.
    -sDYNAMIC_EXECUTION=0
    -sFILESYSTEM=0
    -sALLOW_MEMORY_GROWTH=1
    # emmalloc is a third of dlmalloc's size; the module makes few, small allocations.
    -sMALLOC=emmalloc
    # Small start, grows on demand: the default 16 MB is a lot for a mini program.
    -sINITIAL_MEMORY=1048576
    -sTOTAL_STACK=262144
    # A library must not install process-wide handlers in its host.
    -sNODEJS_CATCH_EXIT=0
    -sNODEJS_CATCH_REJECTION=0
    -sEXPORTED_RUNTIME_METHODS=[stringToUTF8,lengthBytesUTF8]
    "SHELL:--pre-js ${DOORLOCK_WASM_DIR}/pre.js"
    "SHELL:--post-js ${DOORLOCK_WASM_DIR}/post.js")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${DOORLOCK_WASM_DIR}/pre.js;${DOORLOCK_WASM_DIR}/post.js")
  # post.js patches the glue; the build stops when the glue is not what the patch expects.
  find_program(DOORLOCK_NODE node REQUIRED)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND "${DOORLOCK_NODE}" "${DOORLOCK_WASM_DIR}/check-glue.mjs" "$<TARGET_FILE_DIR:${target}>/${ARG_OUTPUT}.js"
    COMMENT "Checking the glue that wasm/post.js patches")
  if(CMAKE_BUILD_TYPE STREQUAL "Debug")
    # The wasm-debug preset: the runtime's own checks and names in stack traces.
    target_link_options(${target} PRIVATE -sASSERTIONS=2 -g)
  endif()
  # Binaryen's size optimiser once more on the finished module: emcc optimises before its
  # JS-driven dead-code elimination, and the code that elimination frees up still shrinks
  # (about 5 KB). The module stays MVP WebAssembly: wasm-opt uses no feature it was not given.
  if(DOORLOCK_WASM_OPT AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${DOORLOCK_WASM_OPT}" -Oz "$<TARGET_FILE_DIR:${target}>/${ARG_OUTPUT}.wasm"
              -o "$<TARGET_FILE_DIR:${target}>/${ARG_OUTPUT}.wasm"
      COMMENT "Optimising ${ARG_OUTPUT}.wasm for size")
  endif()
endfunction()

# The wasm-opt of the Binaryen that emcc uses: beside an emsdk's emscripten, else on the PATH.
find_program(DOORLOCK_WASM_OPT wasm-opt HINTS "${EMSCRIPTEN_ROOT_PATH}/../bin" NO_CMAKE_FIND_ROOT_PATH)
if(NOT DOORLOCK_WASM_OPT)
  message(WARNING "wasm-opt not found: the modules are left as emcc wrote them (about 5 KB larger)")
endif()
