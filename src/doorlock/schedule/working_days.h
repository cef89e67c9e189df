// Weekday sets as the cloud encodes them: one byte, bit0 = Sunday ... bit6 = Saturday
// (cloud-crypto-and-wechat.md §1.4: Mon + Tue + Fri = 0b0100110 = 38). Tuya's Android SDK uses
// the reverse bit order; this is the cloud's order, which the BLE validity block shares.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "doorlock/path.h"

namespace doorlock::schedule {

inline constexpr const char* kDayNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
inline constexpr int kAllDays = 0x7F;

// "mon", "Mon", "monday": the day's index, Sunday = 0. Throws INVALID_ARGUMENT naming `path`.
int parse_day(std::string_view name, const Path& path);

// ['mon','tue','fri'] -> 38. An empty list gives 0.
uint8_t working_day_mask(const nlohmann::json& days, const Path& path);

// 38 -> ['mon','tue','fri'], Sunday first.
std::vector<std::string> working_days(int64_t mask, const Path& path);

}  // namespace doorlock::schedule
