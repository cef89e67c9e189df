// The schedule fields of the cloud's temporary-password actions: effective_time / invalid_time
// (10-digit Unix seconds), time_zone, and schedule_list[] of daily windows
// { effective_time, invalid_time (minutes of the day), working_day (weekday mask) }.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "doorlock/path.h"

namespace doorlock::schedule {

inline constexpr int64_t kMinTimestamp = 1000000000;  // 10 digits: 2001-09-09
inline constexpr int64_t kMaxTimestamp = 9999999999;
// The same range in 13-digit milliseconds, as the lock's time sync and the cloud's ms fields write it.
inline constexpr int64_t kMinTimestampMs = kMinTimestamp * 1000;
inline constexpr int64_t kMaxTimestampMs = kMaxTimestamp * 1000 + 999;

// A 10-digit Unix-seconds value; a 13-digit one is called out as milliseconds.
int64_t timestamp_from_json(const nlohmann::json& value, const Path& path);

// Input (JavaScript names): { effectiveTime, invalidTime, timeZone?, windows?: [{ start, end, days }] }
// where start/end are "HH:MM" or minutes and days are weekday names or a mask.
// Output (cloud names): { effective_time, invalid_time, time_zone?, schedule_list? }.
nlohmann::json build_schedule(const nlohmann::json& input);

}  // namespace doorlock::schedule
