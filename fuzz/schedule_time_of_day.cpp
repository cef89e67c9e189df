// Times of day (schedule/time_of_day.h) from a caller: "HH:MM" text and JSON (text or minutes).
// An accepted time is a minute 0..1440 that prints and parses back to itself.
//   input: the text itself; when it is also JSON text, that value goes to minute_from_json.
#include "doorlock/schedule/time_of_day.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::schedule;

namespace {

void check_minute(int minute) {
  fuzz::require(minute >= 0 && minute <= kMinutesPerDay, "a minute of the day is 0..1440");
  fuzz::require(minute_of_day(time_of_day(minute, "t"), "t") == minute, "minute_of_day(time_of_day(m)) == m");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Input input{data, size};
  fuzz::expect_clean_failure([&] { check_minute(minute_of_day(input.text(), "start")); });
  const nlohmann::json value = fuzz::parse_json(input.text());
  if (!value.is_discarded()) fuzz::expect_clean_failure([&] { check_minute(minute_from_json(value, "start")); });
  if (size >= 8) {
    int64_t minute = 0;
    for (size_t i = 0; i < 8; ++i) minute = static_cast<int64_t>(static_cast<uint64_t>(minute) << 8 | data[i]);
    fuzz::expect_clean_failure([&] {
      const std::string text = time_of_day(minute, "end");
      fuzz::require(minute_of_day(text, "end") == minute, "time_of_day prints a time that parses back");
    });
  }
  return 0;
}
