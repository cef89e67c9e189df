// The frame checksum of the Tuya BLE protocol (ble-protocol.md §1a): CRC-16/MODBUS (reflected
// polynomial 0xA001, init 0xFFFF, no final XOR), written into the frame high byte first.
#pragma once

#include <cstddef>
#include <cstdint>

#include "doorlock/bytes.h"

namespace doorlock::ble {

uint16_t crc16(const uint8_t* data, size_t size) noexcept;
inline uint16_t crc16(const Bytes& bytes) noexcept { return crc16(bytes.data(), bytes.size()); }

}  // namespace doorlock::ble
