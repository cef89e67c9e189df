#include "doorlock/schedule/time_zone.h"

#include "doorlock/error.h"

namespace doorlock::schedule {

namespace {

// The top level of the IANA tz database, plus its Etc area.
constexpr const char* kAreas[] = {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
                                  "Australia", "Europe", "Indian", "Pacific", "Etc"};

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '+';
}

bool iana_name(std::string_view zone) {
  if (zone == "UTC" || zone == "GMT") return true;
  const size_t slash = zone.find('/');
  if (slash == std::string_view::npos || zone.size() > 64) return false;
  bool known_area = false;
  for (const char* area : kAreas) known_area = known_area || zone.substr(0, slash) == area;
  if (!known_area) return false;
  size_t segment = 0;
  for (size_t i = slash + 1; i < zone.size(); ++i) {
    if (zone[i] == '/') {
      if (segment == 0) return false;
      segment = 0;
    } else if (name_char(zone[i])) {
      ++segment;
    } else {
      return false;
    }
  }
  return segment > 0;
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
  throw_invalid(path, "a time zone is an IANA name such as Asia/Shanghai or an offset such as +08:00");
}

}  // namespace doorlock::schedule
