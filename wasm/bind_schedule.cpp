// dl.workingDayMask, dl.workingDays, dl.minuteOfDay, dl.timeOfDay, dl.buildSchedule, dl.validityBlock
#include <emscripten/bind.h>

#include "doorlock/json_fields.h"
#include "doorlock/schedule/cloud_schedule.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/validity_block.h"
#include "doorlock/schedule/working_days.h"
#include "marshal.h"

namespace doorlock::wasm {

namespace {

val working_day_mask(val days) {
  return guarded([&] { return val(schedule::working_day_mask(to_json(days, "days"), "days")); });
}

val working_days(val mask) {
  return guarded([&] {
    const json number = to_json(mask, "mask");
    const int64_t value = fields::to_integer(number, "mask", 0, schedule::kAllDays);
    return from_json(schedule::working_days(value, "mask"));
  });
}

val minute_of_day(val text) {
  return guarded([&] {
    if (!text.isString()) throw_invalid("time", "must be a string such as \"07:30\"");
    return val(schedule::minute_of_day(text.as<std::string>(), "time"));
  });
}

val time_of_day(val minute) {
  return guarded([&] {
    const int64_t value = fields::to_integer(to_json(minute, "minute"), "minute", 0, schedule::kMinutesPerDay);
    return val(schedule::time_of_day(value, "minute"));
  });
}

val build_schedule(val args) {
  return guarded([&] { return from_json(schedule::build_schedule(to_json(args, ""))); });
}

val validity_block(val args) {
  return guarded([&] {
    return bytes_to_js(schedule::encode_validity(schedule::validity_from_json(to_json(args, ""), "")));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_schedule) {
  emscripten::function("dl$workingDayMask", &working_day_mask);
  emscripten::function("dl$workingDays", &working_days);
  emscripten::function("dl$minuteOfDay", &minute_of_day);
  emscripten::function("dl$timeOfDay", &time_of_day);
  emscripten::function("dl$buildSchedule", &build_schedule);
  emscripten::function("dl$validityBlock", &validity_block);
}

}  // namespace doorlock::wasm
