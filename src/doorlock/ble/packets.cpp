#include "doorlock/ble/packets.h"

#include <algorithm>

#include "doorlock/error.h"

namespace doorlock::ble {

size_t max_air_frame_size(int protocol_major) noexcept { return protocol_major >= 4 ? 1536 : 1024; }

namespace {

size_t put_varint_into(uint8_t* out, uint32_t value) noexcept {
  size_t size = 0;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out[size++] = byte;
  } while (value != 0);
  return size;
}

}  // namespace

void put_varint(Bytes& out, uint32_t value) {
  uint8_t bytes[5];
  out.insert(out.end(), bytes, bytes + put_varint_into(bytes, value));
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

PacketizeRefusal packetize_refusal(size_t size, size_t mtu, int protocol_major) noexcept {
  if (mtu < kMinMtu || mtu > kMaxMtu) return PacketizeRefusal::Mtu;
  if (protocol_major < 2 || protocol_major > 15) return PacketizeRefusal::Protocol;
  if (size == 0) return PacketizeRefusal::Empty;
  if (size > max_air_frame_size(protocol_major)) return PacketizeRefusal::TooLong;
  return PacketizeRefusal::None;
}

size_t write_packet(const uint8_t* air, size_t size, size_t mtu, int protocol_major, uint32_t number, size_t& offset,
                    uint8_t* out) noexcept {
  size_t used = put_varint_into(out, number);
  if (number == 0) {
    used += put_varint_into(out + used, static_cast<uint32_t>(size));
    out[used++] = static_cast<uint8_t>(protocol_major << 4);
  }
  const size_t take = std::min(mtu - used, size - offset);
  for (size_t i = 0; i < take; ++i) out[used + i] = air[offset + i];
  offset += take;
  return used + take;
}

std::vector<Bytes> packetize(const uint8_t* air, size_t size, size_t mtu, int protocol_major) {
  switch (packetize_refusal(size, mtu, protocol_major)) {
    case PacketizeRefusal::None: break;
    case PacketizeRefusal::Mtu: throw_invalid("mtu", "must be 20..512");
    case PacketizeRefusal::Protocol: throw_invalid("protocol", "must be a protocol major version 2..15");
    case PacketizeRefusal::Empty: throw_invalid("air", "is empty");
    case PacketizeRefusal::TooLong:
      throw_invalid("air", protocol_major >= 4 ? "is longer than a lock accepts (1536 bytes from protocol 4)"
                                               : "is longer than a lock accepts (1024 bytes up to protocol 3)");
  }
  std::vector<Bytes> packets;
  size_t offset = 0;
  for (uint32_t number = 0; offset < size; ++number) {
    Bytes packet(mtu);
    packet.resize(write_packet(air, size, mtu, protocol_major, number, offset, packet.data()));
    packets.push_back(std::move(packet));
  }
  return packets;
}

Reassembler::Reassembler(int protocol_major, size_t max_packet) noexcept
    : max_total_(max_air_frame_size(protocol_major)), max_packet_(max_packet) {}

void Reassembler::reset_progress() noexcept {
  total_ = 0;
  last_number_ = 0;
  in_progress_ = false;
  after_complete_ = false;
}

void Reassembler::reset() noexcept {
  frame_.clear();
  reset_progress();
}

Reassembler::Step Reassembler::discard(const char* problem) noexcept {
  reset_progress();
  status_ = Status::Discarded;
  problem_ = problem;
  Step dropped;
  dropped.drop_frame = true;
  return dropped;
}

Reassembler::Step Reassembler::step(const uint8_t* packet, size_t size, size_t frame_size) noexcept {
  problem_ = "";
  if (size == 0) return discard("empty packet");
  if (size > max_packet_) return discard("packet longer than the MTU");
  Step next;
  size_t offset = 0;
  uint32_t number = 0;
  if (!read_varint(packet, size, offset, number)) return discard("packet number is malformed");

  if (number == 0) {
    reset_progress();
    next.drop_frame = true;
    frame_size = 0;
    uint32_t total = 0;
    if (!read_varint(packet, size, offset, total) || offset >= size) return discard("first packet is truncated");
    if (total == 0) return discard("frame length is zero");
    if (total > max_total_) return discard("frame length exceeds the protocol maximum");
    version_ = packet[offset++];
    total_ = total;
    in_progress_ = true;
  } else if ((in_progress_ || after_complete_) && number == last_number_) {
    // A repeat of the previous packet, also of the one that just completed a frame.
    status_ = Status::Duplicate;
    return next;
  } else if (!in_progress_) {
    return discard("packet arrived with no frame in progress");
  } else if (number != last_number_ + 1) {
    return discard(number < last_number_ ? "packet number went back" : "packet number skipped ahead");
  }
  last_number_ = number;
  next.offset = offset;
  next.take = std::min(size - offset, total_ - frame_size);
  next.total = total_;
  if (frame_size + next.take < total_) {
    status_ = Status::Pending;
    return next;
  }
  reset_progress();
  last_number_ = number;
  after_complete_ = true;
  status_ = Status::Complete;
  return next;
}

std::optional<Bytes> Reassembler::push(const uint8_t* packet, size_t size) {
  const Step next = step(packet, size, frame_.size());
  if (next.drop_frame) frame_.clear();
  if (status_ != Status::Pending && status_ != Status::Complete) return std::nullopt;
  if (next.drop_frame) frame_.reserve(total_);
  frame_.insert(frame_.end(), packet + next.offset, packet + next.offset + next.take);
  if (status_ == Status::Pending) return std::nullopt;
  Bytes complete = std::move(frame_);
  frame_.clear();
  return complete;
}

// Layout: max_total u16 | max_packet u16 | total u16 | last_number u32 | flags (bit0 in progress,
// bit1 after complete) | version | status | frame bytes.
void Reassembler::write_state_header(uint8_t* out) const noexcept {
  const uint32_t words[] = {static_cast<uint32_t>(max_total_), static_cast<uint32_t>(max_packet_),
                            static_cast<uint32_t>(total_)};
  for (size_t i = 0; i < 3; ++i) {
    out[2 * i] = static_cast<uint8_t>(words[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(words[i]);
  }
  for (size_t i = 0; i < 4; ++i) out[6 + i] = static_cast<uint8_t>(last_number_ >> (24 - 8 * i));
  out[10] = static_cast<uint8_t>((in_progress_ ? 1 : 0) | (after_complete_ ? 2 : 0));
  out[11] = version_;
  out[12] = static_cast<uint8_t>(status_);
}

bool Reassembler::read_state_header(const uint8_t* data, size_t frame_size) noexcept {
  max_total_ = get_u16be(data);
  max_packet_ = get_u16be(data + 2);
  total_ = get_u16be(data + 4);
  last_number_ = get_u32be(data + 6);
  in_progress_ = (data[10] & 1) != 0;
  after_complete_ = (data[10] & 2) != 0;
  version_ = data[11];
  status_ = static_cast<Status>(data[12] & 3);
  problem_ = "";
  return frame_size <= total_ && total_ <= max_total_ && (in_progress_ || frame_size == 0);
}

Bytes Reassembler::snapshot() const {
  Bytes out(kStateHeaderSize + frame_.size());
  write_state_header(out.data());
  std::copy(frame_.begin(), frame_.end(), out.begin() + kStateHeaderSize);
  return out;
}

Reassembler Reassembler::from_snapshot(const uint8_t* data, size_t size) {
  Reassembler out;
  if (size < kStateHeaderSize || !out.read_state_header(data, size - kStateHeaderSize)) {
    throw_error(ErrorCode::BadFrame, "reassembler state is malformed");
  }
  out.frame_.assign(data + kStateHeaderSize, data + size);
  return out;
}

}  // namespace doorlock::ble
