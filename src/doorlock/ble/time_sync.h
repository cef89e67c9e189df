// The app's answers to the lock's time requests (ble-protocol.md §2). The lock asks right after
// pairing and keeps the zone for its validity windows. The core reads no clock: callers pass the
// time and the zone.
//   0x8011  13 ASCII digits of unix milliseconds | zone int16 BE
//   0x8012  yy(-2000) mm dd HH MM SS weekday(0 = Sunday), local time | zone int16 BE
// The zone is in hundredths of an hour (+8 h = 800, +5:30 = 550).
#pragma once

#include <cstdint>

#include "doorlock/bytes.h"

namespace doorlock::ble {

inline constexpr int kMinZone = -1200;
inline constexpr int kMaxZone = 1400;
inline constexpr size_t kTimeMsAnswerSize = 15;
inline constexpr size_t kTimeDateAnswerSize = 9;

struct LocalDate {
  int year = 2000, month = 1, day = 1, hour = 0, minute = 0, second = 0, weekday = 6;
};

// The zone from a UTC offset in minutes (+330 -> 550); INVALID_ARGUMENT on offsets the lock cannot
// hold or that are not whole minutes of a hundredth-hour grid (36 s).
int16_t zone_from_offset_minutes(int minutes);

// The local calendar date of a unix time (seconds) at a zone (hundredths of an hour).
LocalDate local_date(int64_t unix_seconds, int16_t zone);

Bytes encode_time_ms_answer(uint64_t unix_ms, int16_t zone);
Bytes encode_time_date_answer(uint64_t unix_ms, int16_t zone);

// The lock side reads them back (BAD_FRAME when malformed).
struct TimeMsAnswer {
  uint64_t unix_ms = 0;
  int16_t zone = 0;
};
TimeMsAnswer decode_time_ms_answer(const uint8_t* data, size_t size);
struct TimeDateAnswer {
  LocalDate date;
  int16_t zone = 0;
};
TimeDateAnswer decode_time_date_answer(const uint8_t* data, size_t size);

}  // namespace doorlock::ble
