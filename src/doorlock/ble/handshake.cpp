#include "doorlock/ble/handshake.h"

#include <algorithm>

#include "doorlock/ble/keys.h"
#include "doorlock/error.h"

namespace doorlock::ble {

namespace {

constexpr size_t kPairFixedSize = kDeviceIdSize + kLoginKeySize + kVirtualIdSize;  // 44
constexpr size_t kBeaconKeySize = 16;

void put_u24be(Bytes& out, uint32_t value) {
  out.push_back(static_cast<uint8_t>(value >> 16));
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

uint32_t get_u24be(const uint8_t* p) { return static_cast<uint32_t>(p[0]) << 16 | p[1] << 8 | p[2]; }

std::string text_without_zeros(const uint8_t* data, size_t size) {
  std::string out(data, data + size);
  out.erase(std::find(out.begin(), out.end(), '\0'), out.end());
  return out;
}

}  // namespace

Bytes encode_device_info_request(int protocol_major, uint16_t mtu) {
  Bytes out;
  if (protocol_major >= 4) put_u16be(out, mtu);
  return out;
}

uint16_t decode_device_info_request(int protocol_major, const uint8_t* data, size_t size) {
  if (protocol_major < 4) return 0;
  if (size != 2) throw_error(ErrorCode::BadFrame, "a v4 device-info request carries exactly the 2-byte MTU");
  return get_u16be(data);
}

Bytes encode_device_info(const DeviceInfo& info) {
  if (info.srand.size() != kSrandSize) throw_invalid("srand", "must be 6 bytes");
  if (info.register_key.size() != 32) throw_invalid("registerKey", "must be 32 bytes");
  if (info.virtual_id.size() > kVirtualIdSize) throw_invalid("virtualId", "is longer than 22 characters");
  Bytes out;
  out.reserve(kDeviceInfoSize);
  put_u16be(out, info.firmware_version);
  out.push_back(info.protocol_major);
  out.push_back(info.protocol_minor);
  out.push_back(info.flags);
  out.push_back(info.bound ? 1 : 0);
  out.insert(out.end(), info.srand.begin(), info.srand.end());
  put_u16be(out, info.hardware_version);
  out.insert(out.end(), info.register_key.begin(), info.register_key.end());
  put_u24be(out, info.firmware_version3);
  put_u24be(out, info.hardware_version3);
  put_u16be(out, info.communication_ability);
  out.push_back(info.flags2);
  out.insert(out.end(), info.virtual_id.begin(), info.virtual_id.end());
  out.resize(55 + kVirtualIdSize, 0);
  out.resize(kDeviceInfoSize, 0);  // MCU versions and the Wi-Fi register mode: none
  return out;
}

DeviceInfo decode_device_info(const uint8_t* data, size_t size) {
  if (size < kDeviceInfoMinSize) throw_error(ErrorCode::BadFrame, "device info is shorter than 12 bytes");
  DeviceInfo info;
  info.size = size;
  info.firmware_version = get_u16be(data);
  info.protocol_major = data[2];
  info.protocol_minor = data[3];
  info.flags = data[4];
  info.bound = data[5] == 1;
  info.srand.assign(data + 6, data + 12);
  if (size >= 14) info.hardware_version = get_u16be(data + 12);
  if (size >= 46) info.register_key.assign(data + 14, data + 46);
  if (size >= 49) info.firmware_version3 = get_u24be(data + 46);
  if (size >= 52) info.hardware_version3 = get_u24be(data + 49);
  if (size >= 54) info.communication_ability = get_u16be(data + 52);
  if (size >= 55) info.flags2 = data[54];
  if (size >= 55 + kVirtualIdSize) info.virtual_id = text_without_zeros(data + 55, kVirtualIdSize);
  return info;
}

namespace {

std::string version_text(uint32_t version, int parts) {
  std::string out;
  for (int i = parts - 1; i >= 0; --i) {
    out += std::to_string((version >> (8 * i)) & 0xFF);
    if (i > 0) out += '.';
  }
  return out;
}

}  // namespace

std::string firmware_version_text(const DeviceInfo& info) {
  if (info.size >= 49 && info.firmware_version3 != 0) return version_text(info.firmware_version3, 3);
  return version_text(info.firmware_version, 2);
}

std::string hardware_version_text(const DeviceInfo& info) {
  if (info.size >= 52 && info.hardware_version3 != 0) return version_text(info.hardware_version3, 3);
  if (info.size >= 14) return version_text(info.hardware_version, 2);
  return std::string();
}

SecretBytes encode_pair_request(const PairRequest& request) {
  if (request.uuid.size() != kDeviceIdSize) throw_invalid("uuid", "must be the lock's 16-character uuid");
  if (request.login_key.size() != kLoginKeySize) throw_invalid("localKey", "must give a 6-byte login key");
  if (request.virtual_id.empty() || request.virtual_id.size() > kVirtualIdSize) {
    throw_invalid("devId", "must be 1..22 characters");
  }
  SecretBytes out(kPairFixedSize + 2 + kBeaconKeySize);  // zeros: beacon-key length 0, no key
  uint8_t* p = out.data();
  std::copy(request.uuid.begin(), request.uuid.end(), p);
  std::copy(request.login_key.data(), request.login_key.data() + kLoginKeySize, p + kDeviceIdSize);
  std::copy(request.virtual_id.begin(), request.virtual_id.end(), p + kDeviceIdSize + kLoginKeySize);
  switch (request.layout) {
    case PairLayout::Fixed44: out.resize(kPairFixedSize); break;
    case PairLayout::Source45:
      p[kPairFixedSize + 1] = request.source;
      out.resize(kPairFixedSize + 2);
      break;
    case PairLayout::Source61:
      // Beacon-key length 0: a bound lock skips the key; an unbound one refuses rather than
      // storing a key we do not have.
      p[kPairFixedSize + 1 + kBeaconKeySize] = request.source;
      break;
    case PairLayout::Both:
      // A bound lock never reads DATA[44..60], so the source can sit inside the key as well.
      p[kPairFixedSize + 1] = request.source;
      p[kPairFixedSize + 1 + kBeaconKeySize] = request.source;
      break;
  }
  return out;
}

PairRequest decode_pair_request(const uint8_t* data, size_t size, bool beacon_key) {
  if (size < kPairFixedSize) throw_error(ErrorCode::BadFrame, "pair request is shorter than 44 bytes");
  PairRequest request;
  request.uuid.assign(data, data + kDeviceIdSize);
  request.login_key = SecretBytes(data + kDeviceIdSize, kLoginKeySize);
  request.virtual_id = text_without_zeros(data + kDeviceIdSize + kLoginKeySize, kVirtualIdSize);
  const size_t source_at = beacon_key ? kPairFixedSize + 1 + kBeaconKeySize : kPairFixedSize + 1;
  const size_t both_size = kPairFixedSize + 2 + kBeaconKeySize;
  request.layout =
      size <= kPairFixedSize ? PairLayout::Fixed44
      : size >= both_size && data[kPairFixedSize + 1] != 0 && data[kPairFixedSize + 1] == data[both_size - 1]
          ? PairLayout::Both
      : beacon_key ? PairLayout::Source61
                   : PairLayout::Source45;
  request.source = size > source_at ? data[source_at] : 0;
  return request;
}

}  // namespace doorlock::ble
