#include "lock_clock.h"

namespace doorlock::sim {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Floor division, so that moments before 1970 still land on the right day.
int64_t floor_div(int64_t value, int64_t divisor) noexcept {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

}  // namespace

LocalTime local_time(int64_t utc_seconds, int zone) noexcept {
  const int64_t local = utc_seconds + static_cast<int64_t>(zone) * 36;
  const int64_t days = floor_div(local, kSecondsPerDay);
  const int64_t second_of_day = local - days * kSecondsPerDay;
  LocalTime out;
  const int64_t thursday_based = days + 4;  // 1970-01-01 was a Thursday
  out.weekday = static_cast<int>(thursday_based - floor_div(thursday_based, 7) * 7);
  out.minute_of_day = static_cast<int>(second_of_day / 60);
  return out;
}

const char* validity_name(Validity verdict) noexcept {
  switch (verdict) {
    case Validity::Valid: return "valid";
    case Validity::NotYetValid: return "not_yet_valid";
    case Validity::Expired: return "expired";
    case Validity::OutsideWindow: return "outside_window";
  }
  return "unknown";
}

Validity evaluate_validity(const schedule::Validity& validity, int64_t utc_seconds, int zone) noexcept {
  if (utc_seconds < static_cast<int64_t>(validity.effective_time)) return Validity::NotYetValid;
  if (utc_seconds > static_cast<int64_t>(validity.invalid_time)) return Validity::Expired;
  if (validity.cycle == schedule::Cycle::None) return Validity::Valid;
  const LocalTime now = local_time(utc_seconds, zone);
  if (validity.cycle == schedule::Cycle::Weekly && (validity.days & (1u << now.weekday)) == 0) {
    return Validity::OutsideWindow;
  }
  // The window is compared as minutes of the day. (The Tuya demo compares hours and minutes
  // separately, which would never open a 07:30-18:00 window; a shipping lock cannot behave so.)
  if (now.minute_of_day < validity.start_minute || now.minute_of_day > validity.end_minute) {
    return Validity::OutsideWindow;
  }
  return Validity::Valid;
}

}  // namespace doorlock::sim
