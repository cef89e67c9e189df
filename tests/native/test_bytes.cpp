#include "doorlock/bytes.h"
#include "test_support.h"

using namespace doorlock;

TEST_CASE("hex round trip keeps every byte and both letter cases decode") {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<uint8_t>(i);
  const std::string lower = to_hex(all);
  CHECK(lower.substr(0, 8) == "00010203");
  CHECK(lower.substr(lower.size() - 4) == "feff");
  CHECK(from_hex(lower, "x") == all);
  CHECK(from_hex(to_hex(all, HexCase::Upper), "x") == all);
  CHECK(to_hex(Bytes{0xAB, 0x0C}, HexCase::Upper) == "AB0C");
}

TEST_CASE("hex errors name the field and do not echo the text") {
  test::require_error([] { from_hex("abc", "ticketKey"); }, ErrorCode::InvalidArgument, "ticketKey");
  try {
    from_hex("00zzsecret", "ticketKey");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.field() == "ticketKey");
    CHECK(error.message().find("secret") == std::string::npos);
    CHECK(error.message().find("position 2") != std::string::npos);
  }
}

TEST_CASE("big-endian helpers") {
  Bytes out;
  put_u16be(out, 0x1234);
  put_u32be(out, 0xA1B2C3D4);
  CHECK(to_hex(out) == "1234a1b2c3d4");
  CHECK(get_u16be(out.data()) == 0x1234);
  CHECK(get_u32be(out.data() + 2) == 0xA1B2C3D4u);
}

TEST_CASE("SecretBytes wipes what it drops") {
  SecretBytes secret(Bytes{1, 2, 3, 4, 5, 6});
  const uint8_t* tail = secret.data() + 4;
  secret.resize(4);
  // The bytes past the new end still belong to the vector's capacity, so reading them is defined.
  CHECK(tail[0] == 0);
  CHECK(tail[1] == 0);
  CHECK(secret.reveal() == Bytes{1, 2, 3, 4});
  SecretBytes moved = std::move(secret);
  CHECK(moved.size() == 4);
}
