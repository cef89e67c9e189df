// dl.diagnostics: figures the benchmarks read (heap in use, memory size) to show that calls do not leak.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include "marshal.h"

namespace doorlock::wasm {

namespace {

val heap_in_use() {
  const struct mallinfo info = mallinfo();
  return val(static_cast<double>(info.uordblks));
}

// The size of the module's linear memory: it only grows, so a stable figure means no growth.
val memory_bytes() { return val(static_cast<double>(emscripten_get_heap_size())); }

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_runtime) {
  emscripten::function("dl$diagnostics$heapInUse", &heap_in_use);
  emscripten::function("dl$diagnostics$memoryBytes", &memory_bytes);
}

}  // namespace doorlock::wasm
