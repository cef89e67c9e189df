#include "lock_clock.h"

namespace doorlock::sim {

const char* validity_name(Validity verdict) noexcept {
  switch (verdict) {
    case Validity::Valid: return "valid";
    case Validity::NotYetValid: return "not_yet_valid";
    case Validity::Expired: return "expired";
    case Validity::OutsideWindow: return "outside_window";
  }
  return "unknown";
}

Validity evaluate_validity(const schedule::Validity& validity, int64_t utc_seconds, int zone) {
  if (utc_seconds < static_cast<int64_t>(validity.effective_time)) return Validity::NotYetValid;
  if (utc_seconds > static_cast<int64_t>(validity.invalid_time)) return Validity::Expired;
  if (validity.cycle == schedule::Cycle::None) return Validity::Valid;
  const ble::LocalDate now = ble::local_date(utc_seconds, static_cast<int16_t>(zone));
  if (validity.cycle == schedule::Cycle::Weekly && (validity.days & (1u << now.weekday)) == 0) {
    return Validity::OutsideWindow;
  }
  // Minutes of the day. (The Tuya demo parser compares hours and minutes separately, so that a
  // 07:30-18:00 window could never open; a shipping lock cannot work that way.)
  const int minute = now.hour * 60 + now.minute;
  if (minute < validity.start_minute || minute > validity.end_minute) return Validity::OutsideWindow;
  return Validity::Valid;
}

int64_t unix_from_local_date(const ble::LocalDate& date, int zone) noexcept {
  // Days since 1970-01-01 in the proleptic Gregorian calendar, counting years from March so that
  // February's leap day falls at the end of the counted year.
  const int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t month_from_march = (date.month + 9) % 12;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  const int64_t days = era * 146097 + day_of_era - 719468;
  return days * 86400 + date.hour * 3600 + date.minute * 60 + date.second - static_cast<int64_t>(zone) * 36;
}

}  // namespace doorlock::sim
