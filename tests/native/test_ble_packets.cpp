// Sub-packets (vectors.md §5) and the lock's reassembly rules at every MTU the app may use.
#include <algorithm>

#include "doorlock/ble/packets.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using test::hex;

namespace {

Bytes random_bytes(size_t size) {
  Bytes out(size);
  for (auto& byte : out) byte = static_cast<uint8_t>(test::test_rng()());
  return out;
}

std::vector<Bytes> split(const Bytes& air, size_t mtu, int protocol = 3) {
  return packetize(air.data(), air.size(), mtu, protocol);
}

// Feeds packets in order; returns every completed frame.
std::vector<Bytes> feed(Reassembler& reassembler, const std::vector<Bytes>& packets) {
  std::vector<Bytes> frames;
  for (const Bytes& packet : packets) {
    if (auto frame = reassembler.push(packet.data(), packet.size())) frames.push_back(std::move(*frame));
  }
  return frames;
}

}  // namespace

TEST_CASE("vectors.md §5: sub-packets at MTU 20") {
  const Bytes v4 = hex("04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3");
  auto packets = split(v4, 20, 4);
  REQUIRE(packets.size() == 2);
  CHECK(to_hex(packets[0]) == "00214004000102030405060708090a0b0c0d0e0f");
  CHECK(to_hex(packets[1]) == "01547943f9450b76099bfb0b53cf4036e3");

  const Bytes v3 = hex("04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723");
  packets = split(v3, 20, 3);
  REQUIRE(packets.size() == 2);
  CHECK(to_hex(packets[0]) == "00213004000102030405060708090a0b0c0d0e0f");
  CHECK(to_hex(packets[1]) == "01f8bc69d43b1f0e3bf28ac34ec4aa2723");

  Reassembler reassembler(3);
  const auto frames = feed(reassembler, packets);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == v3);
  CHECK(reassembler.version() == 0x30);
}

TEST_CASE("varints are little-endian base 128, at most 4 bytes") {
  const std::pair<uint32_t, const char*> cases[] = {{0, "00"},     {0x7F, "7f"},   {0x80, "8001"},
                                                    {300, "ac02"}, {1536, "800c"}, {0x0FFFFFFF, "ffffff7f"}};
  for (const auto& [value, wire] : cases) {
    Bytes out;
    put_varint(out, value);
    CHECK(to_hex(out) == wire);
    size_t offset = 0;
    uint32_t back = 0;
    REQUIRE(read_varint(out.data(), out.size(), offset, back));
    CHECK(back == value);
    CHECK(offset == out.size());
  }
  const Bytes five = hex("ffffffff01");
  size_t offset = 0;
  uint32_t value = 0;
  CHECK_FALSE(read_varint(five.data(), five.size(), offset, value));
  const Bytes truncated = hex("80");
  offset = 0;
  CHECK_FALSE(read_varint(truncated.data(), truncated.size(), offset, value));
}

TEST_CASE("packetize and reassemble at MTU 20, 23, 100, 244 and 512") {
  for (size_t mtu : {20, 23, 100, 244, 512}) {
    for (size_t size : {1, 17, 33, 127, 128, 129, 500, 1024}) {
      INFO("mtu " << mtu << " size " << size);
      const Bytes air = random_bytes(size);
      const auto packets = split(air, mtu);
      size_t payload = 0;
      for (size_t i = 0; i < packets.size(); ++i) {
        CHECK(packets[i].size() <= mtu);
        if (i + 1 < packets.size()) CHECK(packets[i].size() == mtu);  // every packet but the last is full
        size_t offset = 0;
        uint32_t number = 0;
        REQUIRE(read_varint(packets[i].data(), packets[i].size(), offset, number));
        CHECK(number == i);
        if (i == 0) {
          uint32_t total = 0;
          REQUIRE(read_varint(packets[i].data(), packets[i].size(), offset, total));
          CHECK(total == size);
          CHECK(packets[i][offset++] == 0x30);
        }
        payload += packets[i].size() - offset;
      }
      CHECK(payload == size);
      Reassembler reassembler(3, mtu);
      const auto frames = feed(reassembler, packets);
      REQUIRE(frames.size() == 1);
      CHECK(frames[0] == air);
    }
  }
}

TEST_CASE("packet numbers beyond 127 take two varint bytes") {
  // Real frames never need 128 packets of 20 bytes; small hand-made packets reach that far.
  const Bytes air = random_bytes(1300);
  std::vector<Bytes> packets;
  for (size_t offset = 0, number = 0; offset < air.size(); offset += 10, ++number) {
    Bytes packet;
    put_varint(packet, static_cast<uint32_t>(number));
    if (number == 0) {
      put_varint(packet, static_cast<uint32_t>(air.size()));
      packet.push_back(0x40);
    }
    packet.insert(packet.end(), air.begin() + offset, air.begin() + offset + 10);
    packets.push_back(std::move(packet));
  }
  REQUIRE(packets.size() == 130);
  CHECK(to_hex(Bytes(packets[128].begin(), packets[128].begin() + 2)) == "8001");
  Reassembler reassembler(4, 20);
  const auto frames = feed(reassembler, packets);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == air);
}

TEST_CASE("packetize rejects what a lock would not take") {
  const Bytes air = random_bytes(40);
  test::require_error([&] { split(air, 19); }, ErrorCode::InvalidArgument, "mtu");
  test::require_error([&] { split(air, 513); }, ErrorCode::InvalidArgument, "mtu");
  test::require_error([&] { split(air, 20, 1); }, ErrorCode::InvalidArgument, "protocol");
  test::require_error([&] { split(Bytes{}, 20); }, ErrorCode::InvalidArgument, "air");
  test::require_error([&] { split(random_bytes(1025), 20, 3); }, ErrorCode::InvalidArgument, "air");
  CHECK(split(random_bytes(1536), 244, 4).size() > 1);
  test::require_error([&] { split(random_bytes(1537), 244, 4); }, ErrorCode::InvalidArgument, "air");
}

TEST_CASE("duplicates are ignored, gaps and steps back discard") {
  const Bytes air = random_bytes(100);
  const auto packets = split(air, 20);  // 6 packets
  REQUIRE(packets.size() == 6);

  SECTION("every packet twice") {
    Reassembler reassembler;
    std::vector<Bytes> doubled;
    for (const auto& packet : packets) {
      doubled.push_back(packet);
      doubled.push_back(packet);
    }
    const auto frames = feed(reassembler, doubled);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0] == air);
    CHECK(reassembler.last_status() == Reassembler::Status::Duplicate);  // the repeat of the last packet
  }
  SECTION("a gap discards, and the next frame still assembles") {
    Reassembler reassembler;
    auto gapped = packets;
    gapped.erase(gapped.begin() + 2);
    CHECK(feed(reassembler, gapped).empty());
    CHECK(feed(reassembler, packets).size() == 1);
  }
  SECTION("a step back discards") {
    Reassembler reassembler;
    feed(reassembler, {packets[0], packets[1], packets[2]});
    CHECK_FALSE(reassembler.push(packets[1].data(), packets[1].size()).has_value());
    CHECK(reassembler.last_status() == Reassembler::Status::Discarded);
    CHECK(std::string(reassembler.last_problem()) == "packet number went back");
    CHECK(feed(reassembler, {packets[3], packets[4], packets[5]}).empty());
  }
  SECTION("reordered packets never yield a frame") {
    Reassembler reassembler;
    auto swapped = packets;
    std::swap(swapped[3], swapped[4]);
    CHECK(feed(reassembler, swapped).empty());
  }
  SECTION("packet 0 restarts a frame in progress") {
    Reassembler reassembler;
    feed(reassembler, {packets[0], packets[1]});
    const auto frames = feed(reassembler, packets);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0] == air);
  }
  SECTION("a packet with no frame in progress discards") {
    Reassembler reassembler;
    CHECK_FALSE(reassembler.push(packets[3].data(), packets[3].size()).has_value());
    CHECK(reassembler.last_status() == Reassembler::Status::Discarded);
  }
  SECTION("truncated streams stay pending") {
    Reassembler reassembler;
    CHECK(feed(reassembler, {packets[0], packets[1], packets[2], packets[3], packets[4]}).empty());
    CHECK(reassembler.in_progress());
    CHECK(reassembler.last_status() == Reassembler::Status::Pending);
  }
}

TEST_CASE("over-long totals, oversize packets and garbage are discarded") {
  Reassembler v3(3, 20);
  Bytes first;
  put_varint(first, 0);
  put_varint(first, 1025);
  first.push_back(0x30);
  first.push_back(0x04);
  CHECK_FALSE(v3.push(first.data(), first.size()).has_value());
  CHECK(v3.last_status() == Reassembler::Status::Discarded);

  Reassembler v4(4, 20);
  first.clear();
  put_varint(first, 0);
  put_varint(first, 1536);
  first.push_back(0x40);
  CHECK_FALSE(v4.push(first.data(), first.size()).has_value());
  CHECK(v4.last_status() == Reassembler::Status::Pending);
  first[1] = 0x81;  // 1537
  CHECK_FALSE(v4.push(first.data(), first.size()).has_value());
  CHECK(v4.last_status() == Reassembler::Status::Discarded);

  const Bytes oversize(21, 0);
  CHECK_FALSE(v3.push(oversize.data(), oversize.size()).has_value());
  CHECK(v3.last_status() == Reassembler::Status::Discarded);
  for (const char* garbage : {"", "80", "00", "0080", "0000", "00a1"}) {
    const Bytes bytes = hex(garbage);
    CHECK_FALSE(v3.push(bytes.data(), bytes.size()).has_value());
    CHECK(v3.last_status() == Reassembler::Status::Discarded);
  }
}

TEST_CASE("excess payload in the last packet is cut off") {
  const Bytes packet = hex("00033001020304");
  Reassembler reassembler;
  const auto frame = reassembler.push(packet.data(), packet.size());
  REQUIRE(frame.has_value());
  CHECK(to_hex(*frame) == "010203");
}
