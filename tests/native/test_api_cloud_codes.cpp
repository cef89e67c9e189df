// The cloud's global error codes (Tuya's "Global error codes" page) and nothing else.
#include "doorlock/api/cloud_codes.h"

#include <cstdint>
#include <string>

#include "test_support.h"

using doorlock::api::cloud_code_meaning;

TEST_CASE("cloud codes: the global table's codes have a meaning") {
  REQUIRE(cloud_code_meaning(1106) != nullptr);
  CHECK(std::string(cloud_code_meaning(1106)).find("permission denied") != std::string::npos);
  CHECK(std::string(cloud_code_meaning(1010)).find("expired") != std::string::npos);
  CHECK(std::string(cloud_code_meaning(2001)).find("offline") != std::string::npos);
  CHECK(std::string(cloud_code_meaning(500)).find("try again") != std::string::npos);
  for (int64_t code :
       {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1010, 1011, 1012, 1013, 1100, 1101, 1102, 1103, 1104, 1105,
        1106, 1107, 1108, 1109, 1110, 1111, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010}) {
    INFO(code);
    CHECK(cloud_code_meaning(code) != nullptr);
  }
}

TEST_CASE("cloud codes: no meaning is made up for other codes") {
  for (int64_t code : {int64_t{0}, int64_t{-1}, int64_t{1007}, int64_t{2011}, int64_t{40000123}, int64_t{1106} + 65536,
                       INT64_MIN, INT64_MAX}) {
    INFO(code);
    CHECK(cloud_code_meaning(code) == nullptr);
  }
}
