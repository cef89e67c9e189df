// Every heap block is zeroed when it is freed. Secrets cross the boundary and the core through
// many short-lived buffers (the value bridge's buffers, JSON nodes and strings, byte vectors,
// temporaries inside parsers and builders); wiping each one at its owner would need every one of
// them found, and kept found as the code changes. Zeroing at free covers them all, library code
// included, for one memset per free. The allocator's own free does the rest.
#include <cstddef>

#include "doorlock/bytes.h"

extern "C" {

void emscripten_builtin_free(void* block);
size_t malloc_usable_size(void* block);

// Replaces the allocator's (weak) free; malloc, calloc and realloc stay the allocator's.
void free(void* block) {
  if (block != nullptr) doorlock::wipe(block, malloc_usable_size(block));
  emscripten_builtin_free(block);
}

}  // extern "C"
