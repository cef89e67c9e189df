#include "doorlock/password_display.h"

#include <algorithm>

#include "doorlock/error.h"
#include "doorlock/json_fields.h"

namespace doorlock {

namespace {

constexpr int kMinBase = 4;
constexpr int kMaxBase = 10;
constexpr size_t kMaxDigits = 32;

// Decimal digits -> digits in `base` (most significant first), by repeated long division of the
// decimal string: exact whatever the length.
std::string to_base(std::string_view decimal, int base) {
  std::string dividend(decimal);
  std::string out;
  while (!(dividend.empty() || (dividend.size() == 1 && dividend[0] == '0'))) {
    std::string quotient;
    int remainder = 0;
    for (const char digit : dividend) {
      const int value = remainder * 10 + (digit - '0');
      const int q = value / base;
      remainder = value % base;
      if (!quotient.empty() || q != 0) quotient.push_back(static_cast<char>('0' + q));
    }
    out.push_back(static_cast<char>('0' + remainder));
    dividend.swap(quotient);
  }
  if (out.empty()) out.push_back('0');
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

PasswordDisplay password_display_from_json(const nlohmann::json& options, const Path& parent) {
  fields::require_object(options, parent);
  fields::reject_unknown(options, {"digitalBase", "hideZero"}, parent);
  PasswordDisplay display;
  if (const auto* base = fields::find(options, "digitalBase")) {
    display.digital_base =
        static_cast<int>(fields::to_integer(*base, parent.member("digitalBase"), kMinBase, kMaxBase));
  }
  if (const auto* hide = fields::find(options, "hideZero")) {
    display.hide_zero = fields::to_bool(*hide, parent.member("hideZero"));
  }
  // A keypad without 0 has keys 1..9: a base-10 digit 9 would need a key "10" (the panel shows
  // "10" there, which no one can type).
  if (display.hide_zero && display.digital_base > 9) {
    throw_invalid(parent.member("hideZero"),
                  "a keypad without 0 counts in base 9 at most: give digitalBase 4..9 with hideZero");
  }
  return display;
}

std::string display_password(std::string_view password, const PasswordDisplay& display, const Path& path) {
  if (password.empty() || password.size() > kMaxDigits) throw_invalid(path, "must be 1..32 decimal digits");
  for (const char digit : password) {
    if (digit < '0' || digit > '9') throw_invalid(path, "must be 1..32 decimal digits");
  }
  if (display.digital_base < kMinBase || display.digital_base > kMaxBase) throw_invalid("digitalBase", "must be 4..10");
  std::string shown = display.digital_base == 10 ? std::string(password) : to_base(password, display.digital_base);
  if (display.hide_zero) {
    if (display.digital_base > 9) throw_invalid("hideZero", "a keypad without 0 counts in base 9 at most");
    for (char& digit : shown) ++digit;
  }
  return shown;
}

}  // namespace doorlock
