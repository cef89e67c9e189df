// The dialects a lock firmware may speak, as the app's lock-DP codec makes them selectable: the
// fitting and named temporary-password layouts, ASCII password digits, and the 0x8012 date time
// request. A lock set to one dialect refuses the other. The app side is the app's codec, the lock
// side the simulator's own structs (firmware_dp.h).
#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_messages.h"
#include "lock_clock.h"
#include "lock_simulator_support.h"

using namespace doorlock;
using ble::lock_dp::Message;
using nlohmann::json;
using test::replies;

namespace {

json permanent() { return {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}}; }

ble::lock_dp::Options dialect(ble::lock_dp::DigitEncoding digits, ble::lock_dp::TemporaryPasswordLayout layout) {
  ble::lock_dp::Options options;
  options.digits = digits;
  options.layout = layout;
  return options;
}

// The same dialect as the simulated firmware is told it.
sim::fw::Dialect firmware(const ble::lock_dp::Options& options) {
  sim::fw::Dialect out;
  out.digits = options.digits == ble::lock_dp::DigitEncoding::Ascii ? sim::fw::DigitEncoding::Ascii
                                                                    : sim::fw::DigitEncoding::Value;
  out.layout = options.layout == ble::lock_dp::TemporaryPasswordLayout::Fitting ? sim::fw::TemporaryLayout::Fitting
               : options.layout == ble::lock_dp::TemporaryPasswordLayout::Named ? sim::fw::TemporaryLayout::Named
                                                                                : sim::fw::TemporaryLayout::Sdk;
  return out;
}

}  // namespace

TEST_CASE("fitting layout: a slave id before every temporary-password request and reply") {
  const auto fitting = dialect(ble::lock_dp::DigitEncoding::Value, ble::lock_dp::TemporaryPasswordLayout::Fitting);
  test::Link link(3, 20, 800, [&](sim::LockSimulatorOptions& o) {
    o.dialect = firmware(fitting);
    o.slave_id = 7;
  });
  link.open();
  json events = link.write(Message::CreateTemporaryPassword,
                           {{"slaveId", 7}, {"validity", permanent()}, {"password", "314159"}}, fitting);
  auto reply = replies(events, Message::CreateTemporaryPassword, fitting);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  CHECK(reply[0]["slaveId"] == 7);
  const auto hard_id = reply[0]["hardId"];

  events = link.write(Message::DeleteTemporaryPassword, {{"slaveId", 8}, {"hardId", hard_id}}, fitting);
  CHECK(replies(events, Message::DeleteTemporaryPassword, fitting).at(0)["status"] == "failed");
  events = link.write(Message::DeleteTemporaryPassword, {{"slaveId", 7}, {"hardId", hard_id}}, fitting);
  CHECK(replies(events, Message::DeleteTemporaryPassword, fitting).at(0)["ok"] == true);

  // The SDK layout sent to a fitting lock: its first two bytes are read as the slave id.
  events = link.write(Message::CreateTemporaryPassword, {{"validity", permanent()}, {"password", "314159"}});
  CHECK(replies(events, Message::CreateTemporaryPassword, fitting).at(0)["ok"] == false);
  CHECK(link.lock->store().temporary_passwords().empty());
}

TEST_CASE("named layout: PIN, start and end, and a name") {
  const auto named = dialect(ble::lock_dp::DigitEncoding::Value, ble::lock_dp::TemporaryPasswordLayout::Named);
  test::Link link(4, 20, 800, [&](sim::LockSimulatorOptions& o) { o.dialect = firmware(named); });
  link.open();
  const json events = link.write(Message::CreateTemporaryPassword,
                                 {{"password", "271828"},
                                  {"validity", {{"effectiveTime", 1699833600}, {"invalidTime", 1699920000}}},
                                  {"name", "guest"}},
                                 named);
  const auto reply = replies(events, Message::CreateTemporaryPassword, named);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0]["ok"] == true);
  REQUIRE(link.lock->store().temporary_passwords().size() == 1);
  const auto& stored = link.lock->store().temporary_passwords()[0];
  CHECK(stored.validity.cycle_type == 0);
  CHECK(stored.validity.total_start == 1699833600);
  CHECK(stored.validity.total_end == 1699920000);
  CHECK(link.lock->press_keypad("271828", 1699876800).outcome.opened);
  CHECK(link.lock->press_keypad("271828", 1699920001).outcome.reason == "expired");
}

TEST_CASE("ASCII digits: the lock reads '0'-'9' and refuses digit values") {
  const auto ascii = dialect(ble::lock_dp::DigitEncoding::Ascii, ble::lock_dp::TemporaryPasswordLayout::Sdk);
  test::Link link(3, 20, 800, [&](sim::LockSimulatorOptions& o) { o.dialect = firmware(ascii); });
  link.open();
  json events = link.write(Message::CreateTemporaryPassword,
                           {{"validity", permanent()}, {"password", "161803"}, {"type", "multiple"}}, ascii);
  CHECK(replies(events, Message::CreateTemporaryPassword, ascii).at(0)["ok"] == true);
  CHECK(link.lock->store().temporary_passwords().at(0).password == Bytes{1, 6, 1, 8, 0, 3});
  CHECK(link.lock->press_keypad("161803", 1699876800).outcome.opened);

  events = link.write(Message::CreateTemporaryPassword, {{"validity", permanent()}, {"password", "424242"}});
  CHECK(replies(events, Message::CreateTemporaryPassword, ascii).at(0)["ok"] == false);
  CHECK(link.lock->store().temporary_passwords().size() == 1);
}

TEST_CASE("a lock that asks for the local date (0x8012) sets its clock from it") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20, -350, [](sim::LockSimulatorOptions& o) { o.time_request = 0x8012; });
  link.clock.now = 1500000000;
  link.app_time_ms = 1709181015900;  // 2024-02-29T12:30:15.9+08:00, sent at UTC-3:30
  const json events = link.open();
  CHECK(test::of_type(events, "time").size() == 1);
  CHECK(link.lock->status().time_synced);
  CHECK(link.lock->status().time_zone == -350);
  CHECK(link.lock->status().rtc == 1709181015);  // the date carries whole seconds
}

TEST_CASE("local calendar dates back to Unix time") {
  CHECK(sim::unix_from_local_date({2000, 1, 1, 0, 0, 0, 6}, 0) == 946684800);
  CHECK(sim::unix_from_local_date({2024, 2, 29, 12, 30, 15, 4}, 800) == 1709181015);
  CHECK(sim::unix_from_local_date({2100, 3, 1, 0, 0, 0, 1}, -350) == 4107555000);
  CHECK(sim::unix_from_local_date({1969, 12, 31, 23, 59, 59, 3}, 0) == -1);
  for (int64_t t = 946684800; t < 4102444800; t += 86400 * 37 + 3671) {
    for (int zone : {-1200, -350, 0, 550, 800, 1400}) {
      CHECK(sim::unix_from_local_date(ble::local_date(t, static_cast<int16_t>(zone)), zone) == t);
    }
  }
}

TEST_CASE("the lock pairs with every pair-request layout and padding the session offers") {
  const auto layout = GENERATE(ble::PairLayout::Fixed44, ble::PairLayout::Source45, ble::PairLayout::Source61);
  const auto padding = GENERATE(ble::Padding::Tuya, ble::Padding::Zero);
  test::Link link(GENERATE(3, 4), 20);
  ble::SessionConfig config = link.session_config(800);
  config.pair_layout = layout;
  config.padding = padding;
  link.app = std::make_unique<ble::Session>(std::move(config), link.app_random);
  const json events = link.open();
  CHECK(test::of_type(events, "ready").size() == 1);
  CHECK(test::of_type(events, "error").empty());
  CHECK(link.lock->status().time_synced);
}

TEST_CASE("a cloud-built unlock frame relayed by the session opens the lock") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20);
  link.open();
  // What the cloud builds for bluetooth_sn = the session's next SN: a DP 71 write under the
  // session key (the cloud knows srand from the app's request).
  const uint16_t command = protocol >= 4 ? ble::cmd::kDpWriteV4 : ble::cmd::kDpWrite;
  ble::DpWrite write;
  write.dp_sn = 9;
  write.dps.push_back(ble::lock_dp::request_dp(
      Message::UnlockCheck,
      {{"checkCode", test::kCheckCode}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 3}}));
  ble::Frame frame;
  frame.sn = link.app->next_sn();
  frame.cmd = command;
  frame.data = ble::encode_dp_write(command, write);
  const Bytes srand = *link.lock->status().srand;
  const SecretBytes key = ble::derive_session_key(test::secret(test::kLocalKey), srand.data(), srand.size());
  test::ScriptedRandom cloud_random;
  const Bytes air = ble::encode_air_frame(frame, ble::kModeSession, key, cloud_random);

  const json events = link.pump(link.app->relay_air_frame(air, std::nullopt).packets);
  CHECK(test::of_type(events, "ack").size() == 1);
  CHECK(replies(events, Message::UnlockCheck).at(0)["ok"] == true);
  CHECK(link.lock->status().unlocked);
  CHECK(link.lock->store().log().back().id == 3);
}
