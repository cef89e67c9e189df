// CRC, keys and frames against vectors.md §1-§4, plus the length and checksum checks.
#include "doorlock/ble/crc16.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/keys.h"
#include "doorlock/crypto/md5.h"
#include "doorlock/crypto/random.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using test::hex;

namespace {

const Bytes kIv = hex("000102030405060708090a0b0c0d0e0f");

SecretBytes local_key() { return test::secret("abcdef0123456789"); }

Frame frame(uint32_t sn, uint16_t command, const std::string& data_hex) {
  Frame out;
  out.sn = sn;
  out.cmd = command;
  out.data = hex(data_hex);
  return out;
}

// A RandomSource that hands out a fixed byte pattern, to see where the IV comes from.
class FixedRandom final : public crypto::RandomSource {
 public:
  explicit FixedRandom(uint8_t start) : next_(start) {}
  void fill(uint8_t* out, size_t size) override {
    for (size_t i = 0; i < size; ++i) out[i] = next_++;
  }

 private:
  uint8_t next_;
};

}  // namespace

TEST_CASE("vectors.md §1: CRC-16/MODBUS check value") {
  const std::string text = "123456789";
  CHECK(crc16(reinterpret_cast<const uint8_t*>(text.data()), text.size()) == 0x4B37);
  CHECK(crc16(nullptr, 0) == 0xFFFF);
}

TEST_CASE("vectors.md §2: plaintext frames") {
  CHECK(to_hex(encode_plain_frame(frame(1, cmd::kDeviceInfo, ""))) == "0000000100000000000000009269");
  CHECK(to_hex(encode_plain_frame(frame(1, cmd::kDeviceInfo, "0014"))) == "0000000100000000000000020014320e");
  CHECK(to_hex(encode_plain_frame(frame(4, cmd::kDpWrite, "21010101"))) == "00000004000000000002000421010101d8f9");
  CHECK(to_hex(encode_plain_frame(
            frame(3, cmd::kDpWriteV4, "000000000247000013ffff00013132333435363738016553f1000001"))) ==
        "00000003000000000027001c000000000247000013ffff00013132333435363738016553f10000015a6c");

  const Bytes wire = hex("00000003000000000027001c000000000247000013ffff00013132333435363738016553f10000015a6c");
  const Frame back = decode_plain_frame(wire.data(), wire.size());
  CHECK(back.sn == 3);
  CHECK(back.ack_sn == 0);
  CHECK(back.cmd == cmd::kDpWriteV4);
  CHECK(to_hex(back.data) == "000000000247000013ffff00013132333435363738016553f1000001");
}

TEST_CASE("vectors.md §3: keys of modes 4 and 5") {
  const SecretBytes key = local_key();
  CHECK(to_hex(derive_key4(key).reveal()) == "e80b5017098950fc58aad83c8c14978e");
  const Bytes srand = hex("112233445566");
  CHECK(to_hex(derive_session_key(key, srand.data(), srand.size()).reveal()) == "15802df1b2bc922b4293b500fd3704e5");

  KeyInputs in;
  in.local_key = &key;
  CHECK(to_hex(derive_key(kModeKey4, in).reveal()) == "e80b5017098950fc58aad83c8c14978e");
  test::require_error([&] { derive_key(kModeSession, in); }, ErrorCode::InvalidArgument, "srand");
  in.srand = hex("1122334455");
  test::require_error([&] { derive_key(kModeSession, in); }, ErrorCode::InvalidArgument, "srand");
  const SecretBytes short_key = test::secret("abc");
  in.local_key = &short_key;
  test::require_error([&] { derive_key(kModeKey4, in); }, ErrorCode::InvalidArgument, "localKey");
  test::require_error([&] { derive_key(3, in); }, ErrorCode::InvalidArgument, "mode");
  test::require_error([&] { derive_key(13, in); }, ErrorCode::InvalidArgument, "mode");
}

TEST_CASE("cryption v2 keys are MD5 of their documented material") {
  const SecretBytes key = local_key();
  const SecretBytes sec = test::secret("0123456789abcdef");
  KeyInputs in;
  in.local_key = &key;
  in.sec_key = &sec;
  // md5("abcdef0123456789" "0123456789abcdef"), computed independently with `openssl md5`.
  const std::string expected14 = "8461167ceab0f36fbd262abbf107abb5";
  const SecretBytes got14 = derive_key(kModeKey14, in);
  const std::string material = "abcdef01234567890123456789abcdef";
  CHECK(to_hex(got14.reveal()) ==
        to_hex(crypto::md5(reinterpret_cast<const uint8_t*>(material.data()), material.size()).reveal()));
  CHECK(to_hex(got14.reveal()) == expected14);
  in.srand = hex("112233445566");
  CHECK(derive_key(kModeSessionV2, in).reveal() != got14.reveal());

  const SecretBytes auth = test::secret("0123456789abcdef0123456789abcdef");
  in.auth_key = &auth;
  in.uuid = Bytes(16, 0x55);
  in.service_rand = Bytes(16, 0x66);
  test::require_error([&] { derive_key(kModeKey11, in); }, ErrorCode::InvalidArgument, "experimental");
  in.allow_experimental = true;
  const SecretBytes k11 = derive_key(kModeKey11, in);
  Bytes m11(auth.data(), auth.data() + 32);
  m11.insert(m11.end(), in.uuid.begin(), in.uuid.end());
  m11.insert(m11.end(), in.service_rand.begin(), in.service_rand.end());
  CHECK(k11.reveal() == crypto::md5(m11.data(), m11.size()).reveal());
  Bytes m12 = k11.reveal();
  m12.insert(m12.end(), in.srand.begin(), in.srand.end());
  CHECK(derive_key(kModeKey12, in).reveal() == crypto::md5(m12.data(), m12.size()).reveal());
  Bytes m16(auth.data(), auth.data() + 32);
  const Bytes uuid_digest = crypto::md5(in.uuid.data(), in.uuid.size()).reveal();
  m16.insert(m16.end(), uuid_digest.begin(), uuid_digest.end());
  m16.insert(m16.end(), in.service_rand.begin(), in.service_rand.end());
  CHECK(derive_key(kModeKey16, in).reveal() == crypto::md5(m16.data(), m16.size()).reveal());
}

TEST_CASE("vectors.md §4: air frames with a fixed IV") {
  const SecretBytes key = derive_key4(local_key());
  CHECK(to_hex(encode_air_frame(frame(1, cmd::kDeviceInfo, "0014"), kModeKey4, key.data(), kIv.data())) ==
        "04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3");
  CHECK(to_hex(encode_air_frame(frame(1, cmd::kDeviceInfo, ""), kModeKey4, key.data(), kIv.data(), Padding::Zero)) ==
        "04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723");
  CHECK(to_hex(encode_air_frame(frame(1, cmd::kDeviceInfo, ""), kModeKey4, key.data(), kIv.data())) ==
        "04000102030405060708090a0b0c0d0e0fb5d360c1a093a92a12ccf2c70fa460ac");

  // Both paddings decode: the length comes from LEN and the checksum.
  for (const char* air_hex : {"04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723",
                              "04000102030405060708090a0b0c0d0e0fb5d360c1a093a92a12ccf2c70fa460ac"}) {
    const Bytes air = hex(air_hex);
    CHECK(air_frame_mode(air.data(), air.size()) == 4);
    const Frame back = decode_air_frame(air.data(), air.size(), key.data());
    CHECK(back.sn == 1);
    CHECK(back.cmd == cmd::kDeviceInfo);
    CHECK(back.data.empty());
  }
}

TEST_CASE("the IV comes from the random source") {
  const SecretBytes key = derive_key4(local_key());
  FixedRandom random(0);
  const Bytes air = encode_air_frame(frame(1, cmd::kDeviceInfo, "0014"), kModeKey4, key, random);
  CHECK(to_hex(air) == "04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3");
  const Bytes second = encode_air_frame(frame(1, cmd::kDeviceInfo, "0014"), kModeKey4, key, random);
  CHECK(to_hex(air_frame_iv(second.data(), second.size())) == "101112131415161718191a1b1c1d1e1f");
}

TEST_CASE("mode 0 carries the plaintext frame") {
  const Bytes air = encode_air_frame(frame(7, cmd::kPair, "00"), kModeNone, nullptr, nullptr);
  CHECK(to_hex(air).substr(0, 2) == "00");
  CHECK(Bytes(air.begin() + 1, air.end()) == encode_plain_frame(frame(7, cmd::kPair, "00")));
  const Frame back = decode_air_frame(air.data(), air.size(), nullptr);
  CHECK(back.sn == 7);
  CHECK(to_hex(back.data) == "00");
}

TEST_CASE("decoding rejects short, misaligned and corrupted frames") {
  const SecretBytes key = derive_key4(local_key());
  const Bytes air = hex("04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3");
  const auto decode = [&](const Bytes& bytes) { decode_air_frame(bytes.data(), bytes.size(), key.data()); };
  test::require_error([&] { decode(Bytes{}); }, ErrorCode::BadFrame, "");
  test::require_error([&] { decode(Bytes(air.begin(), air.begin() + 17)); }, ErrorCode::BadFrame, "");
  test::require_error([&] { decode(Bytes(air.begin(), air.end() - 1)); }, ErrorCode::BadFrame, "");
  Bytes unknown = air;
  unknown[0] = 9;
  test::require_error([&] { decode(unknown); }, ErrorCode::BadFrame, "");
  Bytes corrupted = air;
  corrupted[20] ^= 0x01;  // garbles the only block: LEN or CRC breaks
  try {
    decode(corrupted);
    FAIL("a corrupted frame decoded");
  } catch (const Error& error) {
    CHECK((error.code() == ErrorCode::CrcMismatch || error.code() == ErrorCode::BadFrame));
  }
  // A wrong key yields garbage that fails the same checks.
  const Bytes srand = hex("112233445566");
  const SecretBytes other = derive_session_key(local_key(), srand.data(), srand.size());
  CHECK_THROWS_AS(decode_air_frame(air.data(), air.size(), other.data()), Error);

  // Plaintext: LEN past the end, and a flipped CRC bit.
  Bytes plain = hex("0000000100000000000000020014320e");
  plain[11] = 0x03;
  test::require_error([&] { decode_plain_frame(plain.data(), plain.size()); }, ErrorCode::BadFrame, "");
  plain = hex("0000000100000000000000020014320f");
  test::require_error([&] { decode_plain_frame(plain.data(), plain.size()); }, ErrorCode::CrcMismatch, "");
  plain = hex("000000010000000000000002");
  test::require_error([&] { decode_plain_frame(plain.data(), plain.size()); }, ErrorCode::BadFrame, "");
}

TEST_CASE("frames round-trip for random content, sizes and both paddings") {
  auto& rng = test::test_rng();
  const SecretBytes key = derive_key4(local_key());
  for (int round = 0; round < 200; ++round) {
    Frame in;
    in.sn = static_cast<uint32_t>(rng());
    in.ack_sn = static_cast<uint32_t>(rng());
    in.cmd = static_cast<uint16_t>(rng());
    in.data.resize(rng() % 300);
    for (auto& byte : in.data) byte = static_cast<uint8_t>(rng());
    Bytes iv(16);
    for (auto& byte : iv) byte = static_cast<uint8_t>(rng());
    const Padding padding = round % 2 ? Padding::Tuya : Padding::Zero;
    const Bytes air = encode_air_frame(in, kModeSession, key.data(), iv.data(), padding);
    const size_t plain_size = kFrameHeaderSize + in.data.size() + kCrcSize;
    CHECK(air.size() == 1 + 16 + (plain_size + 15) / 16 * 16);
    const Frame out = decode_air_frame(air.data(), air.size(), key.data());
    CHECK(out.sn == in.sn);
    CHECK(out.ack_sn == in.ack_sn);
    CHECK(out.cmd == in.cmd);
    CHECK(out.data == in.data);
  }
}
