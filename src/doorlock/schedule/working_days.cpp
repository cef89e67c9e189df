#include "doorlock/schedule/working_days.h"

#include <cctype>

#include "doorlock/error.h"
#include "doorlock/json_fields.h"

namespace doorlock::schedule {

namespace {

constexpr const char* kFullDayNames[7] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

}  // namespace

int parse_day(std::string_view name, const Path& path) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int day = 0; day < 7; ++day) {
    if (lower == kDayNames[day] || lower == kFullDayNames[day]) return day;
  }
  throw_invalid(path, "unknown weekday (expected sun, mon, tue, wed, thu, fri or sat)");
}

uint8_t working_day_mask(const nlohmann::json& days, const Path& path) {
  fields::require_array(days, path);
  uint8_t mask = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    const Path item_path = path.item(i);
    mask = static_cast<uint8_t>(mask | 1u << parse_day(fields::to_string(days[i], item_path), item_path));
  }
  return mask;
}

std::vector<std::string> working_days(int64_t mask, const Path& path) {
  if (mask < 0 || mask > kAllDays) throw_invalid(path, "a weekday mask is 0..127 (bit0 = Sunday)");
  std::vector<std::string> out;
  for (int day = 0; day < 7; ++day) {
    if (mask & (1 << day)) out.emplace_back(kDayNames[day]);
  }
  return out;
}

}  // namespace doorlock::schedule
