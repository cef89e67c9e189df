#include "doorlock/schedule/time_zone.h"

#include "doorlock/closest_name.h"
#include "doorlock/error.h"
#include "doorlock/schedule/zone_names.h"

namespace doorlock::schedule {

namespace {

// Calls visit(name) for each tz database name until it returns true; says whether one did.
template <typename Visit>
bool any_zone_name(Visit visit) {
  for (size_t at = 0; at < kZoneNames.size();) {
    const size_t end = kZoneNames.find('\n', at);
    if (visit(kZoneNames.substr(at, end - at))) return true;
    at = end + 1;
  }
  return false;
}

// One of the tz database's names, compared whole and case-sensitively as the database spells them.
// The list is in byte order, so this is a binary search over its lines (every scheduled request
// asks it; a scan compared the name with hundreds of others).
bool iana_name(std::string_view zone) {
  if (zone.empty() || zone.find('\n') != std::string_view::npos) return false;
  size_t low = 0;  // [low, high) holds whole lines, each ending in '\n'
  size_t high = kZoneNames.size();
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    const size_t newline_before = middle == low ? std::string_view::npos : kZoneNames.rfind('\n', middle - 1);
    const size_t start = newline_before == std::string_view::npos || newline_before < low ? low : newline_before + 1;
    const size_t end = kZoneNames.find('\n', start);
    const std::string_view line = kZoneNames.substr(start, end - start);
    if (line == zone) return true;
    if (line < zone) {
      low = end + 1;
    } else {
      high = start;
    }
  }
  return false;
}

std::string_view closest_zone_name(std::string_view zone) {
  ClosestName closest(zone);
  any_zone_name([&closest](std::string_view name) {
    closest.consider(name);
    return false;
  });
  return closest.best();
}

}  // namespace

bool parse_utc_offset(std::string_view zone, int& minutes) {
  if (zone.size() < 5 || (zone[0] != '+' && zone[0] != '-')) return false;
  const size_t colon = zone.find(':');
  if ((colon != 2 && colon != 3) || zone.size() != colon + 3) return false;
  for (size_t i = 1; i < zone.size(); ++i) {
    if (i != colon && (zone[i] < '0' || zone[i] > '9')) return false;
  }
  const int hours = colon == 2 ? zone[1] - '0' : (zone[1] - '0') * 10 + (zone[2] - '0');
  const int mins = (zone[colon + 1] - '0') * 10 + (zone[colon + 2] - '0');
  if (mins > 59) return false;
  const int total = hours * 60 + mins;
  if (zone[0] == '+' ? total > 14 * 60 : total > 12 * 60) return false;
  minutes = zone[0] == '+' ? total : -total;
  return true;
}

void check_time_zone(std::string_view zone, const Path& path) {
  int ignored = 0;
  if (parse_utc_offset(zone, ignored) || iana_name(zone)) return;
  const std::string_view suggestion = closest_zone_name(zone);
  if (!suggestion.empty()) throw_invalid(path, {"is not a time zone name; did you mean ", suggestion, "?"});
  throw_invalid(path, "a time zone is an IANA name such as Asia/Shanghai or an offset such as +08:00");
}

}  // namespace doorlock::schedule
