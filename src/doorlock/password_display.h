// Cloud-issued codes (offline, dynamic and clearing passwords) as a person types them on the
// lock's keypad. The cloud hands them out as decimal digits; a lock whose keypad counts in
// another base, or has no 0 key, expects them converted (Tuya's lock panel,
// components/PasswordPanel/index.tsx: digitalBase and isHideZero of the product's panel config).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "doorlock/path.h"

namespace doorlock {

struct PasswordDisplay {
  int digital_base = 10;   // 4..10: the keypad's numeral base
  bool hide_zero = false;  // keypad keys 1..base: every digit is shown one higher
};

// { digitalBase?, hideZero? } (absent: base 10, zero shown); `parent` names the object in errors.
PasswordDisplay password_display_from_json(const nlohmann::json& options, const Path& parent);

// The code as the lock expects it typed. Base 10 keeps every digit, leading zeros included; any
// other base converts the code's value, so leading zeros go (the panel converts the number). The
// conversion is exact for any length (the panel's JavaScript Number is exact to 16 digits only).
// `password` must be 1..32 decimal digits; errors name `path` and never echo the digits.
std::string display_password(std::string_view password, const PasswordDisplay& display, const Path& path);

}  // namespace doorlock
