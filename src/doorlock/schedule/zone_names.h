// The names of the IANA time zone database, without its rules: enough to tell a real zone name
// from a typo ("Asia/Shangai") at a few kilobytes, where the database itself would triple the module.
#pragma once

#include <string_view>

namespace doorlock::schedule {

// Every zone and link name of the tz database, each followed by '\n', sorted (generated).
extern const std::string_view kZoneNames;

}  // namespace doorlock::schedule
