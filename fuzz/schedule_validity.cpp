// The 17-byte BLE validity block (schedule/validity_block.h) both ways: from a caller's JSON
// ({ effectiveTime, invalidTime, cycle, days, start, end }) and from a block a lock sent back.
// A block that decodes encodes to the same bytes; a JSON validity that is accepted survives the
// trip through its block.
//   input: JSON text when it starts with '{', else the block's bytes.
#include "doorlock/schedule/validity_block.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::schedule;

namespace {

bool same(const Validity& a, const Validity& b) {
  return a.effective_time == b.effective_time && a.invalid_time == b.invalid_time && a.cycle == b.cycle &&
         a.days == b.days && a.start_minute == b.start_minute && a.end_minute == b.end_minute;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Input input{data, size};
  if (size > 0 && data[0] == '{') {
    const nlohmann::json value = fuzz::parse_json(input.text());
    if (value.is_discarded()) return 0;
    fuzz::expect_clean_failure([&] {
      const Validity validity = validity_from_json(value, "validity");
      fuzz::require(validity.effective_time < validity.invalid_time, "a validity starts before it ends");
      // Only a non-repeating block may carry the 00:00-00:00 window (the lock ignores it there).
      const bool unset_window = validity.cycle == Cycle::None && validity.start_minute == 0 && validity.end_minute == 0;
      fuzz::require(validity.start_minute < validity.end_minute || unset_window,
                    "a daily window starts before it ends");
      const Bytes block = encode_validity(validity);
      fuzz::require(block.size() == kValidityBlockSize, "a validity block is 17 bytes");
      fuzz::require(same(decode_validity(block.data(), block.size()), validity), "decode(encode(v)) == v");
    });
    return 0;
  }
  fuzz::expect_clean_failure([&] {
    const Validity validity = decode_validity(data, size);
    fuzz::require(encode_validity(validity) == Bytes(data, data + size), "encode(decode(block)) == block");
  });
  return 0;
}
