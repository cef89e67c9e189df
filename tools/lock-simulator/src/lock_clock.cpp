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

Validity evaluate_validity(const fw::ValidityBlock& validity, int64_t utc_seconds, int zone, WindowCheck check) {
  if (utc_seconds < static_cast<int64_t>(validity.total_start)) return Validity::NotYetValid;
  if (utc_seconds > static_cast<int64_t>(validity.total_end)) return Validity::Expired;
  if (validity.cycle_type == 0) return Validity::Valid;
  const ble::LocalDate now = ble::local_date(utc_seconds, static_cast<int16_t>(zone));
  switch (validity.cycle_type) {
    case 1: break;
    case 2:
      if ((validity.cycle_flag & (1u << now.weekday)) == 0) return Validity::OutsideWindow;
      break;
    case 3:
      if ((validity.cycle_flag & (1u << (now.day - 1))) == 0) return Validity::OutsideWindow;
      break;
    default: return Validity::OutsideWindow;
  }
  if (check == WindowCheck::FirmwareDemo) {
    const bool hour_in = validity.start_h <= now.hour && now.hour <= validity.end_h;
    const bool minute_in = validity.start_m <= now.minute && now.minute <= validity.end_m;
    return hour_in && minute_in ? Validity::Valid : Validity::OutsideWindow;
  }
  const int minute = now.hour * 60 + now.minute;
  const int start = validity.start_h * 60 + validity.start_m;
  const int end = validity.end_h * 60 + validity.end_m;
  return minute < start || minute > end ? Validity::OutsideWindow : Validity::Valid;
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
