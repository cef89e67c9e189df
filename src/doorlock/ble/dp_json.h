// DPs as the JavaScript API shows them: { id, type, value } with type 'raw' (bytes), 'bool',
// 'value' (int32), 'string', 'enum' (0..255) or 'bitmap' (number; optional width 1/2/4, default 4).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "doorlock/ble/dp.h"
#include "doorlock/path.h"

namespace doorlock::ble {

nlohmann::json dp_to_json(const Dp& dp);
nlohmann::json dps_to_json(const std::vector<Dp>& dps);
// INVALID_ARGUMENT naming `path` + ".id", ".type", ".value".
Dp dp_from_json(const nlohmann::json& input, const Path& path);
std::vector<Dp> dps_from_json(const nlohmann::json& input, const Path& path);

}  // namespace doorlock::ble
