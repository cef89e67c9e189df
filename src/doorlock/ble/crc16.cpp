#include "doorlock/ble/crc16.h"

namespace doorlock::ble {

uint16_t crc16(const uint8_t* data, size_t size) noexcept {
  // Bitwise rather than a 512-byte table: frames are short and the module size matters more.
  uint16_t crc = 0xFFFF;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? static_cast<uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
  }
  return crc;
}

}  // namespace doorlock::ble
