// The codec behind lock_dp.h: one writer and one reader walk a message's field table
// (lock_dp_tables.h) in either direction, so requests and replies, app side and lock side, share
// every layout. Internal to the lock-DP code.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/lock_dp_tables.h"
#include "doorlock/bytes.h"
#include "doorlock/path.h"

namespace doorlock::ble::lock_dp::detail {

// The name of `value` in a NameEntry list, or nullptr.
const char* name_of(const NameEntry* names, uint8_t value);

// JSON -> wire (INVALID_ARGUMENT naming the field) and wire -> JSON (BAD_FRAME when short).
Bytes write(const nlohmann::json& input, const Table& table, bool slave_prefix, const Options& options);
void read_into(nlohmann::json& out, const uint8_t* data, size_t size, const Table& table, bool slave_prefix,
               const Options& options);
nlohmann::json read(const uint8_t* data, size_t size, const Table& table, bool slave_prefix, const Options& options);

}  // namespace doorlock::ble::lock_dp::detail
