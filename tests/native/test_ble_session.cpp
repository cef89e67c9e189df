// The app-side session against a lock played by the test itself: every lock frame is built here
// from the spec's layouts with the codec (frames, packets, handshake), not by the session.
#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/packets.h"
#include "doorlock/ble/session.h"
#include "doorlock/crypto/random.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using nlohmann::json;
using test::hex;

namespace {

const std::string kLocalKey = "abcdef0123456789";
const std::string kUuid = "0123456789abcdef";
const std::string kDevId = "vdevo15345926009";
constexpr uint64_t kNow = 1700000000123ull;

class CountingRandom final : public crypto::RandomSource {
 public:
  void fill(uint8_t* out, size_t size) override {
    for (size_t i = 0; i < size; ++i) out[i] = next_++;
  }

 private:
  uint8_t next_ = 0x40;
};

// The lock's half of the conversation, from the spec.
struct FakeLock {
  int protocol;
  size_t mtu;
  SecretBytes key4 = derive_key4(test::secret(kLocalKey));
  SecretBytes session_key = derive_session_key(test::secret(kLocalKey), hex("112233445566").data(), 6);
  uint32_t sn = 1;
  Reassembler inbox{4, 512};

  // The packets of one frame from the lock.
  std::vector<Bytes> frame(uint16_t command, const Bytes& data, uint32_t ack_sn, uint8_t mode = kModeSession) {
    Frame out;
    out.sn = sn++;
    out.ack_sn = ack_sn;
    out.cmd = command;
    out.data = data;
    const Bytes iv(16, 0x5A);
    const Bytes air = encode_air_frame(out, mode, mode == kModeKey4 ? key4.data() : session_key.data(), iv.data());
    return packetize(air.data(), air.size(), mtu, protocol);
  }

  // Reads what the app wrote (all packets of one frame).
  Frame read(const std::vector<Bytes>& packets, uint8_t expected_mode = kModeSession) {
    std::optional<Bytes> air;
    for (const Bytes& packet : packets) {
      REQUIRE(packet.size() <= mtu);
      air = inbox.push(packet.data(), packet.size());
    }
    REQUIRE(air.has_value());
    REQUIRE((*air)[0] == expected_mode);
    return decode_air_frame(air->data(), air->size(), expected_mode == kModeKey4 ? key4.data() : session_key.data());
  }
};

SessionConfig config(int protocol, size_t mtu) {
  SessionConfig out;
  out.local_key = test::secret(kLocalKey);
  out.uuid = kUuid;
  out.dev_id = kDevId;
  out.protocol = protocol;
  out.mtu = mtu;
  out.zone = 800;
  return out;
}

SessionOutput feed(Session& session, const std::vector<Bytes>& packets, std::optional<uint64_t> now = kNow) {
  SessionOutput all;
  for (const Bytes& packet : packets) {
    SessionOutput out = session.receive(packet.data(), packet.size(), now);
    all.write.insert(all.write.end(), out.write.begin(), out.write.end());
    for (auto& event : out.events) all.events.push_back(event);
  }
  return all;
}

Bytes device_info(bool bound = true) {
  DeviceInfo info;
  info.protocol_major = 3;
  info.protocol_minor = 2;
  info.bound = bound;
  info.srand = hex("112233445566");
  info.virtual_id = kDevId;
  return encode_device_info(info);
}

// Runs device info -> pair -> time sync; returns the session ready.
void handshake(Session& session, FakeLock& lock, int protocol) {
  const Frame request = lock.read(session.start(), kModeKey4);
  CHECK(request.sn == 1);
  CHECK(request.cmd == cmd::kDeviceInfo);
  // v4 declares the app's MTU (20 -> 0014, 244 -> 00f4); v3 sends nothing.
  CHECK(to_hex(request.data) == (protocol >= 4 ? (lock.mtu == 20 ? "0014" : "00f4") : ""));
  CHECK(session.state() == SessionState::Info);

  SessionOutput out = feed(session, lock.frame(cmd::kDeviceInfo, device_info(), request.sn, kModeKey4));
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0]["type"] == "deviceInfo");
  CHECK(out.events[0]["protocol"] == "3.2");
  CHECK(session.state() == SessionState::Pairing);
  const Frame pair = lock.read(out.write);
  CHECK(pair.sn == 2);
  CHECK(pair.cmd == cmd::kPair);
  const PairRequest read = decode_pair_request(pair.data.data(), pair.data.size(), false);
  // §6b.5: the source at DATA[45] and at DATA[61] (62 bytes), whatever the beacon-key flag says.
  REQUIRE(pair.data.size() == 62);
  CHECK(pair.data[44] == 0);
  CHECK(pair.data[45] == kSourceMiniProgram);
  CHECK(pair.data[61] == kSourceMiniProgram);
  CHECK(read.uuid == kUuid);
  CHECK(read.login_key.reveal() == hex("616263646566"));
  CHECK(read.virtual_id == kDevId);
  CHECK(read.source == kSourceMiniProgram);

  out = feed(session, lock.frame(cmd::kPair, Bytes{kPairAlreadyBound}, pair.sn));
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0]["type"] == "ready");
  CHECK(session.state() == SessionState::Ready);
  CHECK(out.write.empty());

  out = feed(session, lock.frame(cmd::kTimeMsRequest, Bytes{}, 0));
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0]["type"] == "time");
  const Frame time = lock.read(out.write);
  CHECK(time.cmd == cmd::kTimeMsRequest);
  CHECK(time.ack_sn == lock.sn - 1);
  CHECK(to_hex(time.data) ==
        "31373030303030303030313233"
        "0320");
}

}  // namespace

TEST_CASE("session: handshake, DP write and ack, report and answer, unbind (v3, MTU 20)") {
  CountingRandom random;
  Session session(config(3, 20), random);
  FakeLock lock{3, 20};
  handshake(session, lock, 3);

  const SentFrame write = session.write_dps({Dp::boolean(33, true)});
  CHECK(write.sn == 4);
  const Frame written = lock.read(write.packets);
  CHECK(written.cmd == cmd::kDpWrite);
  CHECK(to_hex(written.data) == "21010101");
  SessionOutput out = feed(session, lock.frame(cmd::kDpWrite, Bytes{0x00}, written.sn));
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0] == json{{"type", "ack"}, {"sn", 4}, {"ok", true}});
  // The same acknowledgement again is a replayed SN, and a made-up one an unknown write.
  out = feed(session, lock.frame(cmd::kDpWrite, Bytes{0x01}, written.sn));
  CHECK(out.events[0]["code"] == "BAD_RESPONSE");

  const auto report = lock.frame(cmd::kDpReport,
                                 hex("2f010101"
                                     "08020400000050"),
                                 0);
  out = feed(session, report);
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0]["type"] == "dps");
  CHECK(out.events[0]["dps"] ==
        json::parse(R"([{"id":47,"type":"bool","value":true},{"id":8,"type":"value","value":80}])"));
  const Frame answer = lock.read(out.write);
  CHECK(answer.cmd == cmd::kDpReport);
  CHECK(to_hex(answer.data) == "00");
  CHECK(answer.ack_sn == lock.sn - 1);

  // Replay of the report: dropped with REPLAYED_SN, nothing written.
  out = feed(session, report);
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0]["code"] == "REPLAYED_SN");
  CHECK(out.write.empty());

  const Frame unbind = lock.read(session.unbind());
  CHECK(unbind.cmd == cmd::kUnbind);
  CHECK(session.state() == SessionState::Closed);
  test::require_error([&] { session.write_dps({Dp::boolean(33, true)}); }, ErrorCode::InvalidState, "");
  CHECK(feed(session, lock.frame(cmd::kUnbind, Bytes{0}, unbind.sn)).events.empty());
}

TEST_CASE("session: v4 writes carry dp_sn, reports get the 8-byte answer (MTU 244)") {
  CountingRandom random;
  Session session(config(4, 244), random);
  FakeLock lock{4, 244};
  handshake(session, lock, 4);

  const SentFrame write = session.write_dps({Dp::raw(71, hex("ffff00013132333435363738016553f1000001"))});
  REQUIRE(write.packets.size() == 1);
  const Frame written = lock.read(write.packets);
  CHECK(written.cmd == cmd::kDpWriteV4);
  CHECK(to_hex(written.data) == "000000000147000013ffff00013132333435363738016553f1000001");
  SessionOutput out = feed(session, lock.frame(cmd::kDpWriteV4, hex("000000000101"), written.sn));
  CHECK(out.events[0] == json{{"type", "ack"}, {"sn", written.sn}, {"ok", false}});

  out = feed(session, lock.frame(cmd::kDpReportV4WithTime,
                                 hex("00"
                                     "00000009"
                                     "00"
                                     "00"
                                     "01"
                                     "6553f100"
                                     "13020004"
                                     "00000001"),
                                 0));
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0]["time"] == 1700000000);
  CHECK(out.events[0]["dps"][0]["value"] == 1);
  CHECK(to_hex(lock.read(out.write).data) == "0000000009000000");

  out = feed(session, lock.frame(cmd::kDpReportV4,
                                 hex("00"
                                     "0000000a"
                                     "80"
                                     "00"
                                     "2f01000101"),
                                 0));
  CHECK(out.events[0]["type"] == "dps");
  CHECK(out.write.empty());  // flag bit 7: no answer wanted
}

TEST_CASE("session: bad packets become error events and change nothing") {
  CountingRandom random;
  Session session(config(3, 20), random);
  FakeLock lock{3, 20};
  handshake(session, lock, 3);

  auto corrupted = lock.frame(cmd::kDpReport, hex("2f010101"), 0);
  corrupted.back().back() ^= 0x01;
  SessionOutput out = feed(session, corrupted);
  REQUIRE(out.events.size() == 1);
  const auto code = out.events[0]["code"].get<std::string>();
  CHECK((code == "CRC_MISMATCH" || code == "BAD_FRAME"));

  auto reordered = lock.frame(cmd::kDpReport,
                              hex("2f010101"
                                  "08020400000050"
                                  "08020400000050"),
                              0);
  REQUIRE(reordered.size() >= 3);
  std::swap(reordered[1], reordered[2]);
  out = feed(session, reordered);
  CHECK(out.events[0]["code"] == "BAD_FRAME");

  Frame plain;
  plain.sn = 99;
  plain.cmd = cmd::kDpReport;
  plain.data = hex("2f010101");
  const Bytes unencrypted = encode_air_frame(plain, kModeNone, nullptr, nullptr);
  out = feed(session, packetize(unencrypted.data(), unencrypted.size(), 20, 3));
  CHECK(out.events[0]["code"] == "BAD_FRAME");  // mode 0 is refused once bound

  out = feed(session, lock.frame(cmd::kTimeMsRequest, Bytes{}, 0), std::nullopt);
  CHECK(out.events[0]["code"] == "INVALID_STATE");

  // Still working: a good report after all that.
  out = feed(session, lock.frame(cmd::kDpReport, hex("2f010100"), 0));
  CHECK(out.events[0]["dps"][0]["value"] == false);
  CHECK(session.state() == SessionState::Ready);
}

TEST_CASE("session: relayed cloud frames keep the SN rule") {
  CountingRandom random;
  Session session(config(3, 20), random);
  FakeLock lock{3, 20};
  handshake(session, lock, 3);
  REQUIRE(session.next_sn() == 4);

  // The cloud builds a mode-4 frame for bluetooth_sn = nextSn.
  Frame cloud;
  cloud.sn = session.next_sn();
  cloud.cmd = cmd::kDpWrite;
  cloud.data = hex("4700130001ffff3132333435363738016553f10000");
  const Bytes iv = hex("72426c51476e714b336a333462764b6a");
  const Bytes air = encode_air_frame(cloud, kModeKey4, lock.key4.data(), iv.data());
  const SentFrame sent = session.relay_air_frame(air, std::nullopt);
  CHECK(sent.sn == 4);
  CHECK(sent.packets == packetize(air.data(), air.size(), 20, 3));
  CHECK(session.next_sn() == 5);
  SessionOutput out = feed(session, lock.frame(cmd::kDpWrite, Bytes{0}, 4));
  CHECK(out.events[0] == json{{"type", "ack"}, {"sn", 4}, {"ok", true}});

  // The same frame again, or one built for an SN already used, is refused before it is sent.
  test::require_error([&] { session.relay_air_frame(air, std::nullopt); }, ErrorCode::ReplayedSn, "");
  CHECK(session.next_sn() == 5);
  // A frame built further ahead moves the session past it.
  cloud.sn = 9;
  const Bytes ahead = encode_air_frame(cloud, kModeKey4, lock.key4.data(), iv.data());
  CHECK(session.relay_air_frame(ahead, std::nullopt).sn == 9);
  CHECK(session.write_dps({Dp::boolean(33, true)}).sn == 10);
  // A corrupted frame is not relayed.
  Bytes broken = ahead;
  broken[20] ^= 1;
  CHECK_THROWS_AS(session.relay_air_frame(broken, std::nullopt), Error);
  // Frames of other modes need the SN the cloud used.
  Bytes other = ahead;
  other[0] = kModeKey14;
  test::require_error([&] { session.relay_air_frame(other, std::nullopt); }, ErrorCode::InvalidArgument, "sn");
  CHECK(session.relay_air_frame(other, 12).sn == 12);
  // A frame that writes two DPs is not relayed either: the lock would acknowledge and drop it.
  cloud.sn = session.next_sn();
  cloud.data =
      hex("470013"
          "ffff00013132333435363738016553f1000001"
          "21010101");
  const Bytes two = encode_air_frame(cloud, kModeKey4, lock.key4.data(), iv.data());
  test::require_error([&] { session.relay_air_frame(two, std::nullopt); }, ErrorCode::InvalidArgument, "instruction");
  CHECK(session.next_sn() == 13);
}

TEST_CASE("session: a relayed frame that would use up the SNs is refused before it is sent") {
  CountingRandom random;
  Session session(config(3, 20), random);
  FakeLock lock{3, 20};
  handshake(session, lock, 3);
  Frame cloud;
  cloud.cmd = cmd::kDpWrite;
  cloud.data = hex("4700130001ffff3132333435363738016553f10000");
  const Bytes iv = hex("72426c51476e714b336a333462764b6a");
  for (const uint32_t sn : {0xFFFFFFFFu, 0xFFFFFFFEu, 0xFFFF0000u}) {
    INFO("SN " << sn);
    cloud.sn = sn;
    const Bytes air = encode_air_frame(cloud, kModeKey4, lock.key4.data(), iv.data());
    try {
      session.relay_air_frame(air, std::nullopt);
      FAIL("relayed");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::InvalidArgument);
      CHECK(error.field() == "sn");
      CHECK(error.message().find("reconnect") != std::string::npos);
    }
    CHECK(session.next_sn() == 4);  // nothing spent: the session goes on as before
  }
  CHECK(session.write_dps({Dp::boolean(33, true)}).sn == 4);
  // The last SN that still leaves 2^16 for what follows is relayed, and the session goes on.
  cloud.sn = 0xFFFEFFFFu;
  const Bytes last = encode_air_frame(cloud, kModeKey4, lock.key4.data(), iv.data());
  CHECK(session.relay_air_frame(last, std::nullopt).sn == 0xFFFEFFFFu);
  CHECK(session.write_dps({Dp::boolean(33, true)}).sn == 0xFFFF0000u);
}

TEST_CASE("session: an unbound lock, a refused pair and wrong states") {
  CountingRandom random;
  SECTION("unbound") {
    Session session(config(3, 20), random);
    FakeLock lock{3, 20};
    const Frame request = lock.read(session.start(), kModeKey4);
    const SessionOutput out = feed(session, lock.frame(cmd::kDeviceInfo, device_info(false), request.sn, kModeKey4));
    CHECK(out.events.back()["code"] == "INVALID_STATE");
    CHECK(out.write.empty());
    CHECK(session.state() == SessionState::Closed);
  }
  SECTION("refused") {
    Session session(config(3, 20), random);
    FakeLock lock{3, 20};
    const Frame request = lock.read(session.start(), kModeKey4);
    const Frame pair =
        lock.read(feed(session, lock.frame(cmd::kDeviceInfo, device_info(), request.sn, kModeKey4)).write);
    const SessionOutput out = feed(session, lock.frame(cmd::kPair, Bytes{kPairFailed}, pair.sn));
    // The lock compares the pair request's uuid with its own: a refusal means another uuid.
    CHECK(out.events[0]["code"] == "LOCK_REJECTED");
    CHECK(out.events[0]["field"] == "uuid");
    CHECK(session.state() == SessionState::Closed);
  }
  SECTION("a device-info answer under another local key") {
    Session session(config(3, 20), random);
    FakeLock lock{3, 20};
    const Frame request = lock.read(session.start(), kModeKey4);
    FakeLock other{3, 20};
    other.key4 = derive_key4(test::secret("zzzzzz0123456789"));
    const SessionOutput out = feed(session, other.frame(cmd::kDeviceInfo, device_info(), request.sn, kModeKey4));
    REQUIRE(out.events.size() == 1);
    const auto code = out.events[0]["code"].get<std::string>();
    CHECK((code == "CRC_MISMATCH" || code == "BAD_FRAME"));
    CHECK(out.events[0]["field"] == "localKey");
    CHECK(out.events[0]["message"].get<std::string>().find("check localKey / uuid") != std::string::npos);
    CHECK(out.write.empty());  // no pair request under a key the lock does not share
  }
  SECTION("states") {
    Session session(config(3, 20), random);
    test::require_error([&] { session.write_dps({Dp::boolean(1, true)}); }, ErrorCode::InvalidState, "");
    test::require_error([&] { session.unbind(); }, ErrorCode::InvalidState, "");
    session.start();
    test::require_error([&] { session.start(); }, ErrorCode::InvalidState, "");
    // A session frame before srand exists is refused.
    FakeLock lock{3, 20};
    CHECK(feed(session, lock.frame(cmd::kDpReport, hex("2f010101"), 0)).events[0]["code"] == "BAD_FRAME");
  }
  SECTION("configuration") {
    SessionConfig bad = config(3, 20);
    bad.uuid = "short";
    test::require_error([&] { Session s(std::move(bad), random); }, ErrorCode::InvalidArgument, "uuid");
    bad = config(3, 19);
    test::require_error([&] { Session s(std::move(bad), random); }, ErrorCode::InvalidArgument, "mtu");
  }
}

TEST_CASE("session: one DP per write (the lock drops a write of several after acknowledging it)") {
  CountingRandom random;
  for (int protocol : {3, 4}) {
    INFO("protocol " << protocol);
    Session session(config(protocol, 20), random);
    FakeLock lock{protocol, 20};
    handshake(session, lock, protocol);
    const uint32_t next = session.next_sn();
    test::require_error(
        [&] {
          session.write_dps({Dp::string(64, "1700000000"), Dp::raw(52, Bytes{7})});
        },
        ErrorCode::InvalidArgument, "dps");
    test::require_error(
        [&] {
          session.write_dps({Dp::boolean(33, true), Dp::boolean(46, true)});
        },
        ErrorCode::InvalidArgument, "dps");
    CHECK(session.next_sn() == next);  // nothing was framed
    const SentFrame single = session.write_dps({Dp::raw(52, Bytes{7})});
    CHECK(single.sn == next);
    const Frame written = lock.read(single.packets);
    CHECK(to_hex(written.data) == (protocol >= 4 ? "000000000134000001"
                                                   "07"
                                                 : "340001"
                                                   "07"));
  }
}

TEST_CASE("session: the deviceInfo event shows the full firmware and hardware versions") {
  CountingRandom random;
  Session session(config(3, 20), random);
  FakeLock lock{3, 20};
  const Frame request = lock.read(session.start(), kModeKey4);
  Bytes info = device_info();
  info[0] = 0x02;  // the low 16 bits of 1.2.3
  info[1] = 0x03;
  info[12] = 0x00;
  info[13] = 0x05;
  info[46] = 1;
  info[47] = 2;
  info[48] = 3;
  info[49] = 1;
  info[50] = 0;
  info[51] = 5;
  const SessionOutput out = feed(session, lock.frame(cmd::kDeviceInfo, info, request.sn, kModeKey4));
  CHECK(out.events[0]["firmware"] == "1.2.3");
  CHECK(out.events[0]["hardware"] == "1.0.5");

  Session short_answer(config(3, 20), random);
  FakeLock other{3, 20};
  const Frame again = other.read(short_answer.start(), kModeKey4);
  const Bytes first46(info.begin(), info.begin() + 46);
  const SessionOutput shown = feed(short_answer, other.frame(cmd::kDeviceInfo, first46, again.sn, kModeKey4));
  CHECK(shown.events[0]["firmware"] == "2.3");
  CHECK(shown.events[0]["hardware"] == "0.5");
}

TEST_CASE("session: pairLayout overrides stay for odd firmware") {
  CountingRandom random;
  const std::pair<PairLayout, size_t> layouts[] = {
      {PairLayout::Fixed44, 44}, {PairLayout::Source45, 46}, {PairLayout::Source61, 62}, {PairLayout::Both, 62}};
  for (const auto& [layout, size] : layouts) {
    SessionConfig chosen = config(4, 20);
    chosen.pair_layout = layout;
    Session session(std::move(chosen), random);
    FakeLock lock{4, 20};
    const Frame request = lock.read(session.start(), kModeKey4);
    const Frame pair =
        lock.read(feed(session, lock.frame(cmd::kDeviceInfo, device_info(), request.sn, kModeKey4)).write);
    CHECK(pair.data.size() == size);
    if (layout == PairLayout::Source61)
      CHECK(to_hex(Bytes(pair.data.begin() + 44, pair.data.end())) == "00" + std::string(32, '0') + "03");
  }
}
