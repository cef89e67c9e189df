// How the lock judges the validity of a stored credential at a moment of its RTC (ble-protocol.md
// §6.2): the total range in UTC, then the cycle and the day window in local time, the RTC shifted
// by the zone of the last time sync (g_timezone * 36 seconds, the zone being in 1/100 h).
#pragma once

#include <cstdint>

#include "doorlock/ble/time_sync.h"
#include "doorlock/schedule/validity_block.h"

namespace doorlock::sim {

enum class Validity { Valid, NotYetValid, Expired, OutsideWindow };

// "valid", "not_yet_valid", "expired", "outside_window".
const char* validity_name(Validity verdict) noexcept;

// Both ends of the total range count; the window runs from its start minute through its end minute.
Validity evaluate_validity(const schedule::Validity& validity, int64_t utc_seconds, int zone);

// The Unix time of a local calendar date at `zone` (the 0x8012 time answer carries local dates).
int64_t unix_from_local_date(const ble::LocalDate& date, int zone) noexcept;

}  // namespace doorlock::sim
