// dl.diagnostics: figures the benchmarks and the boundary tests read (heap in use, memory size, stack
// pointer) to show that calls do not leak.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/stack.h>
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

// Where the wasm stack stands between calls: a call that unwound without restoring it moves it.
val stack_pointer() { return val(static_cast<double>(emscripten_stack_get_current())); }

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_runtime) {
  emscripten::function("dl$diagnostics$heapInUse", &heap_in_use);
  emscripten::function("dl$diagnostics$memoryBytes", &memory_bytes);
  emscripten::function("dl$diagnostics$stackPointer", &stack_pointer);
}

}  // namespace doorlock::wasm
