// DP 54's reply stream, which no field table describes (lock_dp_sync.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "doorlock/bytes.h"

namespace doorlock::ble::lock_dp::detail {

void decode_sync_reply(const uint8_t* value, size_t size, nlohmann::json& out);  // BAD_FRAME when malformed
Bytes encode_sync_reply(const nlohmann::json& reply);                            // INVALID_ARGUMENT naming the field

}  // namespace doorlock::ble::lock_dp::detail
