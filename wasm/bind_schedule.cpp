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

val working_day_mask(const val& days, const val&, const val&) {
  return val(schedule::working_day_mask(to_json(days, "days"), "days"));
}

val working_days(const val& mask, const val&, const val&) {
  const json number = to_json(mask, "mask");
  const int64_t value = fields::to_integer(number, "mask", 0, schedule::kAllDays);
  return from_json(schedule::working_days(value, "mask"));
}

val minute_of_day(const val& text, const val&, const val&) {
  if (!text.isString()) throw_invalid("time", "must be a string such as \"07:30\"");
  return val(schedule::minute_of_day(text.as<std::string>(), "time"));
}

val time_of_day(const val& minute, const val&, const val&) {
  const int64_t value = fields::to_integer(to_json(minute, "minute"), "minute", 0, schedule::kMinutesPerDay);
  return val(schedule::time_of_day(value, "minute"));
}

val build_schedule(const val& args, const val&, const val&) {
  return from_json(schedule::build_schedule(to_json(args, "")));
}

val validity_block(const val& args, const val&, const val&) {
  return bytes_to_js(schedule::encode_validity(schedule::validity_from_json(to_json(args, ""), "")));
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_schedule) {
  emscripten::function("dl$workingDayMask", &bind1<&working_day_mask>);
  emscripten::function("dl$workingDays", &bind1<&working_days>);
  emscripten::function("dl$minuteOfDay", &bind1<&minute_of_day>);
  emscripten::function("dl$timeOfDay", &bind1<&time_of_day>);
  emscripten::function("dl$buildSchedule", &bind1<&build_schedule>);
  emscripten::function("dl$validityBlock", &bind1<&validity_block>);
}

}  // namespace doorlock::wasm
