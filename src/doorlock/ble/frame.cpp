#include "doorlock/ble/frame.h"

#include "doorlock/ble/crc16.h"
#include "doorlock/crypto/aes.h"
#include "doorlock/error.h"

namespace doorlock::ble {

namespace {

DOORLOCK_COLD void bad_frame(const char* message) { throw_error(ErrorCode::BadFrame, message); }

DOORLOCK_COLD void raise(FrameRefusal refusal) {
  switch (refusal) {
    case FrameRefusal::Empty: bad_frame("air frame is empty");
    case FrameRefusal::UnknownMode: bad_frame("air frame has an unknown encryption mode");
    case FrameRefusal::NotBlocks: bad_frame("air frame ciphertext is not a whole number of AES blocks");
    case FrameRefusal::Short: bad_frame("frame is shorter than its header and checksum");
    case FrameRefusal::LengthPastEnd: bad_frame("frame LEN runs past the end of the frame");
    case FrameRefusal::CrcMismatch: throw_error(ErrorCode::CrcMismatch, "frame checksum does not match");
    default: throw_error(ErrorCode::Internal, "AES operation failed");
  }
}

size_t plain_frame_size(size_t data_size) noexcept { return kFrameHeaderSize + data_size + kCrcSize; }

void put_u32be_into(uint8_t* out, uint32_t value) noexcept {
  out[0] = static_cast<uint8_t>(value >> 24);
  out[1] = static_cast<uint8_t>(value >> 16);
  out[2] = static_cast<uint8_t>(value >> 8);
  out[3] = static_cast<uint8_t>(value);
}

void put_u16be_into(uint8_t* out, uint16_t value) noexcept {
  out[0] = static_cast<uint8_t>(value >> 8);
  out[1] = static_cast<uint8_t>(value);
}

// The plaintext frame into `out` (plain_frame_size bytes).
void write_plain_frame(const FrameView& frame, uint8_t* out) noexcept {
  put_u32be_into(out, frame.sn);
  put_u32be_into(out + 4, frame.ack_sn);
  put_u16be_into(out + 8, frame.cmd);
  put_u16be_into(out + 10, static_cast<uint16_t>(frame.size));
  for (size_t i = 0; i < frame.size; ++i) out[kFrameHeaderSize + i] = frame.data[i];
  put_u16be_into(out + kFrameHeaderSize + frame.size, crc16(out, kFrameHeaderSize + frame.size));
}

FrameRefusal read_plain_frame(const uint8_t* plain, size_t size, FrameView* frame) noexcept {
  if (size < kFrameHeaderSize + kCrcSize) return FrameRefusal::Short;
  const size_t length = get_u16be(plain + 10);
  if (kFrameHeaderSize + length + kCrcSize > size) return FrameRefusal::LengthPastEnd;
  const size_t covered = kFrameHeaderSize + length;
  if (crc16(plain, covered) != get_u16be(plain + covered)) return FrameRefusal::CrcMismatch;
  frame->sn = get_u32be(plain);
  frame->ack_sn = get_u32be(plain + 4);
  frame->cmd = get_u16be(plain + 8);
  frame->data = plain + kFrameHeaderSize;
  frame->size = length;
  return FrameRefusal::None;
}

FrameView view_of(const Frame& frame) noexcept {
  FrameView view;
  view.sn = frame.sn;
  view.ack_sn = frame.ack_sn;
  view.cmd = frame.cmd;
  view.data = frame.data.data();
  view.size = frame.data.size();
  return view;
}

Frame frame_of(const FrameView& view) {
  Frame frame;
  frame.sn = view.sn;
  frame.ack_sn = view.ack_sn;
  frame.cmd = view.cmd;
  frame.data.assign(view.data, view.data + view.size);
  return frame;
}

void check_data_size(const Frame& frame) {
  if (frame.data.size() > kMaxFrameData) throw_invalid("data", "is longer than a frame can carry (65535 bytes)");
}

}  // namespace

size_t air_frame_size(size_t data_size, uint8_t mode) noexcept {
  const size_t plain = plain_frame_size(data_size);
  if (mode == kModeNone) return 1 + plain;
  return 1 + kIvSize + (plain + crypto::kAesBlock - 1) / crypto::kAesBlock * crypto::kAesBlock;
}

bool encode_air_frame_into(const FrameView& frame, uint8_t mode, const uint8_t* key, const uint8_t* iv, Padding padding,
                           uint8_t* out) noexcept {
  out[0] = mode;
  if (mode == kModeNone) {
    write_plain_frame(frame, out + 1);
    return true;
  }
  for (size_t i = 0; i < kIvSize; ++i) out[1 + i] = iv[i];
  uint8_t* plain = out + 1 + kIvSize;
  const size_t size = plain_frame_size(frame.size);
  write_plain_frame(frame, plain);
  // Tuya: n bytes of value n; Zero: zero bytes (see Padding).
  const size_t padded = air_frame_size(frame.size, mode) - 1 - kIvSize;
  const uint8_t fill = padding == Padding::Tuya ? static_cast<uint8_t>(padded - size) : 0;
  for (size_t i = size; i < padded; ++i) plain[i] = fill;
  // In place: the plaintext never leaves `out` unencrypted.
  return crypto::aes_cbc_into(key, iv, plain, padded, plain, true);
}

FrameRefusal decode_air_frame_into(const uint8_t* air, size_t size, const uint8_t* key, uint8_t* plain,
                                   FrameView* frame) noexcept {
  if (size == 0) return FrameRefusal::Empty;
  const uint8_t mode = air[0];
  if (!is_known_key_mode(mode)) return FrameRefusal::UnknownMode;
  if (mode == kModeNone) return read_plain_frame(air + 1, size - 1, frame);
  const size_t cipher_size = size < 1 + kIvSize ? 0 : size - 1 - kIvSize;
  if (cipher_size == 0 || cipher_size % crypto::kAesBlock != 0) return FrameRefusal::NotBlocks;
  if (!crypto::aes_cbc_into(key, air + 1, air + 1 + kIvSize, cipher_size, plain, false)) return FrameRefusal::AesFailed;
  return read_plain_frame(plain, cipher_size, frame);
}

Bytes encode_plain_frame(const Frame& frame) {
  check_data_size(frame);
  Bytes out(plain_frame_size(frame.data.size()));
  write_plain_frame(view_of(frame), out.data());
  return out;
}

Frame decode_plain_frame(const uint8_t* plain, size_t size) {
  FrameView view;
  const FrameRefusal refusal = read_plain_frame(plain, size, &view);
  if (refusal != FrameRefusal::None) raise(refusal);
  return frame_of(view);
}

Bytes encode_air_frame(const Frame& frame, uint8_t mode, const uint8_t* key, const uint8_t* iv, Padding padding) {
  if (!is_known_key_mode(mode)) throw_invalid("mode", "unknown encryption mode");
  check_data_size(frame);
  Bytes out(air_frame_size(frame.data.size(), mode));
  if (!encode_air_frame_into(view_of(frame), mode, key, iv, padding, out.data())) raise(FrameRefusal::AesFailed);
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
  SecretBytes plain{Bytes(size)};
  FrameView view;
  const FrameRefusal refusal = decode_air_frame_into(air, size, key, plain.data(), &view);
  if (refusal != FrameRefusal::None) raise(refusal);
  return frame_of(view);
}

}  // namespace doorlock::ble
