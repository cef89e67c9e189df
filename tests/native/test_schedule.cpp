// Weekday masks, minutes of the day, time zones and the cloud schedule fields.
#include "doorlock/schedule/cloud_schedule.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/time_zone.h"
#include "doorlock/schedule/working_days.h"
#include "doorlock/schedule/zone_names.h"
#include "test_support.h"

#include <set>

using namespace doorlock;
using nlohmann::json;

TEST_CASE("working days: bit0 is Sunday (vectors.md §8: Mon+Tue+Fri = 38)") {
  CHECK(schedule::working_day_mask(json{"mon", "tue", "fri"}, "days") == 38);
  CHECK(schedule::working_day_mask(json{"Sunday", "SAT"}, "days") == 0x41);
  CHECK(schedule::working_day_mask(json::array(), "days") == 0);
  CHECK(schedule::working_day_mask(json{"mon", "mon"}, "days") == 2);
  CHECK(schedule::working_days(38, "mask") == std::vector<std::string>{"mon", "tue", "fri"});
  CHECK(schedule::working_days(127, "mask").size() == 7);
  for (int mask = 0; mask <= 127; ++mask) {
    const auto names = schedule::working_days(mask, "mask");
    CHECK(schedule::working_day_mask(json(names), "days") == mask);
  }
  test::require_error(
      [] {
        schedule::working_day_mask(json{"mon", "funday"}, "days");
      },
      ErrorCode::InvalidArgument, "days[1]");
  test::require_error(
      [] {
        schedule::working_day_mask(json{"mon", 3}, "days");
      },
      ErrorCode::InvalidArgument, "days[1]");
  test::require_error([] { schedule::working_day_mask(json("mon"), "days"); }, ErrorCode::InvalidArgument, "days");
  test::require_error([] { schedule::working_days(128, "mask"); }, ErrorCode::InvalidArgument, "mask");
  test::require_error([] { schedule::working_days(-1, "mask"); }, ErrorCode::InvalidArgument, "mask");
}

TEST_CASE("minutes of the day (vectors.md §8: 07:30 = 450)") {
  CHECK(schedule::minute_of_day("07:30", "t") == 450);
  CHECK(schedule::minute_of_day("7:30", "t") == 450);
  CHECK(schedule::minute_of_day("00:00", "t") == 0);
  CHECK(schedule::minute_of_day("23:59", "t") == 1439);
  CHECK(schedule::minute_of_day("24:00", "t") == 1440);
  CHECK(schedule::time_of_day(450, "m") == "07:30");
  CHECK(schedule::time_of_day(0, "m") == "00:00");
  CHECK(schedule::time_of_day(1440, "m") == "24:00");
  for (int minute = 0; minute <= 1440; ++minute) {
    CHECK(schedule::minute_of_day(schedule::time_of_day(minute, "m"), "t") == minute);
  }
  for (const char* bad : {"24:01", "25:00", "12:60", "7", "07:3", "0730", "aa:bb", "", "-1:00", "07:30 "}) {
    INFO(bad);
    test::require_error([=] { schedule::minute_of_day(bad, "t"); }, ErrorCode::InvalidArgument, "t");
  }
  test::require_error([] { schedule::time_of_day(1441, "m"); }, ErrorCode::InvalidArgument, "m");
}

TEST_CASE("time zones: IANA names and UTC offsets") {
  for (const char* good :
       {"Asia/Shanghai", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "Etc/GMT+8", "US/Eastern",
        "Asia/Calcutta", "Etc/UTC", "UTC", "GMT", "+08:00", "+8:00", "-03:30", "+14:00", "-12:00", "+05:45"}) {
    INFO(good);
    CHECK_NOTHROW(schedule::check_time_zone(good, "timeZone"));
  }
  for (const char* bad :
       {"", "Shanghai", "Mars/Olympus", "Asia/", "Asia//Tokyo", "Asia/Shang hai", "+15:00", "-13:00", "+08:60", "08:00",
        "+0800", "GMT+8", "utc", "Asia/Shangai", "Europe/Atlantis", "Factory", "Asia/Shanghai\nUTC"}) {
    INFO(bad);
    test::require_error([=] { schedule::check_time_zone(bad, "timeZone"); }, ErrorCode::InvalidArgument, "timeZone");
  }
  int minutes = 0;
  REQUIRE(schedule::parse_utc_offset("-03:30", minutes));
  CHECK(minutes == -210);
}

TEST_CASE("time zones: every tz database name is accepted whole, and no part of one") {
  std::set<std::string_view> names;
  for (size_t at = 0; at < schedule::kZoneNames.size();) {
    const size_t end = schedule::kZoneNames.find('\n', at);
    names.insert(schedule::kZoneNames.substr(at, end - at));
    at = end + 1;
  }
  REQUIRE(names.size() == 597);
  for (std::string_view name : names) {
    INFO(name);
    CHECK_NOTHROW(schedule::check_time_zone(name, "timeZone"));
    // Cut at either end, or running into the next line: accepted only when that is a name too.
    for (std::string_view part : {name.substr(1), name.substr(0, name.size() - 1)}) {
      if (part.empty() || names.count(part) != 0) continue;
      INFO(part);
      test::require_error([=] { schedule::check_time_zone(part, "timeZone"); }, ErrorCode::InvalidArgument, "timeZone");
    }
  }
  for (const char* bad : {"Africa/Abidjan\nAfrica/Accra", "\nAfrica/Accra", "Zulu\n", "ulu", "Africa/Abidja"}) {
    INFO(bad);
    test::require_error([=] { schedule::check_time_zone(bad, "timeZone"); }, ErrorCode::InvalidArgument, "timeZone");
  }
}

TEST_CASE("time zones: a misspelt name is refused with the nearest real one") {
  auto message_for = [](const char* zone) {
    try {
      schedule::check_time_zone(zone, "timeZone");
    } catch (const Error& error) {
      return error.message();
    }
    return std::string("accepted");
  };
  CHECK(message_for("Asia/Shangai").find("did you mean Asia/Shanghai?") != std::string::npos);
  CHECK(message_for("europe/london").find("did you mean Europe/London?") != std::string::npos);
  // Nothing is near enough to this one to be a guess.
  CHECK(message_for("Mars/Olympus").find("did you mean") == std::string::npos);
}

TEST_CASE("buildSchedule gives the cloud fields") {
  const json out = schedule::build_schedule(json{
      {"effectiveTime", 1579156726},
      {"invalidTime", 1579243126},
      {"timeZone", "Asia/Shanghai"},
      {"windows", json::array({json{{"start", "07:30"}, {"end", "18:00"}, {"days", json{"mon", "tue", "fri"}}},
                               json{{"start", 720}, {"end", 1440}, {"days", 65}}})},
  });
  const json expected = json::parse(R"({
    "effective_time": 1579156726, "invalid_time": 1579243126, "time_zone": "Asia/Shanghai",
    "schedule_list": [ {"effective_time": 450, "invalid_time": 1080, "working_day": 38},
                       {"effective_time": 720, "invalid_time": 1440, "working_day": 65} ] })");
  CHECK(out == expected);

  const json plain = schedule::build_schedule(json{{"effectiveTime", 1579156726}, {"invalidTime", 1579243126}});
  CHECK(plain == json{{"effective_time", 1579156726}, {"invalid_time", 1579243126}});
}

TEST_CASE("buildSchedule rejects each broken rule naming the field") {
  const json window = json{{"start", "07:30"}, {"end", "18:00"}, {"days", json{"mon"}}};
  const json base = json{{"effectiveTime", 1579156726},
                         {"invalidTime", 1579243126},
                         {"timeZone", "+08:00"},
                         {"windows", json::array({window})}};
  const auto broken = [&](const std::function<void(json&)>& edit, const std::string& field) {
    json input = base;
    edit(input);
    INFO(input.dump());
    test::require_error([&] { schedule::build_schedule(input); }, ErrorCode::InvalidArgument, field);
  };
  broken([](json& j) { j["effectiveTime"] = 1579156726000; }, "effectiveTime");  // milliseconds
  broken([](json& j) { j["effectiveTime"] = 157915672; }, "effectiveTime");      // 9 digits
  broken([](json& j) { j["effectiveTime"] = "1579156726"; }, "effectiveTime");   // a string
  broken([](json& j) { j["effectiveTime"] = 1579156726.5; }, "effectiveTime");
  broken([](json& j) { j.erase("effectiveTime"); }, "effectiveTime");
  broken([](json& j) { j["invalidTime"] = 1579156726; }, "invalidTime");  // not after effective
  broken([](json& j) { j["invalidTime"] = 1579156000; }, "invalidTime");
  broken([](json& j) { j.erase("timeZone"); }, "timeZone");  // windows need a zone
  broken([](json& j) { j["timeZone"] = "Moon/Base"; }, "timeZone");
  broken([](json& j) { j["windows"] = json::array(); }, "windows");
  broken([](json& j) { j["windows"] = "daily"; }, "windows");
  broken([](json& j) { j["windows"][0]["end"] = "07:00"; }, "windows[0].end");
  broken([](json& j) { j["windows"][0]["end"] = "07:30"; }, "windows[0].end");
  broken([](json& j) { j["windows"][0]["start"] = 1441; }, "windows[0].start");
  broken([](json& j) { j["windows"][0]["start"] = -1; }, "windows[0].start");
  broken([](json& j) { j["windows"][0]["days"] = json::array(); }, "windows[0].days");
  broken([](json& j) { j["windows"][0]["days"] = 0; }, "windows[0].days");
  broken([](json& j) { j["windows"][0]["days"] = 128; }, "windows[0].days");
  broken([](json& j) { j["windows"][0]["days"] = json{"mon", "xyz"}; }, "windows[0].days[1]");
  broken([](json& j) { j["windows"].push_back(json{{"start", "07:30"}, {"end", "18:00"}}); }, "windows[1].days");
  broken([](json& j) { j["windows"][0]["colour"] = "red"; }, "windows[0].colour");
  broken([](json& j) { j["effective"] = 1; }, "effective");
}
