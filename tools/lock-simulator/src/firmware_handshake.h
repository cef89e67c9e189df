// The SDK layer's own reading of the pair request and the time answers (ble-protocol.md §2, §2.2,
// §6b.5), offsets written out here rather than taken from the app's handshake codec, so that a
// mistake in where the app puts a field shows up as a lock that reads something else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "doorlock/ble/time_sync.h"
#include "doorlock/bytes.h"

namespace doorlock::sim::fw {

// DATA offsets of the pair request (§2.2).
inline constexpr size_t kPairUuidAt = 0;        // 16 ASCII
inline constexpr size_t kPairLoginKeyAt = 16;   // 6
inline constexpr size_t kPairVirtualIdAt = 22;  // 22, zero-padded
inline constexpr size_t kPairFixedSize = 44;
inline constexpr size_t kPairSourceAt = 61;  // TuyaOS 4.5+ protocol 4 (S3 recv_data[74], §6b.5)
// The SDK reads the time answer when the whole frame it got (mode, header, DATA, CRC) is at
// least 30 bytes: DATA of 15 or more (S1 tuya_ble_data_handler.c:1415-1455).
inline constexpr size_t kTimeMsMinData = 30 - (1 + 12 + 2);
inline constexpr size_t kTimeDateMinData = 9;  // yy mm dd HH MM SS weekday | zone

struct PairRequest {
  std::string uuid;
  Bytes login_key;  // 6 bytes
  std::string virtual_id;
  // Where a protocol-4 lock reads the connection source; nullopt when the request ends before it
  // (the firmware would read past the data) or the lock does not read one (protocol 3).
  std::optional<uint8_t> source;
};

// nullopt when shorter than the 44 fixed bytes.
std::optional<PairRequest> read_pair_request(const uint8_t* data, size_t size, int protocol);

struct TimeAnswer {
  int64_t unix_seconds = 0;
  int zone = 0;  // hundredths of an hour
};

// 0x8011: 13 ASCII digits of Unix milliseconds | zone int16 BE; nullopt when DATA is shorter than
// 15 bytes or not digits. The milliseconds round to the nearest second.
std::optional<TimeAnswer> read_time_ms_answer(const uint8_t* data, size_t size);
// 0x8012: the local date | zone int16 BE; nullopt when short or not a date.
std::optional<TimeAnswer> read_time_date_answer(const uint8_t* data, size_t size);

}  // namespace doorlock::sim::fw
