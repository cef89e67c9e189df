// Every heap block is zeroed when it is freed. Secrets cross the boundary and the core through
// many short-lived buffers (the value bridge's buffers, JSON nodes and strings, byte vectors,
// temporaries inside parsers and builders); wiping each one at its owner would need every one of
// them found, and kept found as the code changes. Zeroing at free covers them all, library code
// included. The allocator's own free does the rest.
#include <cstddef>
#include <cstdint>

extern "C" {

void emscripten_builtin_free(void* block);
size_t malloc_usable_size(void* block);

}  // extern "C"

namespace {

// Eight bytes per store. The libc memset of this size-optimised module stores one byte at a time,
// which made the wipe an eighth of a small call's time. Volatile stores: the compiler may neither
// drop them (the block is freed right after) nor turn the loop back into a memset call.
void zero_block(void* block, size_t size) noexcept {
  auto* bytes = static_cast<volatile uint8_t*>(block);
  size_t i = 0;
  for (; i < size && (reinterpret_cast<uintptr_t>(bytes + i) & 7u) != 0; ++i) bytes[i] = 0;
  for (; i + 8 <= size; i += 8) *reinterpret_cast<volatile uint64_t*>(bytes + i) = 0;
  for (; i < size; ++i) bytes[i] = 0;
}

}  // namespace

extern "C" {

// Replaces the allocator's (weak) free; malloc, calloc and realloc stay the allocator's.
void free(void* block) {
  if (block != nullptr) zero_block(block, malloc_usable_size(block));
  emscripten_builtin_free(block);
}

}  // extern "C"
