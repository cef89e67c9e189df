// dl.diagnostics: figures the benchmarks read (heap in use) to show that calls do not leak.
#include <emscripten/bind.h>
#include <malloc.h>

#include "marshal.h"

namespace doorlock::wasm {

namespace {

val heap_in_use() {
  const struct mallinfo info = mallinfo();
  return val(static_cast<double>(info.uordblks));
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_runtime) {
  emscripten::function("dl$diagnostics$heapInUse", &heap_in_use);
}

}  // namespace doorlock::wasm
