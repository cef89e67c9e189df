// The cloud's time_zone field (schedule/time_zone.h): names checked for shape, offsets parsed.
// An offset that parses lies within -12:00..+14:00 and passes the zone check.
//   input: the zone text.
#include "doorlock/schedule/time_zone.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::schedule;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Input input{data, size};
  bool accepted = false;
  fuzz::expect_clean_failure([&] {
    check_time_zone(input.text(), "timeZone");
    accepted = true;
  });
  int minutes = 0;
  if (parse_utc_offset(input.text(), minutes)) {
    fuzz::require(minutes >= -12 * 60 && minutes <= 14 * 60, "an offset lies within -12:00..+14:00");
    fuzz::require(accepted, "a parsed offset passes check_time_zone");
  }
  return 0;
}
