#include "lock_clock.h"

#include "doorlock/ble/time_sync.h"

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

}  // namespace doorlock::sim
