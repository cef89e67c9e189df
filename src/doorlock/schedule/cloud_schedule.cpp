#include "doorlock/schedule/cloud_schedule.h"

#include "doorlock/error.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/time_zone.h"
#include "doorlock/schedule/working_days.h"

namespace doorlock::schedule {

using nlohmann::json;

namespace {

uint8_t days_from_json(const json& value, const std::string& path) {
  const uint8_t mask = value.is_number() ? static_cast<uint8_t>(fields::to_integer(value, path, 0, kAllDays))
                                         : working_day_mask(value, path);
  if (mask == 0) throw_invalid(path, "a window needs at least one weekday");
  return mask;
}

json window_to_cloud(const json& window, const std::string& path) {
  fields::require_object(window, path);
  fields::reject_unknown(window, {"start", "end", "days"}, path);
  const int start = minute_from_json(fields::require(window, "start", path), fields::member_path(path, "start"));
  const int end = minute_from_json(fields::require(window, "end", path), fields::member_path(path, "end"));
  if (start >= end) throw_invalid(fields::member_path(path, "end"), "a window must end after it starts");
  const uint8_t days = days_from_json(fields::require(window, "days", path), fields::member_path(path, "days"));
  return json{{"effective_time", start}, {"invalid_time", end}, {"working_day", days}};
}

}  // namespace

int64_t timestamp_from_json(const json& value, const std::string& path) {
  if (value.is_number() && !value.is_number_float()) {
    const int64_t number = fields::to_integer(value, path, INT64_MIN, INT64_MAX);
    if (number >= kMinTimestamp * 1000 && number <= kMaxTimestamp * 1000) {
      throw_invalid(path, "looks like milliseconds: timestamps here are 10-digit Unix seconds");
    }
  }
  return fields::to_integer(value, path, kMinTimestamp, kMaxTimestamp);
}

json build_schedule(const json& input) {
  fields::require_object(input, "");
  fields::reject_unknown(input, {"effectiveTime", "invalidTime", "timeZone", "windows"}, "");
  const int64_t effective = timestamp_from_json(fields::require(input, "effectiveTime", ""), "effectiveTime");
  const int64_t invalid = timestamp_from_json(fields::require(input, "invalidTime", ""), "invalidTime");
  if (effective >= invalid) throw_invalid("invalidTime", "must be later than effectiveTime");

  json out{{"effective_time", effective}, {"invalid_time", invalid}};
  const json* zone = fields::find(input, "timeZone");
  if (zone != nullptr) {
    const std::string name = fields::to_string(*zone, "timeZone");
    check_time_zone(name, "timeZone");
    out["time_zone"] = name;
  }
  const json* windows = fields::find(input, "windows");
  if (windows != nullptr) {
    fields::require_array(*windows, "windows");
    if (windows->empty()) throw_invalid("windows", "give at least one window, or leave windows out");
    if (zone == nullptr) throw_invalid("timeZone", "is required when windows are given");
    json list = json::array();
    for (size_t i = 0; i < windows->size(); ++i) list.push_back(window_to_cloud((*windows)[i], fields::index_path("windows", i)));
    out["schedule_list"] = std::move(list);
  }
  return out;
}

}  // namespace doorlock::schedule
