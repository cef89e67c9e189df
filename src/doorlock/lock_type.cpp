#include "doorlock/lock_type.h"

#include "doorlock/error.h"

namespace doorlock {

const char* lock_type_name(LockType type) noexcept {
  switch (type) {
    case LockType::Wifi: return "wifi";
    case LockType::Zigbee: return "zigbee";
    case LockType::Ble: return "ble";
    case LockType::StandardWifi: return "standard_wifi";
    case LockType::WifiAccessControl: return "wifi_access_control";
  }
  return "wifi";
}

std::optional<LockType> find_lock_type(std::string_view name) noexcept {
  for (LockType type : kAllLockTypes) {
    if (name == lock_type_name(type)) return type;
  }
  return std::nullopt;
}

LockType parse_lock_type(std::string_view name, const Path& field) {
  if (const std::optional<LockType> type = find_lock_type(name)) return *type;
  throw_invalid(field, "unknown lock type (expected wifi, zigbee, ble, standard_wifi or wifi_access_control)");
}

int password_length(LockType type) noexcept {
  switch (type) {
    case LockType::Zigbee:
    case LockType::Ble: return 6;
    case LockType::Wifi:
    case LockType::StandardWifi:
    case LockType::WifiAccessControl: return 7;
  }
  return 7;
}

}  // namespace doorlock
