// The 17-byte BLE validity block (ble-protocol.md §6.2, vectors.md §7).
#include "doorlock/schedule/validity_block.h"

#include "test_support.h"

using namespace doorlock;
using nlohmann::json;

TEST_CASE("vectors.md §7: the permanent block") {
  // S8's permanent block names its window 00:00-23:59 explicitly.
  const auto validity = schedule::validity_from_json(json{{"effectiveTime", 946656000},
                                                          {"invalidTime", 1924963199},
                                                          {"cycle", "none"},
                                                          {"start", "00:00"},
                                                          {"end", "23:59"}},
                                                     "");
  CHECK(to_hex(schedule::encode_validity(validity)) ==
        "386cd30072bc9b7f0000000000000017"
        "3b");
}

TEST_CASE("§6b.1: a non-repeating block without a window is 00:00-00:00, as the panel writes it") {
  // bleApi.ts: begin | end | '000000000000000000' (cycle 0, flag 0, 00:00-00:00).
  for (const json& input : {json{{"effectiveTime", 946656000}, {"invalidTime", 1924963199}},
                            json{{"effectiveTime", 946656000}, {"invalidTime", 1924963199}, {"cycle", "none"}}}) {
    const auto validity = schedule::validity_from_json(input, "");
    CHECK(to_hex(schedule::encode_validity(validity)) ==
          "386cd300"
          "72bc9b7f"
          "000000000000000000");
  }
  // What a lock reads back (start 0, end 0) is accepted again, so a decoded block re-encodes.
  const auto again = schedule::validity_from_json(
      json{{"effectiveTime", 946656000}, {"invalidTime", 1924963199}, {"cycle", "none"}, {"start", 0}, {"end", 0}}, "");
  CHECK(again.end_minute == 0);
  // Repeating cycles keep 00:00-23:59 when no window is given; 00:00-00:00 stays refused there.
  const auto daily = schedule::validity_from_json(
      json{{"effectiveTime", 1700000000}, {"invalidTime", 1700600000}, {"cycle", "daily"}}, "");
  CHECK(to_hex(schedule::encode_validity(daily)).substr(16) == "01000000000000173b");
  test::require_error(
      [] {
        schedule::validity_from_json(json{{"effectiveTime", 1700000000},
                                          {"invalidTime", 1700600000},
                                          {"cycle", "daily"},
                                          {"start", 0},
                                          {"end", 0}},
                                     "validity");
      },
      ErrorCode::InvalidArgument, "validity.end");
}

TEST_CASE("days: [] (or 0) means no days for the cycles without weekdays") {
  for (const char* cycle : {"none", "daily"}) {
    INFO(cycle);
    for (const json& none : {json::array(), json(0)}) {
      const auto validity = schedule::validity_from_json(
          json{{"effectiveTime", 1700000000}, {"invalidTime", 1700600000}, {"cycle", cycle}, {"days", none}}, "");
      CHECK(validity.days == 0);
    }
    test::require_error(
        [&] {
          schedule::validity_from_json(
              json{{"effectiveTime", 1700000000}, {"invalidTime", 1700600000}, {"cycle", cycle}, {"days", json{"sun"}}},
              "validity");
        },
        ErrorCode::InvalidArgument, "validity.days");
  }
}

TEST_CASE("weekly and daily blocks") {
  const auto weekly = schedule::validity_from_json(json{{"effectiveTime", 1700000000},
                                                        {"invalidTime", 1700600000},
                                                        {"cycle", "weekly"},
                                                        {"days", json{"mon", "tue", "fri"}},
                                                        {"start", "07:30"},
                                                        {"end", "18:00"}},
                                                   "");
  const Bytes block = schedule::encode_validity(weekly);
  REQUIRE(block.size() == 17);
  CHECK(to_hex(block) == "6553f100655d18c00200000026071e1200");
  const auto back = schedule::decode_validity(block.data(), block.size());
  CHECK(back.days == 38);
  CHECK(back.start_minute == 450);
  CHECK(back.end_minute == 1080);
  CHECK(back.cycle == schedule::Cycle::Weekly);

  const auto daily = schedule::validity_from_json(json{{"effectiveTime", 1700000000},
                                                       {"invalidTime", 1700600000},
                                                       {"cycle", "daily"},
                                                       {"start", 0},
                                                       {"end", "24:00"}},
                                                  "");
  CHECK(to_hex(schedule::encode_validity(daily)).substr(16) == "01000000000000173b");
}

TEST_CASE("validity rules name the field") {
  const json base = json{{"effectiveTime", 1700000000}, {"invalidTime", 1700600000}, {"cycle", "weekly"},
                         {"days", json{"mon"}},         {"start", "07:30"},          {"end", "18:00"}};
  const auto broken = [&](const std::function<void(json&)>& edit, const std::string& field) {
    json input = base;
    edit(input);
    INFO(input.dump());
    test::require_error([&] { schedule::validity_from_json(input, "validity"); }, ErrorCode::InvalidArgument, field);
  };
  broken([](json& j) { j["invalidTime"] = 1700000000; }, "validity.invalidTime");
  broken([](json& j) { j["invalidTime"] = 4294967296; }, "validity.invalidTime");  // beyond u32
  broken([](json& j) { j["effectiveTime"] = -1; }, "validity.effectiveTime");
  broken([](json& j) { j["cycle"] = "monthly"; }, "validity.cycle");
  broken([](json& j) { j.erase("days"); }, "validity.days");
  broken([](json& j) { j["days"] = json::array(); }, "validity.days");
  broken([](json& j) { j["cycle"] = "daily"; }, "validity.days");  // weekdays only for weekly
  broken([](json& j) { j["end"] = "07:00"; }, "validity.end");
  broken([](json& j) { j["start"] = "7h"; }, "validity.start");
  broken([](json& j) { j["extra"] = true; }, "validity.extra");
}

TEST_CASE("decoding rejects malformed blocks") {
  const Bytes short_block(16, 0);
  test::require_error([&] { schedule::decode_validity(short_block.data(), short_block.size()); }, ErrorCode::BadFrame,
                      "");
  Bytes bad_time = test::hex("386cd30072bc9b7f000000000000001800");
  test::require_error([&] { schedule::decode_validity(bad_time.data(), bad_time.size()); }, ErrorCode::BadFrame, "");
}
