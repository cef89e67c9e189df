// describe_frame (dl.ble.describeFrame) on DATA written byte by byte from ble-protocol.md §2,
// §2.1, §2.2 and vectors.md §2, §6, §8, not produced by the core's encoders.
#include "doorlock/ble/frame_description.h"

#include <string>

#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using nlohmann::json;
using test::hex;

namespace {

json describe(uint16_t command, const std::string& data_hex, Sender from, int protocol = 3) {
  const Bytes data = hex(data_hex);
  json out = json::object();
  describe_frame(out, command, data.data(), data.size(), from, protocol);
  return out;
}

std::string text_hex(const std::string& text) {
  return to_hex(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::string binary_hex(const json& value) {
  REQUIRE(value.is_binary());
  return to_hex(Bytes(value.get_binary().begin(), value.get_binary().end()));
}

void require_bad_frame(uint16_t command, const std::string& data_hex, Sender from, int protocol = 3) {
  test::require_error([&] { describe(command, data_hex, from, protocol); }, ErrorCode::BadFrame, "");
}

}  // namespace

TEST_CASE("frame description: who sends what (ble-protocol.md §2: 0x0xxx from the app, 0x8xxx from the lock)") {
  CHECK(sender_of(0x0002, 0) == Sender::App);
  CHECK(sender_of(0x0002, 4) == Sender::Lock);
  CHECK(sender_of(0x8001, 0) == Sender::Lock);
  CHECK(sender_of(0x8001, 5) == Sender::App);
  const json request = describe(0x0002, "21010101", Sender::App);
  CHECK(request["from"] == "app");
  CHECK(request["role"] == "request");
  const json answer = describe(0x8011, "", Sender::Lock);
  CHECK(answer["role"] == "request");
  CHECK(describe(0x8001, "00", Sender::App)["role"] == "answer");
  CHECK(std::string(command_name(0x8007)) == "dpReportV4WithTime");
  CHECK(command_name(0x8004) == nullptr);
}

TEST_CASE("frame description: device-info request and answer (§2.1)") {
  // vectors.md §2 / §8: v4 DATA = the app MTU, v3 none.
  CHECK(describe(0x0000, "0014", Sender::App, 4)["mtu"] == 20);
  CHECK(describe(0x0000, "00f3", Sender::App, 4)["mtu"] == 243);
  const json v3 = describe(0x0000, "", Sender::App, 3);
  CHECK(v3["command"] == "deviceInfo");
  CHECK_FALSE(v3.contains("mtu"));
  require_bad_frame(0x0000, "14", Sender::App, 4);
  // Protocol not known (0): a 2-byte request is v4's MTU, anything else v3's ignored DATA.
  CHECK(describe(0x0000, "0014", Sender::App, 0)["mtu"] == 20);
  CHECK_FALSE(describe(0x0000, "", Sender::App, 0).contains("mtu"));
  CHECK_FALSE(describe(0x0000, "0014", Sender::App, 3).contains("mtu"));

  // fw 01 02 | protocol 3.2 | flags 0x10 | bound | srand | hw 00 07 | 32-byte register key |
  // fw3 01 02 03 | hw3 00 01 02 | ability | flags2 | virtual id (22)
  const std::string answer = std::string("0102") + "0302" + "10" + "01" + "a1b2c3d4e5f6" + "0007" +
                             std::string(64, '0') + "010203" + "000102" + "0000" + "00" +
                             text_hex("bf0123456789zyxwvutsrq");
  const json full = describe(0x0000, answer, Sender::Lock, 3);
  CHECK(full["command"] == "deviceInfo");
  CHECK(full["role"] == "answer");
  CHECK(full["protocol"] == "3.2");
  CHECK(full["firmware"] == "1.2.3");
  CHECK(full["hardware"] == "0.1.2");
  CHECK(full["bound"] == true);
  CHECK(full["flags"] == 0x10);
  CHECK(full["virtualId"] == "bf0123456789zyxwvutsrq");
  CHECK(binary_hex(full["srand"]) == "a1b2c3d4e5f6");

  const json shortest = describe(0x0000, answer.substr(0, 24), Sender::Lock, 3);
  CHECK(shortest["firmware"] == "1.2");
  CHECK_FALSE(shortest.contains("hardware"));
  CHECK(shortest["bound"] == true);
  CHECK(describe(0x0000, answer.substr(0, 28), Sender::Lock, 3)["hardware"] == "0.7");
  CHECK(describe(0x0000, "010203021000a1b2c3d4e5f6", Sender::Lock, 3)["bound"] == false);
  require_bad_frame(0x0000, answer.substr(0, 22), Sender::Lock);
}

TEST_CASE("frame description: the pair request's login key never comes back (§2.2)") {
  const std::string login_key = "abcdef";
  const std::string data = text_hex("tuya1234567890ab") + text_hex(login_key) + text_hex("bf0123456789zyxw") +
                           std::string(12, '0') + "00" + "03";
  const json out = describe(0x0001, data, Sender::App);
  CHECK(out["command"] == "pair");
  CHECK(out["role"] == "request");
  CHECK(out["uuid"] == "tuya1234567890ab");
  CHECK(out["devId"] == "bf0123456789zyxw");
  CHECK(out["loginKey"] == "[redacted]");
  const std::string shown = out.dump();
  CHECK(shown.find(login_key) == std::string::npos);
  CHECK(shown.find(text_hex(login_key)) == std::string::npos);
  require_bad_frame(0x0001, data.substr(0, 86), Sender::App);  // 43 bytes

  // Answer: 0x00 paired, 0x01 refused, 0x02 already bound (also OK).
  CHECK(describe(0x0001, "00", Sender::Lock)["status"] == "paired");
  CHECK(describe(0x0001, "01", Sender::Lock)["status"] == "refused");
  const json bound = describe(0x0001, "02", Sender::Lock);
  CHECK(bound["status"] == "alreadyBound");
  CHECK(bound["result"] == 2);
  CHECK(describe(0x0001, "07", Sender::Lock)["status"] == "unknown");
  require_bad_frame(0x0001, "", Sender::Lock);
  require_bad_frame(0x0001, "0000", Sender::Lock);
}

TEST_CASE("frame description: DP writes v3 and v4 and their answers (vectors.md §2, §6)") {
  const json v3 = describe(0x0002, "21010101", Sender::App);
  CHECK(v3["command"] == "dpWrite");
  REQUIRE(v3["dps"].size() == 1);
  CHECK(v3["dps"][0]["id"] == 33);
  CHECK(v3["dps"][0]["type"] == "bool");
  CHECK(v3["dps"][0]["value"] == true);
  CHECK_FALSE(v3.contains("dpSn"));

  const json v4 = describe(0x0027, "000000000247000013ffff00013132333435363738016553f1000001", Sender::App, 4);
  CHECK(v4["command"] == "dpWriteV4");
  CHECK(v4["dpSn"] == 2);
  REQUIRE(v4["dps"].size() == 1);
  CHECK(v4["dps"][0]["id"] == 71);
  CHECK(v4["dps"][0]["type"] == "raw");
  CHECK(binary_hex(v4["dps"][0]["value"]) == "ffff00013132333435363738016553f1000001");
  require_bad_frame(0x0027, "00000000", Sender::App);    // shorter than ver | dp_sn
  require_bad_frame(0x0027, "0100000002", Sender::App);  // ver != 0
  require_bad_frame(0x0002, "210101", Sender::App);      // a DP cut short

  // Answers: v3 status(1); v4 the 5 request bytes echoed + status.
  const json ok = describe(0x0002, "00", Sender::Lock);
  CHECK(ok["role"] == "answer");
  CHECK(ok["status"] == "ok");
  CHECK(describe(0x0002, "01", Sender::Lock)["status"] == "error");
  const json v4_answer = describe(0x0027, "000000000201", Sender::Lock);
  CHECK(v4_answer["dpSn"] == 2);
  CHECK(v4_answer["result"] == 1);
  CHECK(v4_answer["status"] == "error");
  require_bad_frame(0x0027, "0000000002", Sender::Lock);
  require_bad_frame(0x0002, "", Sender::Lock);
}

TEST_CASE("frame description: reports 0x8001, 0x8003, 0x8006, 0x8007 and their answers (§2)") {
  // v3: id | type | len(1) | value. DP 8 value 100.
  const json v3 = describe(0x8001, "08020400000064", Sender::Lock);
  CHECK(v3["command"] == "dpReport");
  CHECK(v3["role"] == "request");
  CHECK(v3["dps"][0]["id"] == 8);
  CHECK(v3["dps"][0]["value"] == 100);
  CHECK_FALSE(v3.contains("time"));
  CHECK_FALSE(v3.contains("report"));

  // 0x8003: time_type 1 | u32 unix seconds (1700000000 = 6553f100) | DP list.
  const json seconds = describe(0x8003,
                                "016553f100"
                                "08020400000064",
                                Sender::Lock);
  CHECK(seconds["command"] == "dpReportWithTime");
  CHECK(seconds["time"]["unixMs"] == 1700000000000ull);
  CHECK(seconds["time"]["encoding"] == "unixSeconds");
  CHECK(seconds["dps"][0]["value"] == 100);
  // time_type 0 | 13 ASCII digits of milliseconds.
  const json millis = describe(0x8003, "00" + text_hex("1700000000123") + "01010101", Sender::Lock);
  CHECK(millis["time"]["unixMs"] == 1700000000123ull);
  CHECK(millis["time"]["encoding"] == "asciiMillis");
  CHECK(millis["dps"][0]["id"] == 1);
  require_bad_frame(0x8003, "026553f100", Sender::Lock);  // no such time type
  require_bad_frame(0x8003, "016553f1", Sender::Lock);    // time cut short

  // 0x8006: ver 0 | sn 7 | flag | mode 1 | id | type | len(2) | value.
  const json v4 = describe(0x8006,
                           "00000000070001"
                           "0802000400000064",
                           Sender::Lock, 4);
  CHECK(v4["command"] == "dpReportV4");
  CHECK(v4["report"]["sn"] == 7);
  CHECK(v4["report"]["flag"] == 0);
  CHECK(v4["report"]["mode"] == 1);
  CHECK(v4["report"]["wantsAnswer"] == true);
  CHECK(v4["dps"][0]["value"] == 100);
  CHECK(describe(0x8006, "00000000078003", Sender::Lock)["report"]["wantsAnswer"] == false);
  require_bad_frame(0x8006, "000000000700", Sender::Lock);  // header cut short

  // 0x8007: the v4 header, then time_type 1 | u32, then the DP list.
  const json timed = describe(0x8007,
                              "00000000090002"
                              "016553f100"
                              "1302000400000001",
                              Sender::Lock);
  CHECK(timed["command"] == "dpReportV4WithTime");
  CHECK(timed["report"]["sn"] == 9);
  CHECK(timed["report"]["mode"] == 2);
  CHECK(timed["time"]["unixMs"] == 1700000000000ull);
  CHECK(timed["dps"][0]["id"] == 19);

  // Answers: v3 status (empty tolerated); v4 exactly 8 bytes ver | sn | flag | mode | status.
  CHECK(describe(0x8001, "00", Sender::App)["status"] == "ok");
  CHECK(describe(0x8003, "", Sender::App)["status"] == "ok");
  const json v4_answer = describe(0x8007, "0000000009000200", Sender::App);
  CHECK(v4_answer["role"] == "answer");
  CHECK(v4_answer["report"]["sn"] == 9);
  CHECK(v4_answer["report"]["mode"] == 2);
  CHECK(v4_answer["status"] == "ok");
  CHECK_FALSE(v4_answer.contains("dps"));
  require_bad_frame(0x8006, "00000000090002", Sender::App);
  require_bad_frame(0x8006, "0100000009000200", Sender::App);
}

TEST_CASE("frame description: time requests and answers 0x8011 / 0x8012 (§2, vectors.md §8)") {
  const json asked = describe(0x8011, "", Sender::Lock);
  CHECK(asked["command"] == "timeRequest");
  CHECK(asked["role"] == "request");
  CHECK_FALSE(asked.contains("time"));

  // 13 ASCII digits of ms | int16 zone (+8 h = 800 = 0320).
  const json answer = describe(0x8011, text_hex("1700000000123") + "0320", Sender::App);
  CHECK(answer["role"] == "answer");
  CHECK(answer["time"]["unixMs"] == 1700000000123ull);
  CHECK(answer["time"]["zone"] == 800);
  CHECK(describe(0x8011, text_hex("1700000000123") + "fe0c", Sender::App)["time"]["zone"] == -500);
  require_bad_frame(0x8011, text_hex("1700000000123") + "03", Sender::App);
  require_bad_frame(0x8011, text_hex("170000000012x") + "0320", Sender::App);

  // yy mm dd HH MM SS weekday(0 = Sunday) | zone: 2023-11-15 06:13:20, Wednesday, +8 h.
  const json date = describe(0x8012, "170b0f060d14030320", Sender::App);
  CHECK(date["command"] == "timeDateRequest");
  CHECK(date["time"]["year"] == 2023);
  CHECK(date["time"]["month"] == 11);
  CHECK(date["time"]["day"] == 15);
  CHECK(date["time"]["hour"] == 6);
  CHECK(date["time"]["minute"] == 13);
  CHECK(date["time"]["second"] == 20);
  CHECK(date["time"]["weekday"] == 3);
  CHECK(date["time"]["zone"] == 800);
  require_bad_frame(0x8012, "170d0f060d14030320", Sender::App);  // month 13
}

TEST_CASE("frame description: state query, unbind, and commands the core does not handle") {
  const json query = describe(0x0003, "0847", Sender::App);
  CHECK(query["command"] == "stateQuery");
  CHECK(query["dpIds"] == json::array({8, 71}));
  CHECK(describe(0x0003, "00", Sender::Lock)["status"] == "ok");
  const json unbind = describe(0x0005, "", Sender::App);
  CHECK(unbind["command"] == "unbind");
  CHECK(unbind.size() == 4);  // command, cmd, from, role
  CHECK(describe(0x0005, "00", Sender::Lock)["status"] == "ok");
  require_bad_frame(0x0006, "", Sender::Lock);

  // 0x8004 (flagged report) and OTA are not read: named unknown, DATA untouched, nothing thrown.
  const json flagged = describe(0x8004,
                                "000100"
                                "08020400000064",
                                Sender::Lock);
  CHECK(flagged["command"] == "unknown");
  CHECK(flagged["cmd"] == 0x8004);
  CHECK(flagged["from"] == "lock");
  CHECK(flagged.size() == 4);
  CHECK(describe(0x000c, "00", Sender::App)["command"] == "unknown");
}
