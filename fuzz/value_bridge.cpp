// The wasm value bridge's reader (wasm/value_encoding.h): the buffer a caller's JavaScript value
// became before it enters the core. Its JS writer only produces well-formed buffers, so a
// malformed one must end in INTERNAL, never in a read past the end or an allocation the buffer
// cannot back. A value that reads writes back to a buffer that reads to the same value.
//   input: the encoded buffer.
#include "fuzz_support.h"
#include "value_encoding.h"

using namespace doorlock;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::expect_clean_failure(
      [&] {
        const nlohmann::json value = wasm::read_value(data, size);
        const Bytes again = wasm::write_value(value);
        const nlohmann::json back = wasm::read_value(again.data(), again.size());
        fuzz::require(fuzz::canonical(back) == fuzz::canonical(value), "read(write(read(x))) == read(x)");
      },
      /*internal_allowed=*/true);
  return 0;
}
