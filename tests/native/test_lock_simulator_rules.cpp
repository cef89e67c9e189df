// The device rules of ble-protocol.md that make a real lock refuse frames: the simulator must
// refuse the same. Broken frames come from the codec parts (RawApp) or from a session whose packets
// are tampered with on the way.
#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/time_sync.h"
#include "lock_simulator_support.h"

using namespace doorlock;
using ble::lock_dp::Message;
using nlohmann::json;
using test::has_event;
using test::hex;
using test::of_type;

namespace cmd = ble::cmd;

namespace {

json permanent() { return {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}}; }

// A DP 51 write long enough to need several 20-byte packets.
std::vector<Bytes> long_write(test::Link& link, const char* pin = "102938") {
  return link.app
      ->write_dps(
          {ble::lock_dp::request_dp(Message::CreateTemporaryPassword, {{"validity", permanent()}, {"password", pin}})})
      .packets;
}

size_t acks(const json& events) { return of_type(events, "ack").size(); }

// Connects a RawApp to `lock` and runs device info (mode 4) and pairing; the lock's answers.
std::vector<ble::Frame> raw_handshake(sim::LockSimulator& lock, test::RawApp& app, int protocol, uint16_t mtu = 20) {
  lock.connect();
  std::vector<ble::Frame> frames = app.read(
      test::feed(lock, app.send(cmd::kDeviceInfo, ble::encode_device_info_request(protocol, mtu), ble::kModeKey4)));
  REQUIRE(frames.size() == 1);
  app.srand.assign(frames[0].data.begin() + 6, frames[0].data.begin() + 12);
  ble::PairRequest pair;
  pair.uuid = test::kUuid;
  pair.login_key = test::secret("abcdef");
  pair.virtual_id = test::kDevId;
  const SecretBytes data = ble::encode_pair_request(pair);
  const auto answer = app.read(test::feed(lock, app.send(cmd::kPair, data.reveal())));
  frames.insert(frames.end(), answer.begin(), answer.end());
  return frames;
}

}  // namespace

TEST_CASE("a corrupted frame fails its checksum and is dropped; the link stays up") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20);
  link.open();
  std::vector<Bytes> packets = long_write(link);
  REQUIRE(packets.size() >= 3);
  packets[1][5] ^= 0x01;  // one bit inside the ciphertext
  link.lock->clear_events();
  CHECK(acks(link.pump(packets)) == 0);
  CHECK((has_event(*link.lock, "dropped", "crc_mismatch") || has_event(*link.lock, "dropped", "bad_frame")));
  CHECK(link.lock->status().connected);
  CHECK(link.lock->store().temporary_passwords().empty());
  CHECK(acks(link.pump(long_write(link))) == 1);  // the next write is fine
}

TEST_CASE("a truncated frame waits; the next first packet starts over") {
  test::Link link(3, 20);
  link.open();
  std::vector<Bytes> packets = long_write(link, "131313");
  packets.pop_back();
  CHECK(link.pump(packets).empty());
  CHECK(link.lock->store().temporary_passwords().empty());
  CHECK(acks(link.pump(long_write(link, "262626"))) == 1);
  REQUIRE(link.lock->store().temporary_passwords().size() == 1);
  CHECK(link.lock->store().temporary_passwords()[0].password == Bytes{2, 6, 2, 6, 2, 6});
}

TEST_CASE("reordered packets discard the frame") {
  test::Link link(4, 20);
  link.open();
  std::vector<Bytes> packets = long_write(link);
  REQUIRE(packets.size() >= 3);
  std::swap(packets[1], packets[2]);
  link.lock->clear_events();
  CHECK(link.pump(packets).empty());
  CHECK(has_event(*link.lock, "dropped", "reassembly: packet number skipped ahead"));
  CHECK(link.lock->store().temporary_passwords().empty());
}

TEST_CASE("a duplicated packet is ignored and the frame still completes") {
  test::Link link(3, 20);
  link.open();
  std::vector<Bytes> packets = long_write(link);
  packets.insert(packets.begin() + 2, packets[1]);
  link.lock->clear_events();
  const json events = link.pump(packets);
  CHECK(acks(events) == 1);
  CHECK(has_event(*link.lock, "ignored", "duplicate_packet"));
  CHECK(link.lock->store().temporary_passwords().size() == 1);
}

TEST_CASE("a replayed frame, or one with an older SN, drops the link") {
  test::Link link(4, 20);
  link.open();
  const std::vector<Bytes> first = long_write(link, "123123");
  const std::vector<Bytes> second = long_write(link, "456456");

  SECTION("replay") {
    CHECK(acks(link.pump(first)) == 1);
    link.lock->clear_events();
    CHECK(link.pump(first).empty());
    CHECK(has_event(*link.lock, "disconnected", "replayed_sn"));
  }
  SECTION("older SN after a newer one") {
    CHECK(acks(link.pump(second)) == 1);
    link.lock->clear_events();
    CHECK(link.pump(first).empty());
    CHECK(has_event(*link.lock, "disconnected", "replayed_sn"));
  }
  CHECK_FALSE(link.lock->status().connected);
  CHECK(link.lock->store().temporary_passwords().size() == 1);
  // Nothing gets through a dropped link.
  link.lock->clear_events();
  CHECK(link.pump(long_write(link, "789789")).empty());
  CHECK(has_event(*link.lock, "dropped", "not_connected"));
}

TEST_CASE("the wrong local key gets no answer") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20);
  link.lock->connect();
  ble::SessionConfig config = link.session_config(800);
  config.local_key = test::secret("abcdeX0123456789");  // the login key differs in its 6th character
  link.app = std::make_unique<ble::Session>(std::move(config), link.app_random);
  CHECK(link.pump(link.app->start()).empty());
  CHECK((has_event(*link.lock, "dropped", "crc_mismatch") || has_event(*link.lock, "dropped", "bad_frame")));
  CHECK(link.app->state() == ble::SessionState::Info);
  CHECK_FALSE(link.lock->status().paired);
}

TEST_CASE("the wrong device id: the lock answers 0x01 and disconnects") {
  const int protocol = GENERATE(3, 4);
  test::Link link(protocol, 20);
  link.lock->connect();
  ble::SessionConfig config = link.session_config(800);
  config.uuid = "tuya1234567890ac";
  link.app = std::make_unique<ble::Session>(std::move(config), link.app_random);
  const json events = link.pump(link.app->start());
  const auto errors = of_type(events, "error");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["code"] == "LOCK_REJECTED");
  CHECK(errors[0]["field"] == "uuid");
  CHECK(link.app->state() == ble::SessionState::Closed);
  CHECK(has_event(*link.lock, "disconnected", "device_id_mismatch"));
  CHECK_FALSE(link.lock->status().connected);
  CHECK_FALSE(link.lock->status().paired);
}

TEST_CASE("before pairing the lock serves only the pre-bonding commands") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 3, 20));
  test::RawApp app(3, 20);

  SECTION("a session-key frame before any device info has no key") {
    lock.connect();
    CHECK(test::feed(lock, app.send(cmd::kPair, Bytes(44, 0x30))).empty());
    CHECK(has_event(lock, "dropped", "no_session_key"));
  }
  SECTION("a DP write between device info and pairing") {
    lock.connect();
    const auto info = app.read(test::feed(lock, app.send(cmd::kDeviceInfo, {}, ble::kModeKey4)));
    REQUIRE(info.size() == 1);
    app.srand.assign(info[0].data.begin() + 6, info[0].data.begin() + 12);
    const Bytes write = ble::encode_dp_write(cmd::kDpWrite, {0, {ble::Dp::string(64, "1700000000")}});
    CHECK(test::feed(lock, app.send(cmd::kDpWrite, write)).empty());
    CHECK(has_event(lock, "dropped", "not_before_pairing"));
    CHECK(test::feed(lock, app.send(cmd::kStateQuery, {})).empty());
    CHECK(lock.status().t0 == 0);
    // It still pairs afterwards (the refused frames did move the SN on).
    ble::PairRequest pair;
    pair.uuid = test::kUuid;
    pair.login_key = test::secret("abcdef");
    pair.virtual_id = test::kDevId;
    const auto answer = app.read(test::feed(lock, app.send(cmd::kPair, ble::encode_pair_request(pair).reveal())));
    REQUIRE(answer.size() == 2);
    CHECK(answer[0].data == Bytes{ble::kPairAlreadyBound});
    CHECK(answer[0].sn == 2);
    CHECK(lock.status().last_received_sn == 4);
  }
}

TEST_CASE("pairing must finish within 30 seconds of connecting") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 3, 20));
  test::RawApp app(3, 20);
  lock.connect();
  clock.now += 29;
  CHECK(test::feed(lock, app.send(cmd::kDeviceInfo, {}, ble::kModeKey4)).size() > 0);
  clock.now += 1;
  CHECK(test::feed(lock, app.send(cmd::kPair, Bytes(44, 0))).empty());
  CHECK(has_event(lock, "disconnected", "pairing_timeout"));
}

TEST_CASE("unencrypted frames, old version nibbles, oversize packets and totals are refused") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 3, 20));
  test::RawApp app(3, 20);
  lock.connect();

  // Mode 0 while bound (the v4-style request makes the frame long enough to be read at all).
  CHECK(test::feed(lock, app.send(cmd::kDeviceInfo, hex("0014"), ble::kModeNone)).empty());
  CHECK(has_event(lock, "dropped", "unencrypted_frame_while_bound"));

  // Version nibble 1 in the first packet.
  std::vector<Bytes> packets = app.send(cmd::kDeviceInfo, {}, ble::kModeKey4);
  packets[0][2] = 0x10;
  CHECK(test::feed(lock, packets).empty());
  CHECK(has_event(lock, "dropped", "version_not_compatible"));

  // A 21-byte packet to a lock whose MTU is 20.
  test::RawApp wide(3, 40);
  CHECK(test::feed(lock, wide.send(cmd::kDeviceInfo, {}, ble::kModeKey4)).empty());
  CHECK(has_event(lock, "dropped", "reassembly: packet longer than the MTU"));

  // A frame announcing 1025 bytes to a protocol-3 lock (at most 1024).
  CHECK(lock.receive(hex("0081083004000102030405060708090a0b0c0d0e")).empty());
  CHECK(has_event(lock, "dropped", "reassembly: frame length exceeds the protocol maximum"));

  // Each refusal left the link up, and a good request is still answered.
  CHECK(lock.status().connected);
  CHECK(app.read(test::feed(lock, app.send(cmd::kDeviceInfo, {}, ble::kModeKey4))).size() == 1);
}

TEST_CASE("a protocol-4 lock takes frames up to 1536 bytes") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 4, 20));
  lock.connect();
  CHECK(lock.receive(hex("0081084004000102030405060708090a0b0c0d0e")).empty());
  CHECK_FALSE(has_event(lock, "dropped", "reassembly"));
  CHECK(lock.receive(hex("008d0c4004000102030405060708090a0b0c0d0e")).empty());  // 1549
  CHECK(has_event(lock, "dropped", "reassembly: frame length exceeds the protocol maximum"));
}

TEST_CASE("a v4 device-info request must carry exactly the 2-byte MTU") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 4, 244));
  test::RawApp app(4, 20);
  lock.connect();
  CHECK(test::feed(lock, app.send(cmd::kDeviceInfo, {}, ble::kModeKey4)).empty());
  CHECK(has_event(lock, "disconnected", "bad_device_info_request"));

  // An MTU above the lock's own limit: the lock sends 20-byte packets.
  lock.connect();
  test::RawApp again(4, 20);
  CHECK(test::feed(lock, again.send(cmd::kDeviceInfo, hex("0200"), ble::kModeKey4)).size() > 0);
  CHECK(lock.status().send_mtu == 20);
}

TEST_CASE("each firmware speaks one DP dialect") {
  const int protocol = GENERATE(3, 4);
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, protocol, 20));
  test::RawApp app(protocol, 20);
  REQUIRE(raw_handshake(lock, app, protocol).size() == 3);
  const uint16_t other = protocol == 3 ? cmd::kDpWriteV4 : cmd::kDpWrite;
  const Bytes write = ble::encode_dp_write(other, {1, {ble::Dp::string(64, "1700000000")}});
  lock.clear_events();
  CHECK(test::feed(lock, app.send(other, write)).empty());
  CHECK(has_event(lock, "ignored", "unhandled_command"));
  CHECK(lock.status().t0 == 0);
}

TEST_CASE("DP writes the lock cannot parse are answered with status 1") {
  SECTION("v4: header version 1, echoed") {
    test::ScriptedRandom random;
    test::Clock clock;
    sim::LockSimulator lock(test::lock_options(random, clock, 4, 20));
    test::RawApp app(4, 20);
    raw_handshake(lock, app, 4);
    auto frames = app.read(test::feed(lock, app.send(cmd::kDpWriteV4, hex("0100000009"
                                                                          "40030000"))));
    REQUIRE(frames.size() == 1);
    CHECK(to_hex(frames[0].data) == "010000000901");
    // A header with no DP after it.
    frames = app.read(test::feed(lock, app.send(cmd::kDpWriteV4, hex("000000000a"))));
    REQUIRE(frames.size() == 1);
    CHECK(to_hex(frames[0].data) == "000000000a01");
    // A DP whose length runs past the end.
    frames = app.read(test::feed(lock, app.send(cmd::kDpWriteV4, hex("000000000b"
                                                                     "400300"
                                                                     "05"
                                                                     "3132"))));
    REQUIRE(frames.size() == 1);
    CHECK(to_hex(frames[0].data) == "000000000b01");
  }
  SECTION("v3: no DATA, and a truncated DP") {
    test::ScriptedRandom random;
    test::Clock clock;
    sim::LockSimulator lock(test::lock_options(random, clock, 3, 20));
    test::RawApp app(3, 20);
    raw_handshake(lock, app, 3);
    auto frames = app.read(test::feed(lock, app.send(cmd::kDpWrite, {})));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].data == Bytes{0x01});
    frames = app.read(test::feed(lock, app.send(cmd::kDpWrite, hex("4003053132"))));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].data == Bytes{0x01});
    frames = app.read(test::feed(lock, app.send(cmd::kDpWrite, hex("40030a31373030303030303030"))));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].data == Bytes{0x00});
    CHECK(lock.status().t0 == 1700000000);
  }
}

TEST_CASE("several DPs in one write: acknowledged by the SDK, then dropped by the lock application") {
  // S4 app_common.c (TUYA_BLE_CB_EVT_DP_WRITE) parses a write only when p_data[2] == data_len - 3.
  const int protocol = GENERATE(3, 4);
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, protocol, 20));
  test::RawApp app(protocol, 20);
  REQUIRE(raw_handshake(lock, app, protocol).size() == 3);
  const uint16_t command = protocol >= 4 ? cmd::kDpWriteV4 : cmd::kDpWrite;
  const ble::Dp t0 = ble::Dp::string(64, "1700000000");
  const ble::Dp unlock = ble::lock_dp::request_dp(
      Message::UnlockCheck,
      {{"checkCode", test::kCheckCode}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 2}});
  lock.clear_events();
  auto frames = app.read(test::feed(lock, app.send(command, ble::encode_dp_write(command, {7, {t0, unlock}}))));
  REQUIRE(frames.size() == 1);  // the acknowledgement, status 0, and no reply DP
  CHECK(frames[0].cmd == command);
  CHECK(frames[0].data.back() == 0x00);
  CHECK(has_event(lock, "dropped", "several_dps_in_one_write: 2 DPs"));
  CHECK(lock.status().t0 == 0);
  CHECK_FALSE(lock.status().unlocked);
  CHECK_FALSE(lock.next_due().has_value());

  // A trailing byte the SDK cannot parse: refused with status 1 before the application sees it.
  Bytes padded = ble::encode_dp_write(command, {8, {t0}});
  padded.push_back(0x00);
  frames = app.read(test::feed(lock, app.send(command, padded)));
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].data.back() == 0x01);
  CHECK(lock.status().t0 == 0);

  // One DP per write is served: each gets its reply DP.
  frames = app.read(test::feed(lock, app.send(command, ble::encode_dp_write(command, {9, {t0}}))));
  REQUIRE(frames.size() == 1);
  CHECK(lock.status().t0 == 1700000000);
  frames = app.read(test::feed(lock, app.send(command, ble::encode_dp_write(command, {10, {unlock}}))));
  REQUIRE(frames.size() == 2);  // acknowledgement, DP 71 reply; the record follows later
  CHECK(lock.status().unlocked);
  CHECK(lock.next_due().has_value());
}

TEST_CASE("the time answer must hold 13 digits and the zone") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 3, 20));
  test::RawApp app(3, 20);
  const auto frames = raw_handshake(lock, app, 3);
  REQUIRE(frames.size() == 3);
  CHECK(frames[2].cmd == cmd::kTimeMsRequest);
  CHECK(test::feed(lock, app.send(cmd::kTimeMsRequest, hex("31373030303030303030303030"))).empty());  // no zone
  CHECK(has_event(lock, "dropped", "time_answer_too_short"));
  // 14 bytes of DATA make a 29-byte frame (mode 1 + header 12 + CRC 2): one short of the SDK's 30.
  CHECK(test::feed(lock, app.send(cmd::kTimeMsRequest, hex("3137303030303030303030303003"))).empty());
  CHECK(has_event(lock, "dropped", "time_answer_too_short"));
  CHECK_FALSE(lock.status().time_synced);
  CHECK(test::feed(lock, app.send(cmd::kTimeMsRequest, ble::encode_time_ms_answer(1700000000000, -350))).empty());
  CHECK(lock.status().time_synced);
  CHECK(lock.status().time_zone == -350);
  CHECK(lock.status().rtc == 1700000000);
}

TEST_CASE("an unbound lock takes plain frames, binds on pairing, then refuses them") {
  test::ScriptedRandom random;
  test::Clock clock;
  auto options = test::lock_options(random, clock, 4, 20);
  options.bound = false;
  options.dev_id.clear();
  sim::LockSimulator lock(std::move(options));
  test::RawApp app(4, 20);
  lock.connect();
  auto frames = app.read(test::feed(lock, app.send(cmd::kDeviceInfo, hex("0014"), ble::kModeNone)));
  REQUIRE(frames.size() == 1);
  const ble::DeviceInfo info = ble::decode_device_info(frames[0].data.data(), frames[0].data.size());
  CHECK_FALSE(info.bound);
  CHECK(info.virtual_id.empty());
  app.srand = info.srand;

  ble::PairRequest pair;
  pair.uuid = test::kUuid;
  pair.login_key = test::secret("abcdef");
  pair.virtual_id = "vdevnew";
  frames = app.read(test::feed(lock, app.send(cmd::kPair, ble::encode_pair_request(pair).reveal(), ble::kModeNone)));
  REQUIRE(frames.size() == 2);  // decrypted with md5("abcdef" || srand): the lock took the login key
  CHECK(frames[0].data == Bytes{ble::kPairOk});
  CHECK(lock.status().bound);
  CHECK(lock.status().dev_id == "vdevnew");
  lock.clear_events();
  CHECK(test::feed(lock, app.send(cmd::kStateQuery, {}, ble::kModeNone)).empty());
  CHECK(has_event(lock, "dropped", "unencrypted_frame_while_bound"));
}

TEST_CASE("after unbind the old key no longer opens a session") {
  test::Link link(3, 20);
  link.open();
  link.pump(link.app->unbind());
  CHECK_FALSE(link.lock->status().bound);
  link.app = std::make_unique<ble::Session>(link.session_config(800), link.app_random);
  link.lock->clear_events();
  CHECK(link.open().empty());
  CHECK((has_event(*link.lock, "dropped", "crc_mismatch") || has_event(*link.lock, "dropped", "bad_frame")));
}

TEST_CASE("v4 reports are answered by the app and matched by the lock") {
  test::Link link(4, 20);
  link.open();
  link.lock->clear_events();
  link.write(Message::UnlockCheck,
             {{"checkCode", test::kCheckCode}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}});
  CHECK(has_event(*link.lock, "report_ack", "sn 1 status 0"));
  CHECK(has_event(*link.lock, "report_ack", "sn 2 status 0"));
}

TEST_CASE("random and mutated packets never throw and never wedge the lock") {
  std::mt19937_64& rng = test::test_rng();
  test::Link link(GENERATE(3, 4), 20);
  link.open();
  const std::vector<Bytes> valid = long_write(link);
  for (int round = 0; round < 3000; ++round) {
    Bytes packet;
    if (round % 3 == 0) {
      packet.resize(1 + rng() % 24);
      for (auto& byte : packet) byte = static_cast<uint8_t>(rng());
    } else {
      packet = valid[rng() % valid.size()];
      packet[rng() % packet.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    }
    CHECK_NOTHROW(link.lock->receive(packet));
    if (!link.lock->status().connected) break;  // a mutated SN may rightly end the link
  }
  // Whatever state that left, a new connection and session work.
  link.lock->disconnect();
  link.app = std::make_unique<ble::Session>(link.session_config(800), link.app_random);
  CHECK(of_type(link.open(), "ready").size() == 1);
}
