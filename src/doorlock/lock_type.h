// The lock families of the smart-lock API. They decide password length, which actions apply and
// which BLE layouts a lock speaks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "doorlock/path.h"

namespace doorlock {

enum class LockType { Wifi, Zigbee, Ble, StandardWifi, WifiAccessControl };

inline constexpr LockType kAllLockTypes[] = {LockType::Wifi, LockType::Zigbee, LockType::Ble, LockType::StandardWifi,
                                             LockType::WifiAccessControl};

// 'wifi' | 'zigbee' | 'ble' | 'standard_wifi' | 'wifi_access_control'
const char* lock_type_name(LockType type) noexcept;
// Throws INVALID_ARGUMENT naming `field` for anything else.
LockType parse_lock_type(std::string_view name, const Path& field);
// The same lookup without the refusal: nullopt for a name that is not a lock type.
std::optional<LockType> find_lock_type(std::string_view name) noexcept;

// Digits of a plain lock password: 7 on the Wi-Fi families, 6 on Zigbee and Bluetooth locks.
int password_length(LockType type) noexcept;

}  // namespace doorlock
