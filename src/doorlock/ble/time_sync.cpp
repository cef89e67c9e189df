#include "doorlock/ble/time_sync.h"

#include <string>

#include "doorlock/error.h"
#include "doorlock/schedule/cloud_schedule.h"

namespace doorlock::ble {

namespace {

constexpr size_t kMillisDigits = 13;
constexpr auto kMaxMillis = static_cast<uint64_t>(schedule::kMaxTimestampMs);

void require_zone(int zone) {
  if (zone < kMinZone || zone > kMaxZone) throw_invalid("zone", "must be -1200..1400 hundredths of an hour");
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

int16_t zone_from_offset_minutes(int minutes) {
  // Hundredths of an hour are 36 s; every real offset (whole quarter hours) maps exactly.
  if (minutes * 100 % 60 != 0) throw_invalid("zone", "offset is not a whole number of hundredths of an hour");
  const int zone = minutes * 100 / 60;
  require_zone(zone);
  return static_cast<int16_t>(zone);
}

LocalDate local_date(int64_t unix_seconds, int16_t zone) {
  const int64_t local = unix_seconds + static_cast<int64_t>(zone) * 36;
  const int64_t days = floor_div(local, 86400);
  const int64_t second_of_day = local - days * 86400;
  LocalDate out;
  out.hour = static_cast<int>(second_of_day / 3600);
  out.minute = static_cast<int>(second_of_day / 60 % 60);
  out.second = static_cast<int>(second_of_day % 60);
  out.weekday = static_cast<int>((days % 7 + 11) % 7);  // 1970-01-01 was a Thursday (4)
  // Days to civil date, counting in 400-year eras that start on March 1st.
  const int64_t shifted = days + 719468;
  const int64_t era = floor_div(shifted, 146097);
  const int64_t day_of_era = shifted - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  out.day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  out.month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

Bytes encode_time_ms_answer(uint64_t unix_ms, int16_t zone) {
  require_zone(zone);
  if (unix_ms > kMaxMillis) throw_invalid("now", "does not fit 13 digits of milliseconds");
  std::string digits = std::to_string(unix_ms);
  digits.insert(0, kMillisDigits - digits.size(), '0');
  Bytes out(digits.begin(), digits.end());
  put_u16be(out, static_cast<uint16_t>(zone));
  return out;
}

Bytes encode_time_date_answer(uint64_t unix_ms, int16_t zone) {
  require_zone(zone);
  const LocalDate date = local_date(static_cast<int64_t>(unix_ms / 1000), zone);
  if (date.year < 2000 || date.year > 2255) throw_invalid("now", "the lock's date holds the years 2000..2255");
  Bytes out{static_cast<uint8_t>(date.year - 2000), static_cast<uint8_t>(date.month),
            static_cast<uint8_t>(date.day),         static_cast<uint8_t>(date.hour),
            static_cast<uint8_t>(date.minute),      static_cast<uint8_t>(date.second),
            static_cast<uint8_t>(date.weekday)};
  put_u16be(out, static_cast<uint16_t>(zone));
  return out;
}

TimeMsAnswer decode_time_ms_answer(const uint8_t* data, size_t size) {
  if (size < kTimeMsAnswerSize) throw_error(ErrorCode::BadFrame, "time answer is shorter than 15 bytes");
  TimeMsAnswer out;
  for (size_t i = 0; i < kMillisDigits; ++i) {
    if (data[i] < '0' || data[i] > '9') throw_error(ErrorCode::BadFrame, "time answer is not 13 ASCII digits");
    out.unix_ms = out.unix_ms * 10 + (data[i] - '0');
  }
  out.zone = static_cast<int16_t>(get_u16be(data + kMillisDigits));
  return out;
}

TimeDateAnswer decode_time_date_answer(const uint8_t* data, size_t size) {
  if (size < kTimeDateAnswerSize) throw_error(ErrorCode::BadFrame, "date answer is shorter than 9 bytes");
  TimeDateAnswer out;
  out.date = LocalDate{2000 + data[0], data[1], data[2], data[3], data[4], data[5], data[6]};
  if (out.date.month < 1 || out.date.month > 12 || out.date.day < 1 || out.date.day > 31 || out.date.hour > 23 ||
      out.date.minute > 59 || out.date.second > 59 || out.date.weekday > 6) {
    throw_error(ErrorCode::BadFrame, "date answer holds an impossible date");
  }
  out.zone = static_cast<int16_t>(get_u16be(data + 7));
  return out;
}

}  // namespace doorlock::ble
