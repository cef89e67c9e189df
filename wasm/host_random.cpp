#include "host_random.h"

#include <emscripten/val.h>

namespace doorlock::wasm {

namespace {

bool host_entropy(uint8_t* out, size_t size) {
  using emscripten::val;
  const val fill = val::module_property("hostEntropy");
  if (fill.typeOf().as<std::string>() != "function") return false;
  // The loader's function catches its own failures and answers false, so nothing throws through here.
  return fill(val(emscripten::typed_memory_view(size, out))).as<bool>();
}

}  // namespace

crypto::Drbg& module_random() {
  static crypto::Drbg drbg(host_entropy);
  return drbg;
}

}  // namespace doorlock::wasm
