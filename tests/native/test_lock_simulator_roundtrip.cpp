// App <-> simulated lock round trips for DP 1/2/3/51/52/53/70/71 at MTU 20 on protocols 3 and 4.
// The app side is the project's own: ble::Session and the lock-DP builders of src/doorlock/ble.
// The lock side reads every request with its own firmware structs (tools/lock-simulator/src/
// firmware_dp.h), so each field the app puts at the wrong offset shows up below as a stored value
// that differs from the one asked for. Expected values are the request's own, written out.
#include "lock_simulator_support.h"

using namespace doorlock;
using ble::lock_dp::Message;
using nlohmann::json;
using test::of_type;
using test::replies;

namespace {

// 2023-11-01T00:00Z .. 2023-12-01T00:00Z
constexpr uint32_t kFrom = 1698796800;
constexpr uint32_t kUntil = 1701388800;

json weekly(const char* start, const char* end) {
  return {{"effectiveTime", kFrom}, {"invalidTime", kUntil},
          {"cycle", "weekly"},      {"days", json{"mon", "wed", "sat"}},
          {"start", start},         {"end", end}};
}

json daily(const char* start, const char* end) {
  return {{"effectiveTime", kFrom}, {"invalidTime", kUntil}, {"cycle", "daily"}, {"start", start}, {"end", end}};
}

// The block the lock stored, field by field.
void check_block(const sim::fw::ValidityBlock& block, uint32_t start, uint32_t end, uint8_t cycle, uint32_t flag,
                 uint8_t sh, uint8_t sm, uint8_t eh, uint8_t em) {
  CHECK(block.total_start == start);
  CHECK(block.total_end == end);
  CHECK(int{block.cycle_type} == cycle);
  CHECK(block.cycle_flag == flag);
  CHECK(int{block.start_h} == sh);
  CHECK(int{block.start_m} == sm);
  CHECK(int{block.end_h} == eh);
  CHECK(int{block.end_m} == em);
}

constexpr uint32_t kMonWedSat = 0x02 | 0x08 | 0x40;  // bit0 = Sunday

int protocol_under_test() { return GENERATE(3, 4); }

}  // namespace

TEST_CASE("round trip DP 1/2/3: unlock methods, field by field") {
  const int protocol = protocol_under_test();
  INFO("protocol " << protocol << ", MTU 20");
  test::Link link(protocol, 20);
  link.open();

  // DP 1: a password for member 7, administrator, 3 uses, Mon/Wed/Sat 08:30-18:15.
  json events = link.write(Message::CreateUnlockMethod, {{"method", "password"},
                                                         {"memberId", 7},
                                                         {"admin", true},
                                                         {"validity", weekly("08:30", "18:15")},
                                                         {"validNum", 3},
                                                         {"password", "902468"}});
  auto reply = replies(events, Message::CreateUnlockMethod);
  REQUIRE(reply.size() == 2);
  REQUIRE(link.lock->store().credentials().size() == 1);
  const sim::Credential& pin = link.lock->store().credentials()[0];
  CHECK(pin.type == 1);
  CHECK(pin.member_id == 7);
  CHECK(pin.admin);
  CHECK(pin.valid_num == 3);
  CHECK(pin.password == Bytes{9, 0, 2, 4, 6, 8});
  check_block(pin.validity, kFrom, kUntil, 2, kMonWedSat, 8, 30, 18, 15);
  CHECK(reply[1]["status"] == "complete");
  CHECK(reply[1]["method"] == 1);
  CHECK(reply[1]["admin"] == true);
  CHECK(reply[1]["memberId"] == 7);
  CHECK(reply[1]["hardId"] == pin.hard_id);
  const uint8_t pin_id = pin.hard_id;

  // DP 1 for the methods without a password, each one stored with its type (§6b.3: 02-06).
  std::vector<uint8_t> ids;
  for (const char* method : {"card", "fingerprint", "face", "palm", "vein"}) {
    events = link.write(Message::CreateUnlockMethod,
                        {{"method", method}, {"memberId", 8}, {"validity", daily("07:05", "21:40")}});
    reply = replies(events, Message::CreateUnlockMethod);
    REQUIRE(reply.size() == 2);
    CHECK(reply[1]["status"] == "complete");
    ids.push_back(reply[1]["hardId"].get<uint8_t>());
    const sim::Credential* stored = link.lock->store().find_credential(ids.back());
    REQUIRE(stored != nullptr);
    CHECK(stored->member_id == 8);
    CHECK_FALSE(stored->admin);
    CHECK(stored->password.empty());
    check_block(stored->validity, kFrom, kUntil, 1, 0, 7, 5, 21, 40);
  }
  CHECK(link.lock->store().find_credential(ids[0])->type == 2);
  CHECK(link.lock->store().find_credential(ids[4])->type == 6);

  // DP 3: the password gets a daily 06:10-22:50 window and a new PIN.
  events = link.write(Message::ModifyUnlockMethod, {{"method", "password"},
                                                    {"memberId", 7},
                                                    {"admin", true},
                                                    {"hardId", pin_id},
                                                    {"validity", daily("06:10", "22:50")},
                                                    {"password", "314159"}});
  reply = replies(events, Message::ModifyUnlockMethod);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["hardId"] == pin_id);
  CHECK(reply[0]["memberId"] == 7);
  const sim::Credential* modified = link.lock->store().find_credential(pin_id);
  REQUIRE(modified != nullptr);
  CHECK(modified->password == Bytes{3, 1, 4, 1, 5, 9});
  check_block(modified->validity, kFrom, kUntil, 1, 0, 6, 10, 22, 50);

  // DP 2: one method by hard id, then the whole member 8 (§6b.3: 00 00 admin member ff 00).
  events = link.write(Message::DeleteUnlockMethod, {{"method", "password"}, {"memberId", 7}, {"hardId", pin_id}});
  reply = replies(events, Message::DeleteUnlockMethod);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["hardId"] == pin_id);
  CHECK(link.lock->store().find_credential(pin_id) == nullptr);
  CHECK(link.lock->store().credentials().size() == 5);
  events = link.write(Message::DeleteUnlockMethod,
                      {{"method", "member"}, {"memberId", 8}, {"hardId", 0xFF}, {"deleteStyle", 0}});
  CHECK(replies(events, Message::DeleteUnlockMethod).at(0)["ok"] == true);
  CHECK(link.lock->store().credentials().empty());
}

TEST_CASE("round trip DP 51/52/53: temporary passwords, field by field") {
  const int protocol = protocol_under_test();
  INFO("protocol " << protocol << ", MTU 20");
  test::Link link(protocol, 20);
  link.open();

  json events = link.write(Message::CreateTemporaryPassword,
                           {{"validity", weekly("08:30", "18:15")}, {"validNum", 4}, {"password", "5071938"}});
  auto reply = replies(events, Message::CreateTemporaryPassword);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  REQUIRE(link.lock->store().temporary_passwords().size() == 1);
  const sim::TemporaryPassword& stored = link.lock->store().temporary_passwords()[0];
  CHECK(reply[0]["hardId"] == stored.hard_id);
  CHECK(stored.valid_num == 4);
  CHECK(stored.password == Bytes{5, 0, 7, 1, 9, 3, 8});
  check_block(stored.validity, kFrom, kUntil, 2, kMonWedSat, 8, 30, 18, 15);
  const uint8_t hard_id = stored.hard_id;

  // DP 53 with a PIN: everything replaced.
  events =
      link.write(Message::ModifyTemporaryPassword,
                 {{"hardId", hard_id}, {"validity", daily("09:45", "17:20")}, {"validNum", 2}, {"password", "864209"}});
  reply = replies(events, Message::ModifyTemporaryPassword);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["hardId"] == hard_id);
  const sim::TemporaryPassword* modified = link.lock->store().find_temporary_password(hard_id);
  REQUIRE(modified != nullptr);
  CHECK(modified->valid_num == 2);
  CHECK(modified->password == Bytes{8, 6, 4, 2, 0, 9});
  check_block(modified->validity, kFrom, kUntil, 1, 0, 9, 45, 17, 20);

  // DP 52
  events = link.write(Message::DeleteTemporaryPassword, {{"hardId", hard_id}});
  reply = replies(events, Message::DeleteTemporaryPassword);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["hardId"] == hard_id);
  CHECK(link.lock->store().temporary_passwords().empty());
}

TEST_CASE("round trip DP 51/53 as Tuya's panel writes them") {
  const int protocol = protocol_under_test();
  INFO("protocol " << protocol << ", MTU 20");
  test::Link link(protocol, 20);
  link.open();
  // §6b.1: type 01 unless the caller says otherwise; a non-repeating validity is 00:00-00:00.
  json events =
      link.write(Message::CreateTemporaryPassword,
                 {{"validity", {{"effectiveTime", kFrom}, {"invalidTime", kUntil}}}, {"password", "5071938"}});
  REQUIRE(replies(events, Message::CreateTemporaryPassword).at(0)["ok"] == true);
  const sim::TemporaryPassword& stored = link.lock->store().temporary_passwords().at(0);
  CHECK(stored.type == 0x01);
  check_block(stored.validity, kFrom, kUntil, 0, 0, 0, 0, 0, 0);
  // §6b.1: DP 53 modifies the validity only, with pwd_len 0; the PIN stays.
  std::optional<json> modify;
  try {
    modify = link.write(Message::ModifyTemporaryPassword,
                        {{"hardId", stored.hard_id}, {"validity", daily("09:45", "17:20")}});
  } catch (const Error& error) {
    FAIL_CHECK("the app cannot build a DP 53 without a PIN: " << error.message());
  }
  REQUIRE(modify.has_value());
  CHECK(replies(*modify, Message::ModifyTemporaryPassword).at(0)["ok"] == true);
  const sim::TemporaryPassword& after = link.lock->store().temporary_passwords().at(0);
  CHECK(after.password == Bytes{5, 0, 7, 1, 9, 3, 8});
  check_block(after.validity, kFrom, kUntil, 1, 0, 9, 45, 17, 20);
}

TEST_CASE("round trip DP 70/71: check code set, unlock, record 200 ms later") {
  const int protocol = protocol_under_test();
  INFO("protocol " << protocol << ", MTU 20");
  test::Link link(protocol, 20, 800, [](sim::LockSimulatorOptions& o) { o.slave_id = 0x0203; });
  link.open();

  // DP 70: the provisioned host (0xFFFF, 12345678) adds host 0x1234 with code 24681357.
  json events = link.write(Message::SetCheckCode, {{"slaveId", 0x0203},
                                                   {"checkCode", test::kCheckCode},
                                                   {"operation", "add"},
                                                   {"newMasterId", 0x1234},
                                                   {"newCheckCode", "24681357"}});
  auto reply = replies(events, Message::SetCheckCode);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["slaveId"] == 0x0203);
  CHECK(reply[0]["masterId"] == 0xFFFF);
  CHECK(reply[0]["checkCode"] == test::kCheckCode);
  CHECK(reply[0]["operation"] == 0);
  CHECK(reply[0]["newMasterId"] == 0x1234);
  const sim::Host* host = link.lock->store().find_host(0x1234);
  REQUIRE(host != nullptr);
  CHECK(host->check_code == test::check_code("24681357"));

  // DP 71 from that host, member 9, at a timestamp of its own: the reply at once, ids swapped.
  const json unlock = {{"masterId", 0x1234}, {"slaveId", 0x0203},       {"checkCode", "24681357"},
                       {"open", true},       {"timestamp", 1700001234}, {"memberId", 9}};
  link.clock.now = 1700000100;
  events = link.pump(link.app->write_dps({ble::lock_dp::request_dp(Message::UnlockCheck, unlock)}).packets);
  reply = replies(events, Message::UnlockCheck);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["slaveId"] == 0x0203);
  CHECK(reply[0]["masterId"] == 0x1234);
  CHECK(reply[0]["checkCode"] == "24681357");
  CHECK(reply[0]["open"] == true);
  CHECK(reply[0]["timestamp"] == 1700001234);
  CHECK(reply[0]["method"] == 0);
  CHECK(of_type(events, "dps").size() == 1);  // no record yet
  CHECK(link.lock->status().unlocked);
  CHECK(link.lock->next_due() == std::optional<int64_t>(1700000100LL * 1000 + 200));

  // 200 ms later: DP 19 = member 9, with the time of the opening (0x8003 / 0x8007).
  const json later = link.settle();
  const auto records = of_type(later, "dps");
  REQUIRE(records.size() == 1);
  CHECK(records[0]["dps"][0]["id"] == 19);
  CHECK(records[0]["dps"][0]["value"] == 9);
  CHECK(records[0]["time"] == 1700000100);
  CHECK(link.lock->store().log().back().reported);
}
