#include "doorlock/ble/packets.h"

#include <algorithm>

#include "doorlock/error.h"

namespace doorlock::ble {

size_t max_air_frame_size(int protocol_major) noexcept { return protocol_major >= 4 ? 1536 : 1024; }

void put_varint(Bytes& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

bool read_varint(const uint8_t* data, size_t size, size_t& offset, uint32_t& value) noexcept {
  value = 0;
  for (int i = 0; i < 4; ++i) {
    if (offset >= size) return false;
    const uint8_t byte = data[offset++];
    value |= static_cast<uint32_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  return false;  // a fifth byte would exceed 28 bits
}

std::vector<Bytes> packetize(const uint8_t* air, size_t size, size_t mtu, int protocol_major) {
  if (mtu < kMinMtu || mtu > kMaxMtu) throw_invalid("mtu", "must be 20..512");
  if (protocol_major < 2 || protocol_major > 15) throw_invalid("protocol", "must be a protocol major version 2..15");
  if (size == 0) throw_invalid("air", "is empty");
  if (size > max_air_frame_size(protocol_major)) {
    throw_invalid("air", protocol_major >= 4 ? "is longer than a lock accepts (1536 bytes from protocol 4)"
                                             : "is longer than a lock accepts (1024 bytes up to protocol 3)");
  }
  std::vector<Bytes> packets;
  size_t offset = 0;
  for (uint32_t number = 0; offset < size; ++number) {
    Bytes packet;
    packet.reserve(mtu);
    put_varint(packet, number);
    if (number == 0) {
      put_varint(packet, static_cast<uint32_t>(size));
      packet.push_back(static_cast<uint8_t>(protocol_major << 4));
    }
    const size_t take = std::min(mtu - packet.size(), size - offset);
    packet.insert(packet.end(), air + offset, air + offset + take);
    offset += take;
    packets.push_back(std::move(packet));
  }
  return packets;
}

Reassembler::Reassembler(int protocol_major, size_t max_packet)
    : max_total_(max_air_frame_size(protocol_major)), max_packet_(max_packet) {}

void Reassembler::reset() noexcept {
  frame_.clear();
  total_ = 0;
  last_number_ = 0;
  in_progress_ = false;
  after_complete_ = false;
}

std::optional<Bytes> Reassembler::discard(const char* problem) {
  reset();
  status_ = Status::Discarded;
  problem_ = problem;
  return std::nullopt;
}

std::optional<Bytes> Reassembler::push(const uint8_t* packet, size_t size) {
  problem_ = "";
  if (size == 0) return discard("empty packet");
  if (size > max_packet_) return discard("packet longer than the MTU");
  size_t offset = 0;
  uint32_t number = 0;
  if (!read_varint(packet, size, offset, number)) return discard("packet number is malformed");

  if (number == 0) {
    reset();
    uint32_t total = 0;
    if (!read_varint(packet, size, offset, total) || offset >= size) return discard("first packet is truncated");
    if (total == 0) return discard("frame length is zero");
    if (total > max_total_) return discard("frame length exceeds the protocol maximum");
    version_ = packet[offset++];
    total_ = total;
    frame_.reserve(total_);
    in_progress_ = true;
  } else if ((in_progress_ || after_complete_) && number == last_number_) {
    // A repeat of the previous packet, also of the one that just completed a frame.
    status_ = Status::Duplicate;
    return std::nullopt;
  } else if (!in_progress_) {
    return discard("packet arrived with no frame in progress");
  } else if (number != last_number_ + 1) {
    return discard(number < last_number_ ? "packet number went back" : "packet number skipped ahead");
  }
  last_number_ = number;
  const size_t take = std::min(size - offset, total_ - frame_.size());
  frame_.insert(frame_.end(), packet + offset, packet + offset + take);
  if (frame_.size() < total_) {
    status_ = Status::Pending;
    return std::nullopt;
  }
  Bytes complete = std::move(frame_);
  reset();
  last_number_ = number;
  after_complete_ = true;
  status_ = Status::Complete;
  return complete;
}

// Layout: max_total u16 | max_packet u16 | total u16 | last_number u32 | flags (bit0 in progress,
// bit1 after complete) | version | status | frame bytes.
Bytes Reassembler::snapshot() const {
  Bytes out;
  put_u16be(out, static_cast<uint16_t>(max_total_));
  put_u16be(out, static_cast<uint16_t>(max_packet_));
  put_u16be(out, static_cast<uint16_t>(total_));
  put_u32be(out, last_number_);
  out.push_back(static_cast<uint8_t>((in_progress_ ? 1 : 0) | (after_complete_ ? 2 : 0)));
  out.push_back(version_);
  out.push_back(static_cast<uint8_t>(status_));
  out.insert(out.end(), frame_.begin(), frame_.end());
  return out;
}

Reassembler Reassembler::from_snapshot(const uint8_t* data, size_t size) {
  constexpr size_t kHeader = 13;
  if (size < kHeader) throw_error(ErrorCode::BadFrame, "reassembler state is malformed");
  Reassembler out(3, get_u16be(data + 2));
  out.max_total_ = get_u16be(data);
  out.total_ = get_u16be(data + 4);
  out.last_number_ = get_u32be(data + 6);
  out.in_progress_ = (data[10] & 1) != 0;
  out.after_complete_ = (data[10] & 2) != 0;
  out.version_ = data[11];
  out.status_ = static_cast<Status>(data[12] & 3);
  out.frame_.assign(data + kHeader, data + size);
  if (out.frame_.size() > out.total_ || out.total_ > out.max_total_ || (!out.in_progress_ && !out.frame_.empty())) {
    throw_error(ErrorCode::BadFrame, "reassembler state is malformed");
  }
  return out;
}

}  // namespace doorlock::ble
