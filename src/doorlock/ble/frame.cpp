#include "doorlock/ble/frame.h"

#include <algorithm>

#include "doorlock/ble/crc16.h"
#include "doorlock/crypto/aes.h"
#include "doorlock/error.h"

namespace doorlock::ble {

namespace {

DOORLOCK_COLD void bad_frame(const char* message) { throw_error(ErrorCode::BadFrame, message); }

void pad(Bytes& plain, Padding padding) {
  const size_t remainder = plain.size() % crypto::kAesBlock;
  if (remainder == 0) return;
  const size_t count = crypto::kAesBlock - remainder;
  plain.insert(plain.end(), count, padding == Padding::Tuya ? static_cast<uint8_t>(count) : 0);
}

}  // namespace

Bytes encode_plain_frame(const Frame& frame) {
  if (frame.data.size() > kMaxFrameData) throw_invalid("data", "is longer than a frame can carry (65535 bytes)");
  Bytes out;
  out.reserve(kFrameHeaderSize + frame.data.size() + kCrcSize + crypto::kAesBlock);
  put_u32be(out, frame.sn);
  put_u32be(out, frame.ack_sn);
  put_u16be(out, frame.cmd);
  put_u16be(out, static_cast<uint16_t>(frame.data.size()));
  out.insert(out.end(), frame.data.begin(), frame.data.end());
  put_u16be(out, crc16(out));
  return out;
}

Frame decode_plain_frame(const uint8_t* plain, size_t size) {
  if (size < kFrameHeaderSize + kCrcSize) bad_frame("frame is shorter than its header and checksum");
  const size_t length = get_u16be(plain + 10);
  if (kFrameHeaderSize + length + kCrcSize > size) bad_frame("frame LEN runs past the end of the frame");
  const size_t covered = kFrameHeaderSize + length;
  if (crc16(plain, covered) != get_u16be(plain + covered)) {
    throw_error(ErrorCode::CrcMismatch, "frame checksum does not match");
  }
  Frame frame;
  frame.sn = get_u32be(plain);
  frame.ack_sn = get_u32be(plain + 4);
  frame.cmd = get_u16be(plain + 8);
  frame.data.assign(plain + kFrameHeaderSize, plain + covered);
  return frame;
}

Bytes encode_air_frame(const Frame& frame, uint8_t mode, const uint8_t* key, const uint8_t* iv, Padding padding) {
  if (!is_known_key_mode(mode)) throw_invalid("mode", "unknown encryption mode");
  Bytes plain = encode_plain_frame(frame);
  Bytes out{mode};
  if (mode == kModeNone) {
    out.insert(out.end(), plain.begin(), plain.end());
    return out;
  }
  pad(plain, padding);
  const Bytes cipher = crypto::aes_cbc_encrypt(key, iv, plain.data(), plain.size());
  wipe(plain);
  out.reserve(1 + kIvSize + cipher.size());
  out.insert(out.end(), iv, iv + kIvSize);
  out.insert(out.end(), cipher.begin(), cipher.end());
  return out;
}

Bytes encode_air_frame(const Frame& frame, uint8_t mode, const SecretBytes& key, crypto::RandomSource& random,
                       Padding padding) {
  if (mode != kModeNone && key.size() != kKeySize) throw_invalid("key", "must be 16 bytes");
  uint8_t iv[kIvSize];
  random.fill(iv, sizeof iv);
  return encode_air_frame(frame, mode, key.data(), iv, padding);
}

uint8_t air_frame_mode(const uint8_t* air, size_t size) {
  if (size == 0) bad_frame("air frame is empty");
  return air[0];
}

Bytes air_frame_iv(const uint8_t* air, size_t size) {
  if (air_frame_mode(air, size) == kModeNone || size < 1 + kIvSize) bad_frame("air frame carries no IV");
  return Bytes(air + 1, air + 1 + kIvSize);
}

Frame decode_air_frame(const uint8_t* air, size_t size, const uint8_t* key) {
  const uint8_t mode = air_frame_mode(air, size);
  if (!is_known_key_mode(mode)) bad_frame("air frame has an unknown encryption mode");
  if (mode == kModeNone) return decode_plain_frame(air + 1, size - 1);
  const size_t cipher_size = size - std::min(size, 1 + kIvSize);
  if (cipher_size == 0 || cipher_size % crypto::kAesBlock != 0) {
    bad_frame("air frame ciphertext is not a whole number of AES blocks");
  }
  Bytes plain = crypto::aes_cbc_decrypt(key, air + 1, air + 1 + kIvSize, cipher_size);
  try {
    Frame frame = decode_plain_frame(plain.data(), plain.size());
    wipe(plain);
    return frame;
  } catch (...) {
    wipe(plain);
    throw;
  }
}

}  // namespace doorlock::ble
