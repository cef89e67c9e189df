// The 17-byte validity block ("time[17]") that BLE locks keep with every credential and temporary
// password (ble-protocol.md §6.2, field order from the Tuya lock demo; vectors.md §7):
//   total_start u32 | total_end u32 | cycle_type u8 | cycle_flag u32 | start h, m | end h, m
// all big-endian. The lock reads the day window in its own local time (the zone of the last
// 0x8011 time sync), so the block carries no zone.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "doorlock/bytes.h"
#include "doorlock/path.h"

namespace doorlock::schedule {

inline constexpr size_t kValidityBlockSize = 17;

enum class Cycle : uint8_t { None = 0, Daily = 1, Weekly = 2 };

struct Validity {
  uint32_t effective_time = 0;  // Unix seconds
  uint32_t invalid_time = 0;
  Cycle cycle = Cycle::None;
  uint32_t days = 0;  // weekly: bit0 = Sunday
  int start_minute = 0;
  int end_minute = 23 * 60 + 59;
};

// Input (JavaScript names): { effectiveTime, invalidTime, cycle: 'none'|'daily'|'weekly', days?, start?, end? }.
// `path` prefixes field names in errors ("validity" when nested in a larger argument).
//   - cycle 'none' without start and end gives 00:00-00:00, as Tuya's lock panel writes it (the
//     lock ignores the daily window of a non-repeating block); with them, the window given.
//   - daily and weekly windows default to 00:00-23:59.
//   - `days: []` (or 0) is accepted for the cycles without weekdays: it says "no days".
Validity validity_from_json(const nlohmann::json& input, const Path& path);

Bytes encode_validity(const Validity& validity);
// The lock side reads blocks back; malformed blocks throw BAD_FRAME.
Validity decode_validity(const uint8_t* block, size_t size);

}  // namespace doorlock::schedule
