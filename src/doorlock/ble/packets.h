// Sub-packets: how an air frame crosses GATT writes and notifications of at most MTU bytes
// (ble-protocol.md §4). Every packet starts with varint(packet number); packet 0 adds
// varint(air frame length) and a version byte (protocol major << 4 | frame seq), then payload
// fills each packet up to the MTU. Varints are little-endian base-128, at most 4 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "doorlock/bytes.h"

namespace doorlock::ble {

inline constexpr size_t kMinMtu = 20;
inline constexpr size_t kMaxMtu = 512;
inline constexpr uint32_t kMaxVarint = 0x0FFFFFFF;

// The largest air frame a lock reassembles: 1024 bytes up to protocol 3, 1536 from protocol 4.
size_t max_air_frame_size(int protocol_major) noexcept;

void put_varint(Bytes& out, uint32_t value);
// Reads a varint at `offset` and advances it; false when it is truncated or longer than 4 bytes.
bool read_varint(const uint8_t* data, size_t size, size_t& offset, uint32_t& value) noexcept;

// Splits an air frame into packets of at most `mtu` bytes. `protocol_major` (2..15) goes into
// the high nibble of the version byte; the frame seq nibble is 0, as apps send it.
// INVALID_ARGUMENT (fields "mtu", "protocol", "air") on an MTU outside 20..512, an empty frame or
// one longer than the protocol's maximum.
std::vector<Bytes> packetize(const uint8_t* air, size_t size, size_t mtu, int protocol_major);

// The noexcept core of packetize, for callers that must not throw (the module's fast exports):
// why packetize refuses a frame, and packet `number` of a frame it accepts, written into `out`
// (at most `mtu` bytes). write_packet returns the packet's size and advances `offset` past the
// air frame bytes it took; the frame is done when `offset` reaches `size`.
enum class PacketizeRefusal : uint8_t { None, Mtu, Protocol, Empty, TooLong };
PacketizeRefusal packetize_refusal(size_t size, size_t mtu, int protocol_major) noexcept;
size_t write_packet(const uint8_t* air, size_t size, size_t mtu, int protocol_major, uint32_t number, size_t& offset,
                    uint8_t* out) noexcept;

// Rebuilds air frames from packets, following the lock's rules:
//   - packet 0 starts a new frame (whatever was in progress is dropped) and reads the total;
//   - a repeat of the previous packet number is a duplicate and ignored (also right after the
//     packet that completed a frame);
//   - a lower number, a gap, a packet 0 with a zero or over-long total, a packet longer than
//     `max_packet`, or a packet other than 0 with no frame in progress discards the frame;
//   - payload beyond the total in the last packet is cut off.
class Reassembler {
 public:
  enum class Status : uint8_t {
    Complete,   // push returned the frame
    Pending,    // more packets needed
    Duplicate,  // ignored
    Discarded,  // a rule was broken; the frame in progress (if any) is gone
  };

  // `protocol_major` sets the maximum total (max_air_frame_size); `max_packet` caps one packet
  // (a lock rejects packets longer than its MTU; the app side accepts up to kMaxMtu).
  explicit Reassembler(int protocol_major = 3, size_t max_packet = kMaxMtu) noexcept;

  std::optional<Bytes> push(const uint8_t* packet, size_t size);

  // What one packet does, decided without the frame bytes: the noexcept core of push, also for
  // hosts that keep the frame bytes themselves (`frame_size` of them). The frame in progress is
  // dropped first when `drop_frame`; then packet[offset, offset + take) is appended to it.
  // last_status() tells the outcome; on Complete the appended frame is the whole frame, of
  // `total` bytes (the size the first packet announced, also while Pending).
  struct Step {
    bool drop_frame = false;
    size_t offset = 0;
    size_t take = 0;
    size_t total = 0;
  };
  Step step(const uint8_t* packet, size_t size, size_t frame_size) noexcept;

  Status last_status() const noexcept { return status_; }
  // Why the last push discarded, for error messages ("" otherwise).
  const char* last_problem() const noexcept { return problem_; }
  // The version byte of the frame being (or last) assembled.
  uint8_t version() const noexcept { return version_; }
  bool in_progress() const noexcept { return in_progress_; }
  void reset() noexcept;

  // The whole state as bytes and back, for hosts that keep it themselves instead of holding a
  // handle. Only ciphertext of the frame in progress is in it. BAD_FRAME when malformed.
  Bytes snapshot() const;
  static Reassembler from_snapshot(const uint8_t* data, size_t size);
  // The snapshot without the frame bytes (its first kStateHeaderSize bytes), written and read back
  // with `frame_size` frame bytes after it (false when malformed), for hosts that keep the frame.
  static constexpr size_t kStateHeaderSize = 13;
  void write_state_header(uint8_t* out) const noexcept;
  bool read_state_header(const uint8_t* data, size_t frame_size) noexcept;

 private:
  Step discard(const char* problem) noexcept;
  void reset_progress() noexcept;

  size_t max_total_;
  size_t max_packet_;
  Bytes frame_;
  size_t total_ = 0;
  uint32_t last_number_ = 0;
  bool in_progress_ = false;
  bool after_complete_ = false;
  uint8_t version_ = 0;
  Status status_ = Status::Pending;
  const char* problem_ = "";
};

}  // namespace doorlock::ble
