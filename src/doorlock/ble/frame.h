// Frames of the Tuya BLE protocol (ble-protocol.md §1a, §3.1):
//   plaintext  SN u32 | ACK_SN u32 | CMD u16 | LEN u16 | DATA | CRC16 (big-endian, over all before it)
//   air        mode | IV(16) | AES-128-CBC(key(mode), IV, plaintext padded to 16)   (mode != 0)
//              0x00 | plaintext                                                     (mode 0, unbound only)
// Decoding checks lengths (BAD_FRAME) and the checksum (CRC_MISMATCH); it never trusts LEN beyond
// the bytes present. The same functions serve the app and the lock side.
#pragma once

#include <cstddef>
#include <cstdint>

#include "doorlock/ble/commands.h"
#include "doorlock/ble/keys.h"
#include "doorlock/bytes.h"
#include "doorlock/crypto/random.h"

namespace doorlock::ble {

inline constexpr size_t kFrameHeaderSize = 12;
inline constexpr size_t kCrcSize = 2;
inline constexpr size_t kIvSize = 16;
inline constexpr size_t kMaxFrameData = 0xFFFF;

struct Frame {
  uint32_t sn = 0;
  uint32_t ack_sn = 0;  // SN of the request being answered; 0 when unsolicited
  uint16_t cmd = 0;
  Bytes data;
};

// How the plaintext is brought to a whole number of AES blocks before encryption.
//   Tuya: n bytes of value n (n = 16 - len % 16), nothing when already aligned; the lock's own rule.
//   Zero: zero bytes, as the phone apps send; locks accept both because LEN and CRC delimit the frame.
enum class Padding : uint8_t { Tuya, Zero };

// A frame whose DATA lies in someone else's buffer, and why a frame does not decode: the noexcept
// core of the functions below, for callers that must not throw (the module's fast BLE exports).
struct FrameView {
  uint32_t sn = 0;
  uint32_t ack_sn = 0;
  uint16_t cmd = 0;
  const uint8_t* data = nullptr;
  size_t size = 0;
};
enum class FrameRefusal : uint8_t { None, Empty, UnknownMode, NotBlocks, Short, LengthPastEnd, CrcMismatch, AesFailed };

// The size of the air frame encode_air_frame makes for `data_size` bytes of DATA.
size_t air_frame_size(size_t data_size, uint8_t mode) noexcept;
// encode_air_frame into `out` (air_frame_size bytes; must not overlap DATA), for a known mode and
// DATA of at most kMaxFrameData bytes. False only when AES fails.
bool encode_air_frame_into(const FrameView& frame, uint8_t mode, const uint8_t* key, const uint8_t* iv, Padding padding,
                           uint8_t* out) noexcept;
// decode_air_frame with the plaintext written to `plain` (`size` bytes); `frame->data` points
// into it. The caller wipes `plain`.
FrameRefusal decode_air_frame_into(const uint8_t* air, size_t size, const uint8_t* key, uint8_t* plain,
                                   FrameView* frame) noexcept;

Bytes encode_plain_frame(const Frame& frame);
// Reads one plaintext frame; bytes after DATA | CRC are padding and ignored.
Frame decode_plain_frame(const uint8_t* plain, size_t size);

// The air frame with an explicit IV (tests, and a lock simulator that replays fixed vectors).
Bytes encode_air_frame(const Frame& frame, uint8_t mode, const uint8_t* key, const uint8_t* iv,
                       Padding padding = Padding::Tuya);
// The air frame with a fresh IV from `random` (normal use).
Bytes encode_air_frame(const Frame& frame, uint8_t mode, const SecretBytes& key, crypto::RandomSource& random,
                       Padding padding = Padding::Tuya);

// The mode byte of an air frame (BAD_FRAME when empty).
uint8_t air_frame_mode(const uint8_t* air, size_t size);
// The IV of an encrypted air frame (modes 11/16 derive their key from it).
Bytes air_frame_iv(const uint8_t* air, size_t size);
// Decrypts and checks an air frame. `key` (16 bytes) is ignored for mode 0.
Frame decode_air_frame(const uint8_t* air, size_t size, const uint8_t* key);

}  // namespace doorlock::ble
