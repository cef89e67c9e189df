#include "doorlock/schedule/cloud_schedule.h"

#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/time_zone.h"
#include "doorlock/schedule/working_days.h"

namespace doorlock::schedule {

using nlohmann::json;

namespace {

uint8_t days_from_json(const json& value, const Path& path) {
  const uint8_t mask = value.is_number() ? static_cast<uint8_t>(fields::to_integer(value, path, 0, kAllDays))
                                         : working_day_mask(value, path);
  if (mask == 0) throw_invalid(path, "a window needs at least one weekday");
  return mask;
}

// Filled in place (see json_build.h).
void window_to_cloud(const json& window, const Path& path, json& out) {
  fields::require_object(window, path);
  fields::reject_unknown(window, {"start", "end", "days"}, path);
  const int start = minute_from_json(fields::require(window, "start", path), path.member("start"));
  const int end = minute_from_json(fields::require(window, "end", path), path.member("end"));
  if (start >= end) throw_invalid(path.member("end"), "a window must end after it starts");
  const uint8_t days = days_from_json(fields::require(window, "days", path), path.member("days"));
  entry(out, "effective_time") = start;
  entry(out, "invalid_time") = end;
  entry(out, "working_day") = days;
}

}  // namespace

int64_t timestamp_from_json(const json& value, const Path& path) {
  if (value.is_number() && !value.is_number_float()) {
    const int64_t number = fields::to_integer(value, path, INT64_MIN, INT64_MAX);
    if (number >= kMinTimestamp * 1000 && number <= kMaxTimestamp * 1000) {
      throw_invalid(path, "looks like milliseconds: timestamps here are 10-digit Unix seconds");
    }
  }
  return fields::to_integer(value, path, kMinTimestamp, kMaxTimestamp);
}

namespace {

void build_schedule_into(const json& input, json& out) {
  fields::require_object(input, "");
  fields::reject_unknown(input, {"effectiveTime", "invalidTime", "timeZone", "windows"}, "");
  const int64_t effective = timestamp_from_json(fields::require(input, "effectiveTime", ""), "effectiveTime");
  const int64_t invalid = timestamp_from_json(fields::require(input, "invalidTime", ""), "invalidTime");
  if (effective >= invalid) throw_invalid("invalidTime", "must be later than effectiveTime");

  entry(out, "effective_time") = effective;
  entry(out, "invalid_time") = invalid;
  const json* zone = fields::find(input, "timeZone");
  if (zone != nullptr) {
    const std::string& name = fields::to_string(*zone, "timeZone");
    check_time_zone(name, "timeZone");
    entry(out, "time_zone") = name;
  }
  const json* windows = fields::find(input, "windows");
  if (windows != nullptr) {
    fields::require_array(*windows, "windows");
    if (windows->empty()) throw_invalid("windows", "give at least one window, or leave windows out");
    if (zone == nullptr) throw_invalid("timeZone", "is required when windows are given");
    json& list = entry(out, "schedule_list");
    list = empty_array();
    const Path windows_path("windows");
    for (size_t i = 0; i < windows->size(); ++i) {
      window_to_cloud((*windows)[i], windows_path.item(i), append_object(list));
    }
  }
}

}  // namespace

json build_schedule(const json& input) {
  json out = empty_object();
  build_schedule_into(input, out);
  return out;
}

}  // namespace doorlock::schedule
