// The cloud schedule fields (schedule/cloud_schedule.h, working_days.h) from a caller's JSON:
// dl.buildSchedule's input, a timestamp, a weekday list. An accepted schedule has 10-digit
// timestamps in order and windows that fit one day with a weekday mask of 7 bits.
//   input: JSON text, given to each parser in turn.
#include "doorlock/schedule/cloud_schedule.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/working_days.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::schedule;

namespace {

bool is_timestamp(const nlohmann::json& value) {
  return value.is_number_integer() && value.get<int64_t>() >= kMinTimestamp && value.get<int64_t>() <= kMaxTimestamp;
}

void check_schedule(const nlohmann::json& schedule) {
  fuzz::require(schedule.is_object(), "a schedule is an object");
  const nlohmann::json& effective = schedule.at("effective_time");
  const nlohmann::json& invalid = schedule.at("invalid_time");
  fuzz::require(is_timestamp(effective) && is_timestamp(invalid), "schedule timestamps are 10-digit seconds");
  fuzz::require(effective.get<int64_t>() < invalid.get<int64_t>(), "a schedule starts before it ends");
  const auto list = schedule.find("schedule_list");
  if (list == schedule.end()) return;
  fuzz::require(list->is_array() && !list->empty(), "schedule_list is a non-empty list");
  for (const nlohmann::json& window : *list) {
    const int64_t start = window.at("effective_time").get<int64_t>();
    const int64_t end = window.at("invalid_time").get<int64_t>();
    const int64_t days = window.at("working_day").get<int64_t>();
    fuzz::require(start >= 0 && end <= kMinutesPerDay, "a window lies within the day");
    fuzz::require(days >= 0 && days <= kAllDays, "working_day is a 7-bit mask");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Input input{data, size};
  const nlohmann::json value = fuzz::parse_json(input.text());
  if (value.is_discarded()) return 0;
  fuzz::expect_clean_failure([&] { check_schedule(build_schedule(value)); });
  fuzz::expect_clean_failure([&] {
    const int64_t seconds = timestamp_from_json(value, "effectiveTime");
    fuzz::require(seconds >= kMinTimestamp && seconds <= kMaxTimestamp, "a timestamp has 10 digits");
  });
  fuzz::expect_clean_failure([&] {
    const uint8_t mask = working_day_mask(value, "days");
    fuzz::require(mask <= kAllDays, "a weekday mask has 7 bits");
    const std::vector<std::string> names = working_days(mask, "days");
    fuzz::require(working_day_mask(nlohmann::json(names), "days") == mask, "working_day_mask(working_days(m)) == m");
  });
  if (value.is_string()) {
    fuzz::expect_clean_failure([&] {
      const int day = parse_day(value.get_ref<const std::string&>(), "days[0]");
      fuzz::require(day >= 0 && day < 7, "a weekday is 0..6");
    });
  }
  return 0;
}
