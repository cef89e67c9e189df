// Times of day as minutes since midnight, the unit of the cloud's schedule_list windows
// ("07:30" -> 450). 1440 ("24:00") is the end of the day, so a window can reach midnight.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "doorlock/path.h"

namespace doorlock::schedule {

inline constexpr int kMinutesPerDay = 1440;

// "7:30" or "07:30" -> 450; "24:00" -> 1440.
int minute_of_day(std::string_view text, const Path& path);
// 450 -> "07:30"; 1440 -> "24:00".
std::string time_of_day(int64_t minute, const Path& path);
// Either form: "HH:MM" text or a whole number of minutes 0..1440.
int minute_from_json(const nlohmann::json& value, const Path& path);

}  // namespace doorlock::schedule
