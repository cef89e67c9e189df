// The cloud's `time_zone` field. Its format is undocumented; real requests send IANA names
// ("America/Sao_Paulo") and Tuya's timer actions send offsets ("+8:00"). Both are accepted. Names
// are checked against the tz database's list of names (zone_names.h), not its rules: a typo is
// refused with the nearest real name, and no offset is ever computed here.
#pragma once

#include <string>
#include <string_view>

#include "doorlock/path.h"

namespace doorlock::schedule {

// Throws INVALID_ARGUMENT naming `path` unless `zone` is a name of the tz database ("UTC",
// "Asia/Shanghai", "US/Eastern") or an offset from -12:00 to +14:00 written ±H:MM or ±HH:MM.
void check_time_zone(std::string_view zone, const Path& path);

// The offset in minutes for a ±HH:MM zone; false for names.
bool parse_utc_offset(std::string_view zone, int& minutes);

}  // namespace doorlock::schedule
