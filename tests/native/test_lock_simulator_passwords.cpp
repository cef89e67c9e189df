// Stored temporary passwords and unlock-method PINs checked at the keypad in the lock's local time
// (the zone of the time sync). Expected verdicts come from calendar facts computed outside the
// project (Python's datetime): which weekday and hour each instant is in UTC+8 and UTC-5.
#include "lock_simulator_support.h"

using namespace doorlock;
using ble::lock_dp::Message;
using nlohmann::json;
using test::of_type;
using test::replies;

namespace {

// Monday and Wednesday 08:00-18:00, from 2023-11-01T00:00Z to 2023-12-01T00:00Z.
json weekly() {
  return {{"effectiveTime", 1698796800}, {"invalidTime", 1701388800}, {"cycle", "weekly"},
          {"days", json{"mon", "wed"}},  {"start", "08:00"},          {"end", "18:00"}};
}

uint8_t create_temporary(test::Link& link, json request) {
  // This simulator reads type 1 (the app's default, as Tuya's panel writes it) as "one use".
  if (!request.contains("type")) request["type"] = "multiple";
  const auto reply = replies(link.write(Message::CreateTemporaryPassword, request), Message::CreateTemporaryPassword);
  REQUIRE(reply.size() == 1);
  REQUIRE(reply[0]["ok"] == true);
  return reply[0]["hardId"].get<uint8_t>();
}

std::string press(test::Link& link, const char* pin, int64_t at) {
  const sim::KeypadResult result = link.lock->press_keypad(pin, at);
  return result.outcome.opened ? "opened" : result.outcome.reason;
}

}  // namespace

TEST_CASE("a weekly temporary password opens in its window of the lock's local time (UTC+8)") {
  test::Link link(3, 20, 800);
  link.open();
  create_temporary(link, {{"validity", weekly()}, {"password", "246810"}});

  CHECK(press(link, "246810", 1699840800) == "opened");          // Mon 10:00 local (02:00Z)
  CHECK(press(link, "246810", 1699833600) == "opened");          // Mon 08:00 local, the first minute (Mon 00:00Z)
  CHECK(press(link, "246810", 1699869600) == "opened");          // Mon 18:00 local, the last minute
  CHECK(press(link, "246810", 1699869660) == "outside_window");  // Mon 18:01 local
  CHECK(press(link, "246810", 1699876800) == "outside_window");  // Mon 20:00 local, though 12:00Z
  CHECK(press(link, "246810", 1699831800) == "outside_window");  // Mon 07:30 local (Sun 23:30Z)
  CHECK(press(link, "246810", 1699927200) == "outside_window");  // Tue 10:00 local
  CHECK(press(link, "246810", 1700013600) == "opened");          // Wed 10:00 local
  CHECK(press(link, "246810", 1700440200) == "opened");          // Mon 08:30 local a week later (Mon 00:30Z)
  CHECK(press(link, "246810", 1698796799) == "not_yet_valid");
  CHECK(press(link, "246810", 1701388801) == "expired");
  CHECK(press(link, "135791", 1699840800) == "unknown_password");
  CHECK(link.lock->store().temporary_passwords().at(0).uses == 5);  // a multi-use password stays
}

TEST_CASE("the same password in UTC-5 follows that zone") {
  test::Link link(4, 244, -500);
  link.open();
  CHECK(link.lock->status().time_zone == -500);
  create_temporary(link, {{"validity", weekly()}, {"password", "246810"}});
  CHECK(press(link, "246810", 1699884000) == "opened");          // Mon 09:00 local (14:00Z)
  CHECK(press(link, "246810", 1699844400) == "outside_window");  // Sun 22:00 local (Mon 03:00Z)
  CHECK(press(link, "246810", 1699840800) == "outside_window");  // Sun 21:00 local (Mon 02:00Z)
}

TEST_CASE("a daily window, and a permanent password") {
  test::Link link(3, 20, 800);
  link.open();
  create_temporary(link, {{"validity",
                           {{"effectiveTime", 1698796800},
                            {"invalidTime", 1701388800},
                            {"cycle", "daily"},
                            {"start", "09:00"},
                            {"end", "10:00"}}},
                          {"password", "909090"}});
  create_temporary(link,
                   {{"validity", {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}}}, {"password", "808080"}});
  CHECK(press(link, "909090", 1699923540) == "outside_window");  // Tue 08:59 local
  CHECK(press(link, "909090", 1699923600) == "opened");          // Tue 09:00 local
  CHECK(press(link, "909090", 1699927200) == "opened");          // Tue 10:00 local: the end minute counts
  CHECK(press(link, "909090", 1699927260) == "outside_window");  // Tue 10:01 local
  CHECK(press(link, "808080", 1699876800) == "opened");
}

TEST_CASE("counted passwords are spent; the type byte does not count uses") {
  test::Link link(3, 20, 800);
  link.open();
  create_temporary(link, {{"validity", weekly()}, {"validNum", 1}, {"password", "112233"}});
  // Tuya's panel sends type 01 with count 00 for a password that works all through its validity
  // (ble-protocol.md §6b.1): the type byte is no use count.
  create_temporary(link, {{"type", "once"}, {"validity", weekly()}, {"password", "918273"}});
  create_temporary(link, {{"validity", weekly()}, {"validNum", 2}, {"password", "445566"}});
  CHECK(press(link, "112233", 1699876800) == "outside_window");  // a refused try does not spend it
  CHECK(press(link, "112233", 1699840800) == "opened");
  CHECK(press(link, "112233", 1699840860) == "unknown_password");  // gone after its one use
  CHECK(press(link, "445566", 1699840800) == "opened");
  CHECK(press(link, "445566", 1699840860) == "opened");
  CHECK(press(link, "445566", 1699840920) == "unknown_password");
  CHECK(press(link, "918273", 1699840800) == "opened");
  CHECK(press(link, "918273", 1699840860) == "opened");
  REQUIRE(link.lock->store().temporary_passwords().size() == 1);
  CHECK(link.lock->store().temporary_passwords()[0].type == 1);
}

TEST_CASE("keypad openings are reported with their time, or kept until the app asks") {
  test::Link link(4, 20, 800);
  link.open();
  const uint8_t hard_id = create_temporary(link, {{"validity", weekly()}, {"password", "246810"}});

  sim::KeypadResult result = link.lock->press_keypad("246810", 1699840800);
  REQUIRE(result.outcome.opened);
  CHECK(result.outcome.hard_id == hard_id);
  CHECK(result.outcome.kind == "temporary_password");
  json events = link.deliver(result.notifications);
  auto dps = of_type(events, "dps");
  REQUIRE(dps.size() == 1);
  CHECK(dps[0]["dps"][0]["id"] == 55);  // unlock_temporary
  CHECK(dps[0]["dps"][0]["value"] == hard_id);
  CHECK(dps[0]["time"] == 1699840800);

  // Offline: logged, not reported; the app fetches it with DP 69 on the next connection.
  link.lock->disconnect();
  result = link.lock->press_keypad("246810", 1700013600);
  REQUIRE(result.outcome.opened);
  CHECK(result.notifications.empty());
  CHECK_FALSE(link.lock->store().log().back().reported);
  link.app = std::make_unique<ble::Session>(link.session_config(800), link.app_random);
  link.open();
  events = link.write({ble::Dp::raw(69, Bytes{0xFF, 0xFF, 0x00, 0x01})});
  dps = of_type(events, "dps");
  REQUIRE(dps.size() == 1);
  CHECK(dps[0]["time"] == 1700013600);
  CHECK(link.lock->store().log().back().reported);

  // Refused tries stay in the lock's log.
  link.lock->press_keypad("000000", 1700013600);
  CHECK(link.lock->store().log().back().event == "refused");
  CHECK(link.lock->store().log().back().reason == "unknown_password");
}

TEST_CASE("an enrolled PIN opens as a password (DP 13), within its validity and count") {
  test::Link link(3, 20, 800);
  link.open();
  const auto reply = replies(
      link.write(
          Message::CreateUnlockMethod,
          {{"method", "password"}, {"memberId", 2}, {"validity", weekly()}, {"validNum", 1}, {"password", "7777777"}}),
      Message::CreateUnlockMethod);
  REQUIRE(reply.size() == 2);
  const sim::KeypadResult result = link.lock->press_keypad("7777777", 1699840800);
  CHECK(result.outcome.kind == "password");
  const auto dps = of_type(link.deliver(result.notifications), "dps");
  REQUIRE(dps.size() == 1);
  CHECK(dps[0]["dps"][0]["id"] == 13);
  CHECK(dps[0]["dps"][0]["value"] == reply[1]["hardId"]);
  CHECK(press(link, "7777777", 1699840860) == "used_up");  // an enrolled PIN stays, spent
  CHECK(press(link, "7777777", 1699927200) == "outside_window");
}

TEST_CASE("the keypad refuses anything but digits") {
  test::Link link(3, 20);
  test::require_error([&] { link.lock->press_keypad("12a456"); }, ErrorCode::InvalidArgument, "pin");
  test::require_error([&] { link.lock->press_keypad(""); }, ErrorCode::InvalidArgument, "pin");
}
