// How the lock judges the validity of a stored credential at a moment of its RTC (ble-protocol.md
// §6.2, §6b.1): the total range in UTC, then the cycle and the day window in local time, the RTC
// shifted by the zone of the last time sync (g_timezone * 36 seconds, the zone being in 1/100 h).
#pragma once

#include <cstdint>

#include "doorlock/ble/time_sync.h"
#include "firmware_dp.h"

namespace doorlock::sim {

enum class Validity { Valid, NotYetValid, Expired, OutsideWindow };

// How the daily window of cycles 1-3 is compared with the local time.
enum class WindowCheck : uint8_t {
  // Minutes of the day: start <= h*60+m <= end. What a lock has to do for 08:30-18:15 to work.
  Minutes,
  // The lock SDK demo (S2 lock_timer.c:238-290): hour and minute compared separately,
  // start_h <= h <= end_h && start_m <= m <= end_m, so 08:30-18:15 never opens.
  FirmwareDemo,
};

// "valid", "not_yet_valid", "expired", "outside_window".
const char* validity_name(Validity verdict) noexcept;

// Both ends of the total range count; cycle 0 ignores the daily times; an unknown cycle never opens.
Validity evaluate_validity(const fw::ValidityBlock& validity, int64_t utc_seconds, int zone,
                           WindowCheck check = WindowCheck::Minutes);

// The Unix time of a local calendar date at `zone` (the 0x8012 time answer carries local dates).
int64_t unix_from_local_date(const ble::LocalDate& date, int zone) noexcept;

}  // namespace doorlock::sim
