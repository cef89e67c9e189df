// Codes shown the way a lock's keypad expects them (ble-protocol.md §6b.4): expected values are
// worked out by hand or by an independent integer conversion (std::to_chars, __int128 division).
#include "doorlock/password_display.h"

#include <charconv>

#include "test_support.h"

using namespace doorlock;
using doorlock::test::require_error;
using json = nlohmann::json;

namespace {

std::string shown(const std::string& password, int base, bool hide_zero = false) {
  PasswordDisplay display;
  display.digital_base = base;
  display.hide_zero = hide_zero;
  return display_password(password, display, "password");
}

// The value in `base` by plain integer division, for values up to 38 decimal digits.
std::string by_int128(unsigned __int128 value, int base) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(value % base)));
    value /= base;
  } while (value != 0);
  return out;
}

}  // namespace

TEST_CASE("password display: base 10 keeps every digit, leading zeros included", "[password_display]") {
  CHECK(shown("0123456789", 10) == "0123456789");
  CHECK(shown("0", 10) == "0");
}

TEST_CASE("password display: other bases, worked out by hand", "[password_display]") {
  CHECK(shown("100", 8) == "144");   // 64 + 4*8 + 4
  CHECK(shown("255", 4) == "3333");  // 3*64 + 3*16 + 3*4 + 3
  CHECK(shown("0123", 8) == "173");  // the value 123 = 64 + 7*8 + 3: the leading 0 goes
  CHECK(shown("9", 9) == "10");
  CHECK(shown("0", 5) == "0");
  CHECK(shown("000", 6) == "0");
  CHECK(shown("35", 6) == "55");  // 5*6 + 5
  CHECK(shown("48", 7) == "66");  // 6*7 + 6
  CHECK(shown("24", 5) == "44");  // 4*5 + 4
}

TEST_CASE("password display: a keypad without 0 shows every digit one higher", "[password_display]") {
  CHECK(shown("100", 8, true) == "255");
  CHECK(shown("255", 4, true) == "4444");
  CHECK(shown("9", 9, true) == "21");
  CHECK(shown("0", 5, true) == "1");
  CHECK(shown("80", 9, true) == "99");  // 8*9 + 8 -> "88" -> "99"
}

TEST_CASE("password display: agrees with std::to_chars on random 64-bit values", "[password_display]") {
  auto& rng = test::test_rng();
  for (int i = 0; i < 2000; ++i) {
    const uint64_t value = rng() >> (rng() % 64);
    const int base = 4 + static_cast<int>(rng() % 7);
    char expected[80];
    const auto end = std::to_chars(expected, expected + sizeof expected, value, base).ptr;
    INFO("value " << value << " base " << base);
    CHECK(shown(std::to_string(value), base) == std::string(expected, end));
  }
}

TEST_CASE("password display: exact beyond what a double holds (20 and 32 digits)", "[password_display]") {
  // 10^19 + 7 and 9 * (10^18 + 1) do not fit a double exactly; __int128 division is independent.
  const unsigned __int128 ten19 = static_cast<unsigned __int128>(10000000000000000000ULL);
  CHECK(shown("10000000000000000007", 9) == by_int128(ten19 + 7, 9));
  CHECK(shown("99999999999999999999", 4) == by_int128(ten19 * 10 - 1, 4));
  const unsigned __int128 big = ten19 * 1000000000000ULL + 12345;  // 10^31 + 12345: 32 digits
  CHECK(shown("10000000000000000000000000012345", 7) == by_int128(big, 7));
}

TEST_CASE("password display: options from JSON", "[password_display]") {
  const PasswordDisplay none = password_display_from_json(json::object(), "");
  CHECK(none.digital_base == 10);
  CHECK_FALSE(none.hide_zero);
  const PasswordDisplay both = password_display_from_json(json{{"digitalBase", 9}, {"hideZero", true}}, "");
  CHECK(both.digital_base == 9);
  CHECK(both.hide_zero);
}

TEST_CASE("password display: refusals name the field and never echo the code", "[password_display]") {
  require_error([] { shown("", 8); }, ErrorCode::InvalidArgument, "password");
  require_error([] { shown("12a4", 8); }, ErrorCode::InvalidArgument, "password");
  require_error([] { shown("-12", 8); }, ErrorCode::InvalidArgument, "password");
  require_error([] { shown(std::string(33, '1'), 8); }, ErrorCode::InvalidArgument, "password");
  require_error(
      [] {
        password_display_from_json(json{{"digitalBase", 3}}, "");
      },
      ErrorCode::InvalidArgument, "digitalBase");
  require_error(
      [] {
        password_display_from_json(json{{"digitalBase", 11}}, "");
      },
      ErrorCode::InvalidArgument, "digitalBase");
  require_error(
      [] {
        password_display_from_json(json{{"digitalBase", "8"}}, "");
      },
      ErrorCode::InvalidArgument, "digitalBase");
  require_error([] { password_display_from_json(json{{"hideZero", 1}}, ""); }, ErrorCode::InvalidArgument, "hideZero");
  require_error(
      [] {
        password_display_from_json(json{{"hideZero", true}}, "");
      },
      ErrorCode::InvalidArgument, "hideZero");
  require_error(
      [] {
        password_display_from_json(json{{"hidezero", true}}, "");
      },
      ErrorCode::InvalidArgument, "hidezero");
  try {
    shown("98765x", 8);
  } catch (const Error& error) {
    CHECK(error.message().find("98765") == std::string::npos);
  }
}
