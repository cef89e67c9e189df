// The BLE options a host passes as JSON (dl.ble.session, dl.ble.encodeFrame), read here so that
// the bindings stay thin and the native tests reach every rule. Errors are INVALID_ARGUMENT naming
// the option ("timeZone", "pairLayout", ...).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "doorlock/ble/frame.h"
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/session.h"
#include "doorlock/path.h"

namespace doorlock::ble {

// 'tuya' (the lock's own rule, the default when absent) or 'zero' (phone apps).
Padding padding_from_json(const nlohmann::json* value, const Path& path);

// 'auto' (absent too: std::nullopt, the source at DATA[45] and DATA[61]), 'fixed44', 'source45',
// 'source61' or 'both'.
std::optional<PairLayout> pair_layout_from_json(const nlohmann::json* value, const Path& path);

// The zone of the lock's time answers, in hundredths of an hour: minutes east of UTC (what
// -Date#getTimezoneOffset() gives) or text such as "+08:00" / "UTC". Absent: UTC.
int16_t zone_from_json(const nlohmann::json* value, const Path& path);

// { uuid, devId, protocol?, mtu?, timeZone?, pairLayout?, padding? } into `config`: everything but
// localKey, which the host hands over as a secret. Unknown members are refused; the Session
// constructor checks the sizes.
void read_session_options(const nlohmann::json& options, SessionConfig& config);

}  // namespace doorlock::ble
