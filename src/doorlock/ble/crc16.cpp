#include "doorlock/ble/crc16.h"

namespace doorlock::ble {

namespace {

// The CRC step for each 4-bit value: half a byte per table look-up. Sixteen entries rather than
// the usual 256: frames are short and the module size matters, but eight branchy bit steps per
// byte made the checksum the largest cost of decoding a frame in wasm.
struct NibbleTable {
  uint16_t step[16];
  constexpr NibbleTable() : step() {
    for (int n = 0; n < 16; ++n) {
      uint16_t crc = static_cast<uint16_t>(n);
      for (int bit = 0; bit < 4; ++bit) crc = (crc & 1) ? static_cast<uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
      step[n] = crc;
    }
  }
};
constexpr NibbleTable kNibbles;

}  // namespace

uint16_t crc16(const uint8_t* data, size_t size) noexcept {
  uint16_t crc = 0xFFFF;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    crc = static_cast<uint16_t>((crc >> 4) ^ kNibbles.step[crc & 0x0F]);
    crc = static_cast<uint16_t>((crc >> 4) ^ kNibbles.step[crc & 0x0F]);
  }
  return crc;
}

}  // namespace doorlock::ble
