// BLE frames from the radio (frame.h): the plaintext decoder on raw bytes, and the air decoder
// (mode byte, IV, AES-CBC, then the plaintext checks) with the session key of vectors.md §3, so
// that seeds encrypted under it reach the checks behind the cipher.
//   byte 0, bit 0: 0 = plaintext frame, 1 = air frame.
#include <cstring>

#include "doorlock/ble/frame.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;

namespace {

// KEY_4 = md5("abcdef"), vectors.md §3.
constexpr uint8_t kKey[16] = {0xe8, 0x0b, 0x50, 0x17, 0x09, 0x89, 0x50, 0xfc,
                              0x58, 0xaa, 0xd8, 0x3c, 0x8c, 0x14, 0x97, 0x8e};

// A frame that decoded is exactly the bytes it came from, up to the padding after its CRC.
void check_plain(const Frame& frame, const uint8_t* plain, size_t size) {
  const Bytes again = encode_plain_frame(frame);
  fuzz::require(again.size() <= size && std::memcmp(again.data(), plain, again.size()) == 0,
                "decode_plain_frame: re-encoding gives back the input");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const bool air = input.take_byte() & 1;
  if (!air) {
    fuzz::expect_clean_failure(
        [&] { check_plain(decode_plain_frame(input.data, input.size), input.data, input.size); });
    return 0;
  }
  fuzz::expect_clean_failure([&] { air_frame_mode(input.data, input.size); });
  fuzz::expect_clean_failure([&] {
    const Bytes iv = air_frame_iv(input.data, input.size);
    fuzz::require(iv.size() == kIvSize && std::memcmp(iv.data(), input.data + 1, kIvSize) == 0,
                  "air_frame_iv: the 16 bytes after the mode");
  });
  fuzz::expect_clean_failure([&] {
    const Frame frame = decode_air_frame(input.data, input.size, kKey);
    fuzz::require(frame.data.size() <= kMaxFrameData, "decode_air_frame: DATA within LEN's range");
    if (input.size > 0 && input.data[0] == 0) check_plain(frame, input.data + 1, input.size - 1);
  });
  return 0;
}
