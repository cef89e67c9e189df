#include "doorlock/schedule/time_of_day.h"

#include "doorlock/error.h"
#include "doorlock/json_fields.h"

namespace doorlock::schedule {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

int minute_of_day(std::string_view text, const Path& path) {
  const size_t colon = text.find(':');
  const bool shaped = colon != std::string_view::npos && (colon == 1 || colon == 2) && text.size() == colon + 3 &&
                      digit(text[0]) && digit(text[colon - 1]) && digit(text[colon + 1]) && digit(text[colon + 2]);
  if (!shaped) throw_invalid(path, "a time of day is written HH:MM, e.g. 07:30");
  const int hours = colon == 1 ? text[0] - '0' : (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    throw_invalid(path, "a time of day runs from 00:00 to 24:00");
  }
  return hours * 60 + minutes;
}

std::string time_of_day(int64_t minute, const Path& path) {
  if (minute < 0 || minute > kMinutesPerDay) throw_invalid(path, "minutes of the day run from 0 to 1440");
  const int hours = static_cast<int>(minute / 60);
  const int minutes = static_cast<int>(minute % 60);
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + hours / 10);
  out[1] = static_cast<char>('0' + hours % 10);
  out[3] = static_cast<char>('0' + minutes / 10);
  out[4] = static_cast<char>('0' + minutes % 10);
  return out;
}

int minute_from_json(const nlohmann::json& value, const Path& path) {
  if (value.is_string()) return minute_of_day(value.get_ref<const std::string&>(), path);
  if (value.is_number()) return static_cast<int>(fields::to_integer(value, path, 0, kMinutesPerDay));
  throw_invalid(path, {"must be a time of day (\"07:30\") or minutes 0..1440, got ", fields::describe_type(value)});
}

}  // namespace doorlock::schedule
