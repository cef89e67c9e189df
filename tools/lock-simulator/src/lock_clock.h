// The lock's sense of time. Its RTC counts Unix seconds (UTC) and is set by the app's 0x8011 answer;
// day windows of stored credentials are read in local time, i.e. the RTC shifted by the zone from
// that same answer (ble-protocol.md §6.2: g_timezone * 36 seconds, the zone being in 1/100 h).
#pragma once

#include <cstdint>

#include "doorlock/schedule/validity_block.h"

namespace doorlock::sim {

struct LocalTime {
  int weekday = 0;        // 0 = Sunday, as the validity block's weekday bits
  int minute_of_day = 0;  // 0..1439
};

// `zone` is in hundredths of an hour (+8 h = 800, -3:30 = -350).
LocalTime local_time(int64_t utc_seconds, int zone) noexcept;

// Why a credential does or does not open at a given moment.
enum class Validity { Valid, NotYetValid, Expired, OutsideWindow };

const char* validity_name(Validity verdict) noexcept;

// The lock's check of a 17-byte validity block: the total range in UTC, both ends included, then the
// cycle (daily or weekly) and the day window in local time, both minutes included.
Validity evaluate_validity(const schedule::Validity& validity, int64_t utc_seconds, int zone) noexcept;

}  // namespace doorlock::sim
