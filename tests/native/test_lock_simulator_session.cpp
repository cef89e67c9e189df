// App session <-> simulated lock, for every session step and every lock DP, at MTU 20 and 244 on
// protocols 3 and 4.
#include "lock_simulator_support.h"

using namespace doorlock;
using ble::lock_dp::Message;
using nlohmann::json;
using test::of_type;
using test::replies;

namespace {

struct Setup {
  int protocol;
  size_t mtu;
};

Setup setup() {
  const auto pick = GENERATE(Setup{3, 20}, Setup{3, 244}, Setup{4, 20}, Setup{4, 244});
  return pick;
}

// A weekly window, Monday and Wednesday 08:00-18:00, through November 2023 (UTC bounds).
json weekly_validity() {
  return {{"effectiveTime", 1698796800}, {"invalidTime", 1701388800}, {"cycle", "weekly"},
          {"days", json{"mon", "wed"}},  {"start", "08:00"},          {"end", "18:00"}};
}

json permanent_validity() { return {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}}; }

bool acked(const json& events) {
  const auto acks = of_type(events, "ack");
  return acks.size() == 1 && acks[0]["ok"] == true;
}

}  // namespace

TEST_CASE("session steps: device info, pairing, time sync, unbind") {
  const Setup s = setup();
  INFO("protocol " << s.protocol << ", MTU " << s.mtu);
  test::Link link(s.protocol, s.mtu, 800);
  link.clock.now = 1600000000;       // the lock's own clock is wrong
  link.app_time_ms = 1700000000600;  // the phone knows better
  const json events = link.open();

  const auto info = of_type(events, "deviceInfo");
  REQUIRE(info.size() == 1);
  CHECK(info[0]["bound"] == true);
  CHECK(info[0]["virtualId"] == test::kDevId);
  CHECK(info[0]["protocol"].get<std::string>().substr(0, 1) == std::to_string(s.protocol));
  CHECK(of_type(events, "ready").size() == 1);
  CHECK(of_type(events, "time").size() == 1);
  CHECK(of_type(events, "error").empty());
  CHECK(link.app->state() == ble::SessionState::Ready);

  const sim::LockStatus status = link.lock->status();
  CHECK(status.paired);
  CHECK(status.time_synced);
  CHECK(status.rtc == 1700000001);  // 600 ms rounds up
  CHECK(status.time_zone == 800);
  CHECK(status.send_mtu == (s.protocol >= 4 ? s.mtu : 20));
  // device info (1 frame), pair answer and time request: the lock counted three frames out.
  CHECK(status.next_send_sn == 4);
  CHECK(status.last_received_sn == 3);  // device info, pair, time answer

  link.lock->clear_events();
  link.pump(link.app->unbind());
  CHECK(test::has_event(*link.lock, "unbound", "unbind"));
  CHECK(test::has_event(*link.lock, "disconnected", "unbound"));
  CHECK_FALSE(link.lock->status().bound);
  CHECK_FALSE(link.lock->status().connected);
}

TEST_CASE("a fresh srand on every device-info request, SNs restart on every connection") {
  const Setup s = setup();
  test::Link link(s.protocol, s.mtu);
  link.open();
  const Bytes first = *link.lock->status().srand;
  link.lock->disconnect();
  CHECK_FALSE(link.lock->status().srand.has_value());

  link.app = std::make_unique<ble::Session>(link.session_config(800), link.app_random);
  const json events = link.open();
  CHECK(of_type(events, "ready").size() == 1);
  CHECK(*link.lock->status().srand != first);
  CHECK(link.lock->status().last_received_sn == 3);  // counting from 1 again
}

TEST_CASE("DP 70/71: set the check code, unlock and lock with it") {
  const Setup s = setup();
  INFO("protocol " << s.protocol << ", MTU " << s.mtu);
  // A lock fresh from pairing: no host yet, the first code is set over an all-zero one.
  test::Link link(s.protocol, s.mtu, 800, [](sim::LockSimulatorOptions& o) { o.check_code.reset(); });
  link.open();

  json events = link.write(Message::UnlockCheck,
                           {{"checkCode", "87654321"}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}});
  CHECK(acked(events));
  auto reply = replies(events, Message::UnlockCheck);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["status"] == "unknown_master_id");
  CHECK_FALSE(link.lock->status().unlocked);

  events = link.write(Message::SetCheckCode, {{"operation", "add"}, {"newCheckCode", "87654321"}});
  CHECK(acked(events));
  reply = replies(events, Message::SetCheckCode);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["slaveId"] == 1);
  CHECK(reply[0]["masterId"] == 0xFFFF);

  events = link.write(Message::UnlockCheck,
                      {{"checkCode", "87654321"}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}});
  reply = replies(events, Message::UnlockCheck);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["slaveId"] == 1);  // the lock names itself first
  CHECK(reply[0]["masterId"] == 0xFFFF);
  CHECK(reply[0]["checkCode"] == "87654321");
  CHECK(link.lock->status().unlocked);
  // The unlock record: DP 19 = member 1, stamped with the lock's time.
  const auto records = of_type(events, "dps");
  REQUIRE(records.size() == 2);
  CHECK(records[1]["dps"][0]["id"] == 19);
  CHECK(records[1]["dps"][0]["value"] == 1);
  CHECK(records[1]["time"] == link.lock->status().rtc);
  CHECK(link.lock->store().log().back().reported);

  // A new code replaces the old one; the old one stops working.
  events = link.write(Message::SetCheckCode,
                      {{"checkCode", "87654321"}, {"operation", "add"}, {"newCheckCode", "24681357"}});
  CHECK(replies(events, Message::SetCheckCode).at(0)["ok"] == true);
  events = link.write(Message::UnlockCheck,
                      {{"checkCode", "87654321"}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}});
  CHECK(replies(events, Message::UnlockCheck).at(0)["status"] == "check_code_mismatch");
  events = link.write(Message::UnlockCheck,
                      {{"checkCode", "24681357"}, {"open", false}, {"timestamp", 1700000000}, {"memberId", 1}});
  CHECK(replies(events, Message::UnlockCheck).at(0)["ok"] == true);
  CHECK(of_type(events, "dps").size() == 1);  // locking leaves no record
  CHECK_FALSE(link.lock->status().unlocked);
}

TEST_CASE("DP 71 refusals: slave id, check code, operation") {
  const Setup s = setup();
  test::Link link(s.protocol, s.mtu);
  link.open();
  const json base = {{"checkCode", test::kCheckCode}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}};
  json request = base;
  request["slaveId"] = 2;
  CHECK(replies(link.write(Message::UnlockCheck, request), Message::UnlockCheck).at(0)["status"] ==
        "slave_id_mismatch");
  request = base;
  request["masterId"] = 7;
  CHECK(replies(link.write(Message::UnlockCheck, request), Message::UnlockCheck).at(0)["status"] ==
        "unknown_master_id");
  request = base;
  request["checkCode"] = "11111111";
  CHECK(replies(link.write(Message::UnlockCheck, request), Message::UnlockCheck).at(0)["status"] ==
        "check_code_mismatch");
  // Operation 2 cannot be built by the app's codec: patch the byte after encoding.
  ble::Dp dp = ble::lock_dp::request_dp(Message::UnlockCheck, base);
  dp.value[12] = 2;
  CHECK(replies(link.write({dp}), Message::UnlockCheck).at(0)["status"] == "bad_operation");
  CHECK_FALSE(link.lock->status().unlocked);
}

TEST_CASE("DP 51/52/53: create, modify and delete temporary passwords") {
  const Setup s = setup();
  INFO("protocol " << s.protocol << ", MTU " << s.mtu);
  test::Link link(s.protocol, s.mtu);
  link.open();

  json events = link.write(Message::CreateTemporaryPassword,
                           {{"type", "multiple"}, {"validity", weekly_validity()}, {"password", "135790"}});
  CHECK(acked(events));
  auto reply = replies(events, Message::CreateTemporaryPassword);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  const uint8_t hard_id = reply[0]["hardId"].get<uint8_t>();
  REQUIRE(link.lock->store().temporary_passwords().size() == 1);
  const sim::TemporaryPassword& stored = link.lock->store().temporary_passwords()[0];
  CHECK(stored.hard_id == hard_id);
  CHECK(stored.password == Bytes{1, 3, 5, 7, 9, 0});
  CHECK(stored.validity.cycle_type == 2);
  CHECK(stored.validity.cycle_flag == 0x0A);  // Monday and Wednesday, bit0 = Sunday
  CHECK(stored.validity.start_h == 8);
  CHECK(stored.validity.start_m == 0);
  CHECK(stored.validity.end_h == 18);
  CHECK(stored.validity.end_m == 0);

  // The same digits again: the lock answers 0x03, "the password already exists" (§6b.1).
  events = link.write(Message::CreateTemporaryPassword, {{"validity", permanent_validity()}, {"password", "135790"}});
  CHECK(replies(events, Message::CreateTemporaryPassword).at(0)["result"] == 0x03);

  events =
      link.write(Message::ModifyTemporaryPassword,
                 {{"hardId", hard_id}, {"type", "once"}, {"validity", permanent_validity()}, {"password", "246802"}});
  reply = replies(events, Message::ModifyTemporaryPassword);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["hardId"] == hard_id);
  CHECK(link.lock->store().temporary_passwords()[0].password == Bytes{2, 4, 6, 8, 0, 2});
  CHECK(link.lock->store().temporary_passwords()[0].type == 1);

  events = link.write(Message::DeleteTemporaryPassword, {{"hardId", hard_id}});
  CHECK(replies(events, Message::DeleteTemporaryPassword).at(0)["ok"] == true);
  CHECK(link.lock->store().temporary_passwords().empty());
  events = link.write(Message::DeleteTemporaryPassword, {{"hardId", hard_id}});
  CHECK(replies(events, Message::DeleteTemporaryPassword).at(0)["status"] == "failed");
  events = link.write(Message::ModifyTemporaryPassword,
                      {{"hardId", hard_id}, {"validity", permanent_validity()}, {"password", "246802"}});
  CHECK(replies(events, Message::ModifyTemporaryPassword).at(0)["status"] == "failed");
}

TEST_CASE("DP 51 refuses short PINs and runs out of slots") {
  const Setup s = setup();
  test::Link link(s.protocol, s.mtu, 800, [](sim::LockSimulatorOptions& o) { o.limits.temporary_passwords = 2; });
  link.open();
  json events =
      link.write(Message::CreateTemporaryPassword, {{"validity", permanent_validity()}, {"password", "12345"}});
  CHECK(replies(events, Message::CreateTemporaryPassword).at(0)["status"] == "failed");
  for (const char* pin : {"161616", "272727"}) {
    events = link.write(Message::CreateTemporaryPassword, {{"validity", permanent_validity()}, {"password", pin}});
    CHECK(replies(events, Message::CreateTemporaryPassword).at(0)["ok"] == true);
  }
  events = link.write(Message::CreateTemporaryPassword, {{"validity", permanent_validity()}, {"password", "383838"}});
  const auto reply = replies(events, Message::CreateTemporaryPassword);
  CHECK(reply.at(0)["status"] == "no_free_hard_id");
  CHECK(reply.at(0)["hardId"] == 0xFF);
}

TEST_CASE("DP 1/2/3: enrol, modify and delete unlock methods") {
  const Setup s = setup();
  INFO("protocol " << s.protocol << ", MTU " << s.mtu);
  test::Link link(s.protocol, s.mtu);
  link.open();

  json events =
      link.write(Message::CreateUnlockMethod,
                 {{"method", "password"}, {"memberId", 3}, {"validity", permanent_validity()}, {"password", "987654"}});
  CHECK(acked(events));
  auto reply = replies(events, Message::CreateUnlockMethod);
  REQUIRE(reply.size() == 2);  // "started" at once, then the outcome
  CHECK(reply[0]["stage"] == 0x00);
  CHECK(reply[1]["status"] == "complete");
  CHECK(reply[1]["memberId"] == 3);
  const uint8_t password_id = reply[1]["hardId"].get<uint8_t>();
  CHECK(password_id != 0xFF);

  events = link.write(Message::CreateUnlockMethod,
                      {{"method", "fingerprint"}, {"memberId", 3}, {"validity", permanent_validity()}});
  reply = replies(events, Message::CreateUnlockMethod);
  REQUIRE(reply.size() == 2);
  CHECK(reply[0]["regNum"] == 4);
  CHECK(reply[1]["status"] == "complete");
  const uint8_t finger_id = reply[1]["hardId"].get<uint8_t>();
  CHECK(finger_id != password_id);

  // The same PIN for another member is a duplicate; a 5-digit PIN is too short.
  events =
      link.write(Message::CreateUnlockMethod,
                 {{"method", "password"}, {"memberId", 4}, {"validity", permanent_validity()}, {"password", "987654"}});
  CHECK(replies(events, Message::CreateUnlockMethod).at(1)["reason"] == "duplicate");
  events =
      link.write(Message::CreateUnlockMethod,
                 {{"method", "password"}, {"memberId", 4}, {"validity", permanent_validity()}, {"password", "98765"}});
  CHECK(replies(events, Message::CreateUnlockMethod).at(1)["reason"] == "invalid_password_length");
  events =
      link.write(Message::CreateUnlockMethod, {{"method", 9}, {"memberId", 4}, {"validity", permanent_validity()}});
  CHECK(replies(events, Message::CreateUnlockMethod).at(1)["reason"] == "invalid_method");

  events = link.write(Message::ModifyUnlockMethod, {{"method", "password"},
                                                    {"memberId", 3},
                                                    {"hardId", password_id},
                                                    {"validity", weekly_validity()},
                                                    {"password", "112233"}});
  reply = replies(events, Message::ModifyUnlockMethod);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(link.lock->store().credentials()[0].password == Bytes{1, 1, 2, 2, 3, 3});
  CHECK(link.lock->store().credentials()[0].validity.cycle_type == 2);

  // Deleting asks for the right type: a fingerprint id is not a password.
  events = link.write(Message::DeleteUnlockMethod, {{"method", "password"}, {"memberId", 3}, {"hardId", finger_id}});
  CHECK(replies(events, Message::DeleteUnlockMethod).at(0)["ok"] == false);
  events = link.write(Message::DeleteUnlockMethod, {{"method", "password"}, {"memberId", 3}, {"hardId", password_id}});
  CHECK(replies(events, Message::DeleteUnlockMethod).at(0)["ok"] == true);
  events = link.write(Message::DeleteUnlockMethod, {{"method", "member"}, {"memberId", 3}, {"hardId", 0xFF}});
  CHECK(replies(events, Message::DeleteUnlockMethod).at(0)["ok"] == true);
  CHECK(link.lock->store().credentials().empty());
}

TEST_CASE("DP 54: the lock streams its unlock methods") {
  const Setup s = setup();
  test::Link link(s.protocol, s.mtu, 800, [](sim::LockSimulatorOptions& o) { o.limits.credentials = 30; });
  link.open();
  for (int member = 1; member <= 22; ++member) {
    link.write(Message::CreateUnlockMethod,
               {{"method", "card"}, {"memberId", member}, {"validity", permanent_validity()}});
  }
  link.write(Message::CreateUnlockMethod, {{"method", "face"}, {"memberId", 1}, {"validity", permanent_validity()}});

  json events = link.write(Message::SyncMethods, {{"types", json{"card", "face"}}});
  CHECK(acked(events));
  auto packages = replies(events, Message::SyncMethods);
  REQUIRE(packages.size() == 4);  // 20 cards, 2 cards, 1 face, done
  CHECK(packages[0]["methods"].size() == 20);
  CHECK(packages[1]["methods"].size() == 2);
  CHECK(packages[2]["methods"].size() == 1);
  CHECK(packages[2]["methods"][0]["type"] == 4);
  CHECK(packages[3]["stage"] == "done");
  CHECK(packages[3]["packages"] == 3);
  CHECK(packages[0]["methods"][0]["memberId"] == 1);
  CHECK(packages[0]["methods"][0]["frozen"] == false);

  // A type the lock does not know: an immediate "done" with no package.
  ble::Dp odd{ble::lock_dp::kDpSyncMethods, ble::DpType::Raw, Bytes{0x07}};
  packages = replies(link.write({odd}), Message::SyncMethods);
  REQUIRE(packages.size() == 1);
  CHECK(packages[0]["packages"] == 0);
}

TEST_CASE("DP 60/61: password-free remote unlock") {
  const Setup s = setup();
  INFO("protocol " << s.protocol << ", MTU " << s.mtu);
  test::Link link(s.protocol, s.mtu);
  link.open();
  const int64_t now = link.lock->status().rtc;
  const json unlock = {{"memberId", 5}, {"password", "remote88"}, {"type", "phone"}};

  json events = link.write(Message::RemoteUnlock, unlock);
  CHECK(replies(events, Message::RemoteUnlock).at(0)["status"] == "not_configured");

  events = link.write(Message::RemoteUnlockConfig, {{"memberId", 5},
                                                    {"effectiveTime", now - 60},
                                                    {"invalidTime", now + 3600},
                                                    {"validNum", 1},
                                                    {"password", "remote88"}});
  CHECK(acked(events));
  auto reply = replies(events, Message::RemoteUnlockConfig);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["memberId"] == 5);

  json wrong = unlock;
  wrong["password"] = "remote99";
  CHECK(replies(link.write(Message::RemoteUnlock, wrong), Message::RemoteUnlock).at(0)["status"] == "wrong_password");

  events = link.write(Message::RemoteUnlock, unlock);
  reply = replies(events, Message::RemoteUnlock);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  const auto dps = of_type(events, "dps");
  REQUIRE(dps.size() == 2);
  CHECK(dps[1]["dps"][0]["id"] == 62);  // unlock_phone_remote
  CHECK(dps[1]["dps"][0]["value"] == 5);
  CHECK(link.lock->status().unlocked);

  CHECK(replies(link.write(Message::RemoteUnlock, unlock), Message::RemoteUnlock).at(0)["status"] == "no_uses_left");

  link.write(Message::RemoteUnlockConfig, {{"memberId", 5},
                                           {"effectiveTime", now + 3600},
                                           {"invalidTime", now + 7200},
                                           {"validNum", 3},
                                           {"password", "remote88"}});
  CHECK(replies(link.write(Message::RemoteUnlock, unlock), Message::RemoteUnlock).at(0)["status"] == "outside_window");
}

TEST_CASE("DP 64: T0 for offline passwords") {
  const Setup s = setup();
  test::Link link(s.protocol, s.mtu);
  link.open();
  const json events = link.write(Message::SetT0, {{"activeTime", 1700000123}});
  CHECK(acked(events));
  CHECK(of_type(events, "dps").empty());  // the lock takes T0 without a reply DP
  CHECK(link.lock->status().t0 == 1700000123);
}

TEST_CASE("several DPs in one write are refused by the app session") {
  // A lock acknowledges a write of several DPs and drops it (ble-protocol.md §6.1): the session
  // refuses to send one.
  const Setup s = setup();
  test::Link link(s.protocol, s.mtu);
  link.open();
  test::require_error(
      [&] {
        link.write(
            {ble::lock_dp::request_dp(Message::SetT0, {{"activeTime", 1700000000}}),
             ble::lock_dp::request_dp(
                 Message::UnlockCheck,
                 {{"checkCode", test::kCheckCode}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 2}})});
      },
      ErrorCode::InvalidArgument, "dps");
}
