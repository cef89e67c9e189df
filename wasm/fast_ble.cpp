// The fast paths of dl.ble's byte functions (crc16, packetize, encodeFrame, decodeFrame,
// decodeDps and the reassembler): plain C exports that js/src/ble/fast-bytes.mjs calls with the arguments
// already written into a scratch area of wasm memory, the pattern of fast_password.cpp. They call
// only the core's noexcept functions (frame.h, packets.h, crc16.h) and the AES compiled without
// exceptions, and hold nothing with a destructor that could run during unwinding, so a call enters
// wasm once. Any refusal comes back as kTakeGeneralPath: the JS side then takes the general path,
// which raises it as a DoorlockError.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "doorlock/ble/crc16.h"
#include "doorlock/ble/dp.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/packets.h"

namespace doorlock::wasm {
namespace {

constexpr int kTakeGeneralPath = -1;

// Laid out by js/src/ble/fast-bytes.mjs, call by call; the JS side zeroes what it used after
// every call. Large enough for a protocol 4 air frame (1536 bytes) and its packets at MTU 20.
constexpr size_t kScratchSize = 8192;
alignas(16) uint8_t scratch[kScratchSize];

constexpr size_t kDpRecordSize = 24;

}  // namespace
}  // namespace doorlock::wasm

using doorlock::wasm::kTakeGeneralPath;
namespace ble = doorlock::ble;

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* dl_ble_scratch() { return doorlock::wasm::scratch; }
EMSCRIPTEN_KEEPALIVE size_t dl_ble_scratch_size() { return doorlock::wasm::kScratchSize; }

EMSCRIPTEN_KEEPALIVE int dl_ble_crc16(const uint8_t* data, size_t size) { return ble::crc16(data, size); }

// The packets one after another at `out` (at most `capacity` bytes), each one's size at `sizes`
// (at most `max_count`): their count, or kTakeGeneralPath.
EMSCRIPTEN_KEEPALIVE int dl_ble_packetize(const uint8_t* air, size_t size, size_t mtu, int protocol, uint8_t* out,
                                          size_t capacity, uint16_t* sizes, size_t max_count) {
  if (ble::packetize_refusal(size, mtu, protocol) != ble::PacketizeRefusal::None) return kTakeGeneralPath;
  size_t offset = 0;
  size_t used = 0;
  uint32_t number = 0;
  for (; offset < size; ++number) {
    if (number == max_count || capacity - used < mtu) return kTakeGeneralPath;
    const size_t packet = ble::write_packet(air, size, mtu, protocol, number, offset, out + used);
    sizes[number] = static_cast<uint16_t>(packet);
    used += packet;
  }
  return static_cast<int>(number);
}

// The air frame at `out` (at most `capacity` bytes): its size, or kTakeGeneralPath. `key` and `iv`
// (16 bytes each) are read only in an encrypting mode; `zero_padding` selects Padding::Zero.
EMSCRIPTEN_KEEPALIVE int dl_ble_encode_frame(uint32_t sn, uint32_t ack_sn, int cmd, const uint8_t* data, size_t size,
                                             int mode, const uint8_t* key, const uint8_t* iv, int zero_padding,
                                             uint8_t* out, size_t capacity) {
  if (mode < 0 || mode > 255 || !ble::is_known_key_mode(static_cast<uint8_t>(mode))) return kTakeGeneralPath;
  if (cmd < 0 || cmd > 0xFFFF || size > ble::kMaxFrameData) return kTakeGeneralPath;
  const size_t air = ble::air_frame_size(size, static_cast<uint8_t>(mode));
  if (air > capacity) return kTakeGeneralPath;
  ble::FrameView frame;
  frame.sn = sn;
  frame.ack_sn = ack_sn;
  frame.cmd = static_cast<uint16_t>(cmd);
  frame.data = data;
  frame.size = size;
  const ble::Padding padding = zero_padding != 0 ? ble::Padding::Zero : ble::Padding::Tuya;
  if (!ble::encode_air_frame_into(frame, static_cast<uint8_t>(mode), key, iv, padding, out)) return kTakeGeneralPath;
  return static_cast<int>(air);
}

// Decodes the air frame into `plain` (`size` bytes) and, at `header`, sn, ackSn, cmd, the address
// of DATA (in `plain`, or in `air` for mode 0) and its size (five u32): 0, or kTakeGeneralPath.
EMSCRIPTEN_KEEPALIVE int dl_ble_decode_frame(const uint8_t* air, size_t size, const uint8_t* key, uint8_t* plain,
                                             uint32_t* header) {
  ble::FrameView frame;
  if (ble::decode_air_frame_into(air, size, key, plain, &frame) != ble::FrameRefusal::None) return kTakeGeneralPath;
  header[0] = frame.sn;
  header[1] = frame.ack_sn;
  header[2] = frame.cmd;
  header[3] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(frame.data));
  header[4] = static_cast<uint32_t>(frame.size);
  return 0;
}

// One reassembler push on the state at `state` (a snapshot, `state_size` bytes, room for
// `capacity`): the state is updated in place and the packet's payload appended to its frame
// bytes. Returns Reassembler::Status (the new state's size and, when complete, the frame's size
// at `sizes`), or kTakeGeneralPath.
EMSCRIPTEN_KEEPALIVE int dl_ble_reassembler_push(uint8_t* state, size_t state_size, size_t capacity,
                                                 const uint8_t* packet, size_t packet_size, uint32_t* sizes) {
  constexpr size_t kHeader = ble::Reassembler::kStateHeaderSize;
  if (state_size < kHeader) return kTakeGeneralPath;
  ble::Reassembler reassembler;
  size_t frame_size = state_size - kHeader;
  if (!reassembler.read_state_header(state, frame_size)) return kTakeGeneralPath;
  const ble::Reassembler::Step step = reassembler.step(packet, packet_size, frame_size);
  const ble::Reassembler::Status status = reassembler.last_status();
  if (status == ble::Reassembler::Status::Discarded) return kTakeGeneralPath;  // the general path names why
  if (step.drop_frame) frame_size = 0;
  if (kHeader + frame_size + step.take > capacity) return kTakeGeneralPath;
  for (size_t i = 0; i < step.take; ++i) state[kHeader + frame_size + i] = packet[step.offset + i];
  frame_size += step.take;
  reassembler.write_state_header(state);
  const bool complete = status == ble::Reassembler::Status::Complete;
  sizes[0] = static_cast<uint32_t>(complete ? kHeader : kHeader + frame_size);
  sizes[1] = static_cast<uint32_t>(complete ? frame_size : 0);
  return static_cast<int>(status);
}

// One reassembler step on a state whose frame bytes (`frame_size` of them) the host keeps itself:
// the header (kStateHeaderSize bytes at `header`) is updated in place, and `out` receives four
// u32: drop the frame bytes first (1) or not (0), the offset and count of the packet bytes to
// append, and the frame's total size. Returns Reassembler::Status, or kTakeGeneralPath (the
// general path names what was wrong).
EMSCRIPTEN_KEEPALIVE int dl_ble_reassembler_step(uint8_t* header, size_t frame_size, const uint8_t* packet,
                                                 size_t packet_size, uint32_t* out) {
  ble::Reassembler reassembler;
  if (!reassembler.read_state_header(header, frame_size)) return kTakeGeneralPath;
  const ble::Reassembler::Step step = reassembler.step(packet, packet_size, frame_size);
  const ble::Reassembler::Status status = reassembler.last_status();
  if (status == ble::Reassembler::Status::Discarded) return kTakeGeneralPath;
  reassembler.write_state_header(header);
  out[0] = step.drop_frame ? 1 : 0;
  out[1] = static_cast<uint32_t>(step.offset);
  out[2] = static_cast<uint32_t>(step.take);
  out[3] = static_cast<uint32_t>(step.total);
  return static_cast<int>(status);
}

// The DP records described at `dps` (count entries of kDpRecordSize bytes laid out as
// dl_ble_decode_dps writes them; the number is not read) encoded at `out` (at most `capacity`
// bytes): their size, or kTakeGeneralPath.
EMSCRIPTEN_KEEPALIVE int dl_ble_encode_dps(const uint8_t* dps, size_t count, int protocol, uint8_t* out,
                                           size_t capacity) {
  if (protocol < 2 || protocol > 15) return kTakeGeneralPath;
  size_t used = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* record = dps + i * doorlock::wasm::kDpRecordSize;
    if (record[1] > static_cast<uint8_t>(ble::DpType::Bitmap)) return kTakeGeneralPath;
    const auto type = static_cast<ble::DpType>(record[1]);
    uint32_t words[2];
    std::memcpy(words, record + 4, sizeof words);
    if (!ble::dp_value_fits(type, words[1], protocol)) return kTakeGeneralPath;
    const size_t size = ble::dp_record_size(words[1], protocol);
    if (size > capacity - used) return kTakeGeneralPath;
    ble::write_dp(record[0], type, reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(words[0])), words[1],
                  protocol, out + used);
    used += size;
  }
  return static_cast<int>(used);
}

// A new reassembler's state (its header, kStateHeaderSize bytes) at `out`: its size, or
// kTakeGeneralPath for options the general path refuses.
EMSCRIPTEN_KEEPALIVE int dl_ble_reassembler_create(int protocol, int max_packet, uint8_t* out) {
  if (protocol < 2 || protocol > 15) return kTakeGeneralPath;
  if (max_packet < static_cast<int>(ble::kMinMtu) || max_packet > static_cast<int>(ble::kMaxMtu)) {
    return kTakeGeneralPath;
  }
  const ble::Reassembler reassembler(protocol, static_cast<size_t>(max_packet));
  reassembler.write_state_header(out);
  return static_cast<int>(ble::Reassembler::kStateHeaderSize);
}

// The DP records of `data`, each as kDpRecordSize bytes at `records` (at most `max_records`):
// id u8, type u8, 2 unused, the value's address u32 and size u32, 4 unused, dp_number f64.
// Returns their count, or kTakeGeneralPath.
EMSCRIPTEN_KEEPALIVE int dl_ble_decode_dps(const uint8_t* data, size_t size, int protocol, uint8_t* records,
                                           size_t max_records) {
  if (protocol < 2 || protocol > 15) return kTakeGeneralPath;
  size_t offset = 0;
  size_t count = 0;
  while (offset < size) {
    ble::DpView dp;
    if (count == max_records || ble::read_dp(data, size, protocol, offset, &dp) != ble::DpRefusal::None) {
      return kTakeGeneralPath;
    }
    uint8_t* record = records + count * doorlock::wasm::kDpRecordSize;
    record[0] = dp.id;
    record[1] = static_cast<uint8_t>(dp.type);
    const uint32_t words[] = {static_cast<uint32_t>(reinterpret_cast<uintptr_t>(dp.value)),
                              static_cast<uint32_t>(dp.size)};
    std::memcpy(record + 4, words, sizeof words);
    const double number = ble::dp_number(dp);
    std::memcpy(record + 16, &number, sizeof number);
    ++count;
  }
  return static_cast<int>(count);
}

}  // extern "C"
