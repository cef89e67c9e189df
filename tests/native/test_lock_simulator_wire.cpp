// The lock simulator against frames built by hand from vectors.md, decrypted and checked with the
// OpenSSL's libcrypto and a CRC written here: nothing on the app side of the project takes part,
// so a bug shared by the app codec and the simulator cannot hide.
#include <unistd.h>
#include <cstdio>

#include "lock_simulator_support.h"

using namespace doorlock;
using test::hex;

namespace {

const char* const kKey4 = "e80b5017098950fc58aad83c8c14978e";     // vectors.md §3, localKey abcdef0123456789
const char* const kSession = "15802df1b2bc922b4293b500fd3704e5";  // vectors.md §3, srand 112233445566

// CRC-16/MODBUS bit by bit (ble-protocol.md §1a), checked against the standard check value below.
uint16_t modbus_crc(const Bytes& data) {
  uint16_t crc = 0xFFFF;
  for (uint8_t byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) != 0 ? static_cast<uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
  }
  return crc;
}

Bytes openssl_cbc(bool decrypt, const std::string& key_hex, const Bytes& iv, const Bytes& data) {
  return doorlock::test::openssl_cipher("aes-128-cbc", decrypt, doorlock::test::hex(key_hex), iv, data, false);
}

// A plaintext frame with its CRC, zero-padded to whole blocks, encrypted and split into packets
// of at most 20 bytes (every total here is below 128, so each varint is one byte).
std::vector<Bytes> app_packets(uint32_t sn, uint16_t command, const Bytes& data, uint8_t mode, const char* key,
                               const Bytes& iv, int protocol) {
  Bytes plain;
  put_u32be(plain, sn);
  put_u32be(plain, 0);
  put_u16be(plain, command);
  put_u16be(plain, static_cast<uint16_t>(data.size()));
  plain.insert(plain.end(), data.begin(), data.end());
  put_u16be(plain, modbus_crc(plain));
  plain.resize((plain.size() + 15) / 16 * 16, 0);
  Bytes air{mode};
  air.insert(air.end(), iv.begin(), iv.end());
  const Bytes cipher = openssl_cbc(false, key, iv, plain);
  air.insert(air.end(), cipher.begin(), cipher.end());
  REQUIRE(air.size() < 128);
  std::vector<Bytes> packets;
  Bytes first{0x00, static_cast<uint8_t>(air.size()), static_cast<uint8_t>(protocol << 4)};
  size_t offset = std::min<size_t>(17, air.size());
  first.insert(first.end(), air.begin(), air.begin() + offset);
  packets.push_back(first);
  for (uint8_t number = 1; offset < air.size(); ++number) {
    const size_t take = std::min<size_t>(19, air.size() - offset);
    Bytes packet{number};
    packet.insert(packet.end(), air.begin() + offset, air.begin() + offset + take);
    packets.push_back(packet);
    offset += take;
  }
  return packets;
}

// Little-endian base-128 (ble-protocol.md §4).
uint32_t varint(const Bytes& packet, size_t& offset) {
  uint32_t value = 0;
  for (int shift = 0; shift < 28; shift += 7) {
    const uint8_t byte = packet.at(offset++);
    value |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return value;
}

struct PlainFrame {
  uint8_t mode = 0;
  uint8_t version = 0;
  uint32_t sn = 0;
  uint32_t ack_sn = 0;
  uint16_t cmd = 0;
  Bytes data;
};

// Notifications back into frames, each checked for its packet size, CRC and padding rule.
std::vector<PlainFrame> lock_frames(const std::vector<Bytes>& notifications, const char* key) {
  std::vector<PlainFrame> out;
  Bytes air;
  size_t total = 0;
  uint8_t version = 0;
  for (const Bytes& packet : notifications) {
    CHECK(packet.size() <= 20);
    size_t offset = 0;
    const uint32_t number = varint(packet, offset);
    if (number == 0) {
      total = varint(packet, offset);
      version = packet[offset++];
      air.clear();
    }
    air.insert(air.end(), packet.begin() + offset, packet.end());
    if (air.size() < total) continue;
    REQUIRE(air.size() == total);
    PlainFrame frame;
    frame.mode = air[0];
    frame.version = version;
    const Bytes iv(air.begin() + 1, air.begin() + 17);
    const Bytes plain = openssl_cbc(true, key, iv, Bytes(air.begin() + 17, air.end()));
    frame.sn = get_u32be(plain.data());
    frame.ack_sn = get_u32be(plain.data() + 4);
    frame.cmd = get_u16be(plain.data() + 8);
    const size_t length = get_u16be(plain.data() + 10);
    frame.data.assign(plain.begin() + 12, plain.begin() + 12 + length);
    CHECK(modbus_crc(Bytes(plain.begin(), plain.begin() + 12 + length)) == get_u16be(plain.data() + 12 + length));
    // The lock pads the way its SDK does: n bytes of value n, nothing when already aligned.
    const size_t padding = plain.size() - (14 + length);
    for (size_t i = 14 + length; i < plain.size(); ++i) CHECK(plain[i] == padding);
    out.push_back(frame);
    air.clear();
    total = 0;
  }
  return out;
}

}  // namespace

TEST_CASE("the test's own CRC gives the MODBUS check value") {
  CHECK(modbus_crc(Bytes{'1', '2', '3', '4', '5', '6', '7', '8', '9'}) == 0x4B37);
  CHECK(modbus_crc(hex("000000010000000000000002"
                       "0014")) == 0x320e);  // vectors.md §2
}

TEST_CASE("a v4 session from vectors.md, with the lock's answers decrypted by OpenSSL") {
  test::ScriptedRandom random;
  test::Clock clock;
  auto options = test::lock_options(random, clock, 4, 20);
  options.local_key = test::secret("abcdef0123456789");
  sim::LockSimulator lock(std::move(options));
  lock.connect();
  random.script(hex("112233445566"));  // the srand of vectors.md §3

  // vectors.md §5: the v4 device-info request, exactly as published.
  std::vector<Bytes> answer =
      test::feed(lock, {hex("00214004000102030405060708090a0b0c0d0e0f"), hex("01547943f9450b76099bfb0b53cf4036e3")});
  std::vector<PlainFrame> frames = lock_frames(answer, kKey4);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].mode == 4);  // the answer comes in the request's mode
  CHECK(frames[0].version >> 4 == 4);
  CHECK(frames[0].sn == 1);
  CHECK(frames[0].ack_sn == 1);
  CHECK(frames[0].cmd == 0x0000);
  REQUIRE(frames[0].data.size() == 85);  // §2.1 through byte 83, then a firmware-key length of 0
  CHECK(frames[0].data[2] == 4);
  CHECK(frames[0].data[5] == 1);  // bound
  CHECK(to_hex(Bytes(frames[0].data.begin() + 6, frames[0].data.begin() + 12)) == "112233445566");
  CHECK(std::string(frames[0].data.begin() + 55, frames[0].data.begin() + 77) == test::kDevId);
  CHECK(frames[0].data[84] == 0);

  // The pair request under the session key of vectors.md §3: uuid | login key | devId, source 3.
  Bytes pair(test::kUuid, test::kUuid + 16);
  for (char c : std::string("abcdef")) pair.push_back(static_cast<uint8_t>(c));
  const std::string dev_id = test::kDevId;
  pair.insert(pair.end(), dev_id.begin(), dev_id.end());
  pair.push_back(0);
  pair.push_back(3);
  answer = test::feed(lock, app_packets(2, 0x0001, pair, 5, kSession, hex("0f0e0d0c0b0a09080706050403020100"), 4));
  frames = lock_frames(answer, kSession);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].mode == 5);
  CHECK(frames[0].cmd == 0x0001);
  CHECK(frames[0].sn == 2);
  CHECK(frames[0].ack_sn == 2);
  CHECK(frames[0].data == Bytes{0x02});  // already bound
  CHECK(frames[1].cmd == 0x8011);        // then it asks for the time
  CHECK(frames[1].sn == 3);
  CHECK(frames[1].ack_sn == 0);
  CHECK(frames[1].data.empty());
  CHECK(lock.status().paired);

  // The time answer: 13 ASCII digits of milliseconds and +8 h as 800 (vectors.md §8: 0320).
  Bytes time;
  for (char c : std::string("1700000000499")) time.push_back(static_cast<uint8_t>(c));
  time.push_back(0x03);
  time.push_back(0x20);
  clock.now = 1600000000;  // the lock's own clock is off until the sync
  answer = test::feed(lock, app_packets(3, 0x8011, time, 5, kSession, hex("00112233445566778899aabbccddeeff"), 4));
  CHECK(answer.empty());
  CHECK(lock.status().time_synced);
  CHECK(lock.status().rtc == 1700000000);  // rounded to the nearest second
  CHECK(lock.status().time_zone == 800);

  // vectors.md §6: the v4 DP 71 unlock with check code 12345678, sent with SN 4.
  const Bytes write = hex("000000000247000013ffff00013132333435363738016553f1000001");
  answer = test::feed(lock, app_packets(4, 0x0027, write, 5, kSession, hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"), 4));
  frames = lock_frames(answer, kSession);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].cmd == 0x0027);
  CHECK(frames[0].ack_sn == 4);
  CHECK(to_hex(frames[0].data) == "000000000200");  // ver | dp_sn echoed, status 0
  // The DP 71 reply, ids swapped, result 0 (ble-protocol.md §6.5), in a v4 report.
  CHECK(frames[1].cmd == 0x8006);
  CHECK(to_hex(frames[1].data) ==
        "00"
        "00000001"
        "00"
        "00"
        "47000013"
        "0001ffff"
        "3132333435363738"
        "01"
        "6553f100"
        "00"
        "00");
  CHECK(lock.status().unlocked);
  // The unlock record comes 200 ms later: DP 19 (member 1) with the lock's time.
  const std::optional<int64_t> due = lock.next_due();
  REQUIRE(due.has_value());
  CHECK(*due == clock.now * 1000 + 200);
  CHECK(lock.take_due(*due - 1).empty());
  const std::vector<PlainFrame> later = lock_frames(lock.take_due(*due), kSession);
  REQUIRE(later.size() == 1);
  CHECK(later[0].cmd == 0x8007);
  CHECK(later[0].ack_sn == 0);
  CHECK(to_hex(later[0].data) ==
        "00"
        "00000002"
        "00"
        "00"
        "01"
        "6553f100"
        "13020004"
        "00000001");
  CHECK(later[0].sn == frames[1].sn + 1);
  CHECK_FALSE(lock.next_due().has_value());
}

TEST_CASE("a v3 unlock: the DP 71 reply in 0x8001, the record 200 ms later in 0x8003 (OpenSSL)") {
  test::ScriptedRandom random;
  test::Clock clock;
  sim::LockSimulator lock(test::lock_options(random, clock, 3, 20));
  lock.connect();
  random.script(hex("112233445566"));  // the srand of vectors.md §3
  std::vector<PlainFrame> frames = lock_frames(
      test::feed(lock, app_packets(1, 0x0000, {}, 4, kKey4, hex("000102030405060708090a0b0c0d0e0f"), 3)), kKey4);
  REQUIRE(frames.size() == 1);
  CHECK(to_hex(Bytes(frames[0].data.begin() + 6, frames[0].data.begin() + 12)) == "112233445566");

  Bytes pair(test::kUuid, test::kUuid + 16);
  for (char c : std::string("abcdef")) pair.push_back(static_cast<uint8_t>(c));
  const std::string dev_id = test::kDevId;
  pair.insert(pair.end(), dev_id.begin(), dev_id.end());
  frames = lock_frames(
      test::feed(lock, app_packets(2, 0x0001, pair, 5, kSession, hex("0f0e0d0c0b0a09080706050403020100"), 3)),
      kSession);
  REQUIRE(frames.size() == 2);
  CHECK(frames[1].cmd == 0x8011);
  CHECK_FALSE(lock.status().pair_source.has_value());  // protocol 3 reads no source
  Bytes time;
  for (char c : std::string("1700000000000")) time.push_back(static_cast<uint8_t>(c));
  time.push_back(0x03);
  time.push_back(0x20);
  CHECK(
      test::feed(lock, app_packets(3, 0x8011, time, 5, kSession, hex("00112233445566778899aabbccddeeff"), 3)).empty());
  REQUIRE(lock.status().time_synced);

  // DP 71 with 1-byte lengths (ble-protocol.md §5): 47 | 00 | 13 | the 19 bytes of vectors.md §6.
  const Bytes write = hex("470013ffff00013132333435363738016553f1000001");
  frames = lock_frames(
      test::feed(lock, app_packets(4, 0x0002, write, 5, kSession, hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"), 3)),
      kSession);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].cmd == 0x0002);
  CHECK(frames[0].data == Bytes{0x00});
  CHECK(frames[1].cmd == 0x8001);
  CHECK(to_hex(frames[1].data) ==
        "470013"
        "0001ffff"
        "3132333435363738"
        "01"
        "6553f100"
        "00"
        "00");
  clock.now += 1;  // the lock's clock runs on; the record keeps the time of the opening
  const std::optional<int64_t> due = lock.next_due();
  REQUIRE(due.has_value());
  CHECK(*due == (clock.now - 1) * 1000 + 200);
  frames = lock_frames(lock.take_due(*due), kSession);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].cmd == 0x8003);
  // time_type 1 | u32 time | DP 19, type value, 1-byte length 4, member 1
  CHECK(to_hex(frames[0].data) ==
        "01"
        "6553f100"
        "130204"
        "00000001");
}

TEST_CASE("a v3 lock answers the published v3 device-info packets") {
  test::ScriptedRandom random;
  test::Clock clock;
  auto options = test::lock_options(random, clock, 3, 20);
  sim::LockSimulator lock(std::move(options));
  lock.connect();
  // vectors.md §5: the zero-padded v3 request of roquerodrigo/tuya-ble-sdk.
  const auto answer =
      test::feed(lock, {hex("00213004000102030405060708090a0b0c0d0e0f"), hex("01f8bc69d43b1f0e3bf28ac34ec4aa2723")});
  const auto frames = lock_frames(answer, kKey4);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].version >> 4 == 3);
  CHECK(frames[0].data.size() == 84);  // the v3.2+ layout
  CHECK(frames[0].data[2] == 3);
}
