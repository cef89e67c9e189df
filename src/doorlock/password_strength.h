// What makes a PIN too easy to guess, as Tuya's lock panel and current lock firmware judge it. The
// BLE DP builders refuse such PINs and the password generator never produces one.
#pragma once

#include <string_view>

namespace doorlock {

// A PIN Tuya's panel refuses (pages/temp/component/CustomForm.tsx:86-90): 6 or more digits in a
// row that each go up by one (0-9, no wrap: 456789), or down by one (987654), or repeat (333333).
bool is_weak_password(std::string_view digits) noexcept;

}  // namespace doorlock
