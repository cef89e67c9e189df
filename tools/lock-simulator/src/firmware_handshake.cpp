#include "firmware_handshake.h"

#include "lock_clock.h"

namespace doorlock::sim::fw {

namespace {

constexpr size_t kUuidSize = 16;
constexpr size_t kLoginKeySize = 6;
constexpr size_t kVirtualIdSize = 22;
constexpr size_t kMillisDigits = 13;
constexpr int kMinZone = -1200;
constexpr int kMaxZone = 1400;

std::optional<int> zone_at(const uint8_t* p) {
  const int zone = static_cast<int16_t>(get_u16be(p));
  if (zone < kMinZone || zone > kMaxZone) return std::nullopt;
  return zone;
}

}  // namespace

std::optional<PairRequest> read_pair_request(const uint8_t* data, size_t size, int protocol) {
  if (size < kPairFixedSize) return std::nullopt;
  PairRequest out;
  out.uuid.assign(data + kPairUuidAt, data + kPairUuidAt + kUuidSize);
  out.login_key.assign(data + kPairLoginKeyAt, data + kPairLoginKeyAt + kLoginKeySize);
  const uint8_t* vid = data + kPairVirtualIdAt;
  size_t length = kVirtualIdSize;
  while (length > 0 && vid[length - 1] == 0) --length;
  out.virtual_id.assign(vid, vid + length);
  if (protocol >= 4 && size > kPairSourceAt) out.source = data[kPairSourceAt];
  return out;
}

std::optional<TimeAnswer> read_time_ms_answer(const uint8_t* data, size_t size) {
  if (size < kTimeMsMinData) return std::nullopt;
  uint64_t ms = 0;
  for (size_t i = 0; i < kMillisDigits; ++i) {
    if (data[i] < '0' || data[i] > '9') return std::nullopt;
    ms = ms * 10 + (data[i] - '0');
  }
  const std::optional<int> zone = zone_at(data + kMillisDigits);
  if (!zone) return std::nullopt;
  return TimeAnswer{static_cast<int64_t>(ms / 1000 + (ms % 1000 >= 500 ? 1 : 0)), *zone};
}

std::optional<TimeAnswer> read_time_date_answer(const uint8_t* data, size_t size) {
  if (size < kTimeDateMinData) return std::nullopt;
  const ble::LocalDate date{2000 + data[0], data[1], data[2], data[3], data[4], data[5], data[6]};
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31 || date.hour > 23 || date.minute > 59 ||
      date.second > 59 || date.weekday > 6) {
    return std::nullopt;
  }
  const std::optional<int> zone = zone_at(data + 7);
  if (!zone) return std::nullopt;
  return TimeAnswer{unix_from_local_date(date, *zone), *zone};
}

}  // namespace doorlock::sim::fw
