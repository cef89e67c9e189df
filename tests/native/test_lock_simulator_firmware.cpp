// Firmware rules the simulator follows beyond the SDK layer (ble-protocol.md §6b, issue rules):
// DP 51/53 statuses 0x03 and 0x0a and the older lock SDK that checks neither, the validity-only
// DP 53, where a protocol-4 lock reads the pair source, the lock SDK demo's hour/minute window
// check, and the delayed unlock record. Requests the app's builders cannot make yet are written
// here byte by byte from the firmware structs.
#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/handshake.h"
#include "lock_dp_handlers.h"
#include "lock_simulator_support.h"

using namespace doorlock;
using ble::lock_dp::Message;
using nlohmann::json;
using test::has_event;
using test::hex;
using test::of_type;
using test::replies;

namespace {

json permanent() { return {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}}; }

// The DP 51/53 reply byte 1 (status), as the lock sent it.
int status_of(const json& events, Message message) {
  const auto reply = replies(events, message);
  REQUIRE(reply.size() == 1);
  return reply[0]["result"].get<int>();
}

// The app refuses weak PINs itself; allowWeakPassword lets them reach the lock, whose answer is tested here.
ble::lock_dp::Options weak_allowed() {
  ble::lock_dp::Options options;
  options.allow_weak_password = true;
  return options;
}

int create(test::Link& link, const char* pin) {
  return status_of(
      link.write(Message::CreateTemporaryPassword, {{"validity", permanent()}, {"password", pin}}, weak_allowed()),
      Message::CreateTemporaryPassword);
}

// DP 53 as Tuya's panel writes it (§6b.1): hard_id | 01 | time[17] | count 00 | pwd_len 00, here
// with a daily 09:00-17:00 block through November 2023.
ble::Dp validity_only_modify(uint8_t hard_id) {
  Bytes value{hard_id, 0x01};
  const Bytes block =
      hex("65419500"
          "65692200"
          "01"
          "00000000"
          "0900"
          "1100");
  value.insert(value.end(), block.begin(), block.end());
  value.push_back(0x00);  // count: unlimited
  value.push_back(0x00);  // pwd_len: no PIN
  return ble::Dp::raw(53, value);
}

}  // namespace

TEST_CASE("weak PINs: 6 consecutive ascending or descending digits, or one digit 6 times in a row") {
  CHECK(sim::is_weak_pin({1, 2, 3, 4, 5, 6}));
  CHECK(sim::is_weak_pin({9, 8, 7, 6, 5, 4}));
  CHECK(sim::is_weak_pin({0, 0, 0, 0, 0, 0}));
  CHECK(sim::is_weak_pin({9, 4, 5, 6, 7, 8, 9, 2}));        // a run inside a longer PIN
  CHECK(sim::is_weak_pin({3, 2, 1, 0, 9, 8, 7, 6, 5, 4}));  // 9 8 7 6 5 4 after the break
  CHECK_FALSE(sim::is_weak_pin({1, 2, 3, 4, 5, 5}));
  CHECK_FALSE(sim::is_weak_pin({7, 8, 9, 0, 1, 2}));  // no wrap from 9 to 0 (the panel's regex)
  CHECK_FALSE(sim::is_weak_pin({3, 2, 1, 0, 9, 8, 7, 6, 5}));
  CHECK_FALSE(sim::is_weak_pin({1, 1, 1, 1, 1, 2}));
  CHECK_FALSE(sim::is_weak_pin({1, 3, 5, 7, 9, 0}));
}

TEST_CASE("DP 51 statuses of a current lock: 0x0a weak, 0x03 already held, 0x01 bad length, 0x02 full") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20, 800, [](sim::LockSimulatorOptions& o) { o.limits.temporary_passwords = 2; });
  link.open();
  CHECK(create(link, "123456") == 0x0A);
  CHECK(create(link, "654321") == 0x0A);
  CHECK(create(link, "888888") == 0x0A);
  CHECK(create(link, "12345") == 0x01);
  CHECK(link.lock->store().temporary_passwords().empty());
  CHECK(create(link, "314159") == 0x00);
  CHECK(create(link, "314159") == 0x03);
  // A PIN an unlock method already holds is taken as well.
  link.write(Message::CreateUnlockMethod,
             {{"method", "password"}, {"memberId", 1}, {"validity", permanent()}, {"password", "271828"}});
  CHECK(create(link, "271828") == 0x03);
  CHECK(create(link, "161803") == 0x00);
  CHECK(create(link, "141421") == 0x02);
  // DP 53 applies the same checks to a new PIN.
  const uint8_t first = link.lock->store().temporary_passwords()[0].hard_id;
  CHECK(status_of(link.write(Message::ModifyTemporaryPassword,
                             {{"hardId", first}, {"validity", permanent()}, {"password", "111111"}}, weak_allowed()),
                  Message::ModifyTemporaryPassword) == 0x0A);
  CHECK(status_of(link.write(Message::ModifyTemporaryPassword,
                             {{"hardId", first}, {"validity", permanent()}, {"password", "161803"}}),
                  Message::ModifyTemporaryPassword) == 0x03);
  CHECK(link.lock->store().temporary_passwords()[0].password == Bytes{3, 1, 4, 1, 5, 9});
}

TEST_CASE("the lock SDK v3.3 checks neither weak nor duplicate PINs") {
  test::Link link(3, 20, 800, [](sim::LockSimulatorOptions& o) { o.firmware = sim::Firmware::LockSdk33; });
  link.open();
  CHECK(create(link, "123456") == 0x00);
  CHECK(create(link, "123456") == 0x00);
  CHECK(link.lock->store().temporary_passwords().size() == 2);
}

TEST_CASE("a validity-only DP 53 (pwd_len 0): a current lock keeps the PIN, the lock SDK v3.3 clears it") {
  SECTION("current") {
    test::Link link(4, 20, 800);
    link.open();
    REQUIRE(create(link, "314159") == 0x00);
    const uint8_t hard_id = link.lock->store().temporary_passwords()[0].hard_id;
    CHECK(status_of(link.write({validity_only_modify(hard_id)}), Message::ModifyTemporaryPassword) == 0x00);
    const sim::TemporaryPassword& stored = link.lock->store().temporary_passwords()[0];
    CHECK(stored.password == Bytes{3, 1, 4, 1, 5, 9});
    CHECK(stored.validity.cycle_type == 1);
    CHECK(stored.validity.start_h == 9);
    CHECK(stored.validity.end_h == 17);
    // Tuesday 2023-11-14 10:00 at UTC+8 is inside 09:00-17:00.
    CHECK(link.lock->press_keypad("314159", 1699927200).outcome.opened);
    // An unknown hard id: failed, and nothing stored.
    CHECK(status_of(link.write({validity_only_modify(0x42)}), Message::ModifyTemporaryPassword) == 0x01);
    CHECK(link.lock->store().temporary_passwords().size() == 1);
  }
  SECTION("lock SDK v3.3") {
    test::Link link(3, 20, 800, [](sim::LockSimulatorOptions& o) { o.firmware = sim::Firmware::LockSdk33; });
    link.open();
    REQUIRE(create(link, "314159") == 0x00);
    const uint8_t hard_id = link.lock->store().temporary_passwords()[0].hard_id;
    CHECK(status_of(link.write({validity_only_modify(hard_id)}), Message::ModifyTemporaryPassword) == 0x00);
    CHECK(link.lock->store().temporary_passwords()[0].password.empty());
    CHECK(link.lock->press_keypad("314159", 1699927200).outcome.reason == "unknown_password");
    // An unknown hard id: answered 0x01, yet a record is saved (app_flash.c:413-423).
    CHECK(status_of(link.write({validity_only_modify(0x42)}), Message::ModifyTemporaryPassword) == 0x01);
    CHECK(link.lock->store().find_temporary_password(0x42) != nullptr);
  }
}

TEST_CASE("DP 52 on the lock SDK v3.3 deletes any hard id; a current lock only temporary passwords") {
  const auto firmware = GENERATE(sim::Firmware::Current, sim::Firmware::LockSdk33);
  test::Link link(3, 20, 800, [&](sim::LockSimulatorOptions& o) { o.firmware = firmware; });
  link.open();
  link.write(Message::CreateUnlockMethod, {{"method", "card"}, {"memberId", 1}, {"validity", permanent()}});
  REQUIRE(link.lock->store().credentials().size() == 1);
  const uint8_t card = link.lock->store().credentials()[0].hard_id;
  const int status =
      status_of(link.write(Message::DeleteTemporaryPassword, {{"hardId", card}}), Message::DeleteTemporaryPassword);
  CHECK(status == (firmware == sim::Firmware::Current ? 0x01 : 0x00));
  CHECK(link.lock->store().credentials().size() == (firmware == sim::Firmware::Current ? 1u : 0u));
}

TEST_CASE("a protocol-4 lock reads the pair source at DATA[61]; protocol 3 reads none") {
  const auto layout = GENERATE(ble::PairLayout::Fixed44, ble::PairLayout::Source45, ble::PairLayout::Source61);
  const int protocol = GENERATE(3, 4);
  INFO("protocol " << protocol << ", layout " << static_cast<int>(layout));
  test::Link link(protocol, 20);
  ble::SessionConfig config = link.session_config(800);
  config.pair_layout = layout;
  link.app = std::make_unique<ble::Session>(std::move(config), link.app_random);
  CHECK(of_type(link.open(), "ready").size() == 1);
  const std::optional<uint8_t> source = link.lock->status().pair_source;
  if (protocol == 3) {
    CHECK_FALSE(source.has_value());
  } else if (layout == ble::PairLayout::Source61) {
    CHECK(source == std::optional<uint8_t>(3));  // APPLET
  } else {
    // 44 or 46 bytes: the lock reads past the end of the request (§6b.5).
    CHECK_FALSE(source.has_value());
    CHECK(has_event(*link.lock, "ignored", "pair_source_missing"));
  }
}

TEST_CASE("a 62-byte pair request with the source only at DATA[45] reads as source 0 on protocol 4") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 4, 20));
  test::RawApp app(4, 20);
  lock.connect();
  const auto info = app.read(test::feed(lock, app.send(ble::cmd::kDeviceInfo, hex("0014"), ble::kModeKey4)));
  REQUIRE(info.size() == 1);
  app.srand.assign(info[0].data.begin() + 6, info[0].data.begin() + 12);
  Bytes pair(test::kUuid, test::kUuid + 16);
  for (char c : std::string("abcdef")) pair.push_back(static_cast<uint8_t>(c));
  const std::string dev_id = test::kDevId;
  pair.insert(pair.end(), dev_id.begin(), dev_id.end());
  pair.resize(62, 0);
  pair[45] = 3;
  REQUIRE(app.read(test::feed(lock, app.send(ble::cmd::kPair, pair))).size() == 2);
  CHECK(lock.status().pair_source == std::optional<uint8_t>(0));
  pair[61] = 3;  // both offsets, as the app writes it for every lock (§6b.5)
  lock.connect();
  test::RawApp again(4, 20);
  const auto info2 = again.read(test::feed(lock, again.send(ble::cmd::kDeviceInfo, hex("0014"), ble::kModeKey4)));
  REQUIRE(info2.size() == 1);
  again.srand.assign(info2[0].data.begin() + 6, info2[0].data.begin() + 12);
  REQUIRE(again.read(test::feed(lock, again.send(ble::cmd::kPair, pair))).size() == 2);
  CHECK(lock.status().pair_source == std::optional<uint8_t>(3));
}

TEST_CASE("windowCheck firmware-demo: 08:30-18:15 never opens; minutes of the day open it for 586 minutes") {
  const auto check = GENERATE(sim::WindowCheck::Minutes, sim::WindowCheck::FirmwareDemo);
  test::Link link(3, 20, 0, [&](sim::LockSimulatorOptions& o) { o.window_check = check; });
  link.open();
  REQUIRE(create(link, "314159") == 0x00);  // a permanent block: cycle 0 ignores the daily times
  REQUIRE(status_of(link.write(Message::CreateTemporaryPassword, {{"validity",
                                                                   {{"effectiveTime", 1698796800},
                                                                    {"invalidTime", 1701388800},
                                                                    {"cycle", "daily"},
                                                                    {"start", "08:30"},
                                                                    {"end", "18:15"}}},
                                                                  {"password", "505152"}}),
                    Message::CreateTemporaryPassword) == 0x00);
  REQUIRE(status_of(link.write(Message::CreateTemporaryPassword, {{"validity",
                                                                   {{"effectiveTime", 1698796800},
                                                                    {"invalidTime", 1701388800},
                                                                    {"cycle", "daily"},
                                                                    {"start", "08:00"},
                                                                    {"end", "18:30"}}},
                                                                  {"password", "607182"}}),
                    Message::CreateTemporaryPassword) == 0x00);
  // Every minute of Tuesday 2023-11-14 in UTC (the time sync gave zone 0).
  const int64_t midnight = 1699920000;
  int late_window = 0;
  int early_window = 0;
  int permanent_opened = 0;
  for (int minute = 0; minute < 24 * 60; ++minute) {
    const int64_t at = midnight + minute * 60;
    if (link.lock->press_keypad("505152", at).outcome.opened) ++late_window;
    if (link.lock->press_keypad("607182", at).outcome.opened) ++early_window;
    if (link.lock->press_keypad("314159", at).outcome.opened) ++permanent_opened;
  }
  CHECK(permanent_opened == 24 * 60);
  if (check == sim::WindowCheck::FirmwareDemo) {
    CHECK(late_window == 0);
    CHECK(early_window == 11 * 31);  // hours 8..18, minutes 0..30 of each
  } else {
    CHECK(late_window == (18 * 60 + 15) - (8 * 60 + 30) + 1);  // 586
    CHECK(early_window == (18 * 60 + 30) - (8 * 60) + 1);      // 631
  }
}

TEST_CASE("the unlock record is delayed; a link lost before it is due leaves it for DP 69") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20);
  link.open();
  const ble::Dp unlock = ble::lock_dp::request_dp(
      Message::UnlockCheck,
      {{"checkCode", test::kCheckCode}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 4}});
  json events = link.pump(link.app->write_dps({unlock}).packets);
  CHECK(of_type(events, "dps").size() == 1);
  REQUIRE(link.lock->status().pending_reports == 1);
  link.lock->disconnect();
  CHECK(link.lock->status().pending_reports == 0);
  CHECK_FALSE(link.lock->store().log().back().reported);

  link.app = std::make_unique<ble::Session>(link.session_config(800), link.app_random);
  link.open();
  events = link.write({ble::Dp::raw(69, hex("ffff0001313233343536373800"))});
  const auto dps = of_type(events, "dps");
  REQUIRE(dps.size() == 1);
  CHECK(dps[0]["dps"][0]["id"] == 19);
  CHECK(dps[0]["dps"][0]["value"] == 4);
  CHECK(link.lock->store().log().back().reported);
}

TEST_CASE("DP 71 with another open method is recorded in DP 72, delayed, as the request with ids swapped") {
  test::Link link(4, 20);
  link.open();
  ble::Dp unlock = ble::Dp::raw(71, hex("ffff0001"
                                        "3132333435363738"
                                        "01"
                                        "6553f100"
                                        "02"
                                        "05"));
  json events = link.pump(link.app->write_dps({unlock}).packets);
  const auto reply = replies(events, Message::UnlockCheck);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["method"] == 2);
  events = link.settle();
  const auto dps = of_type(events, "dps");
  REQUIRE(dps.size() == 1);
  CHECK(dps[0]["dps"][0]["id"] == 72);
  const auto& value = dps[0]["dps"][0]["value"].get_binary();
  CHECK(to_hex(Bytes(value.begin(), value.end())) ==
        "0001ffff"
        "3132333435363738"
        "01"
        "6553f100"
        "02"
        "05");
}

TEST_CASE("DP 1 as the panel writes it for a card: pwd_len 0 and one more 00 (§6b.3)") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20);
  link.open();
  // type 02 | stage 00 | admin 00 | member 08 | hard_id ff | time[17] | count 00 | pwd_len 00 | 00
  const Bytes value =
      hex("0200"
          "00"
          "08"
          "ff"
          "65419500"
          "65692200"
          "00"
          "00000000"
          "0000"
          "0000"
          "00"
          "00"
          "00");
  const json events = link.write({ble::Dp::raw(1, value)});
  const auto dps = of_type(events, "dps");
  REQUIRE(dps.size() == 2);
  const auto& done = dps[1]["dps"][0]["value"].get_binary();
  REQUIRE(done.size() == 7);
  CHECK(done[0] == 0x02);  // type
  CHECK(done[1] == 0xFF);  // stage: done
  CHECK(done[3] == 0x08);  // member
  CHECK(done[6] == 0x00);  // status
  REQUIRE(link.lock->store().credentials().size() == 1);
  const sim::Credential& card = link.lock->store().credentials()[0];
  CHECK(card.hard_id == done[4]);
  CHECK(card.type == 2);
  CHECK(card.member_id == 8);
  CHECK(card.validity.total_start == 1698796800);
  CHECK(card.validity.total_end == 1701388800);
}
