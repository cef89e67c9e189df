// The lock's own data points (ble-protocol.md §6, §6a): what the app writes to a BLE lock and what
// the lock answers in the same DP. Every message is described once, as a field table, and one
// codec reads and writes it in both directions, so the app (requests out, replies in) and a lock
// simulator (requests in, replies out) share the exact same layouts. All multi-byte fields are
// big-endian. Values cross as JSON with the JavaScript field names.
//
// Layout choices where the spec is open (ble-protocol.md §8):
//   - DP 51/52/53 follow the lock SDK (S4): type | validity(17) | valid_num | pwd_len | pwd.
//     Variants: "fitting" (lock accessories: a 2-byte slaveId before every request and reply) and
//     "named" (a phone implementation's unconfirmed pwd_len | pwd | start u32 | end u32 |
//     name_len | name; no weekly schedule).
//   - Password digits are sent as their values 0x00-0x09 (the intercom DP page and the newer BLE
//     module protocol); "ascii" ('0'-'9') stays selectable.
//   - No trailing message uuid after DP 1/2/3/51-53 (§8 item 11).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "doorlock/path.h"
#include "doorlock/ble/dp.h"
#include "doorlock/bytes.h"

namespace doorlock::ble::lock_dp {

using nlohmann::json;

// DP ids of the standard BLE lock (ble-protocol.md §6.1).
inline constexpr uint8_t kDpCreateUnlockMethod = 1;
inline constexpr uint8_t kDpDeleteUnlockMethod = 2;
inline constexpr uint8_t kDpModifyUnlockMethod = 3;
inline constexpr uint8_t kDpCreateTemporaryPassword = 51;
inline constexpr uint8_t kDpDeleteTemporaryPassword = 52;
inline constexpr uint8_t kDpModifyTemporaryPassword = 53;
inline constexpr uint8_t kDpSyncMethods = 54;
inline constexpr uint8_t kDpRemoteUnlockConfig = 60;
inline constexpr uint8_t kDpRemoteUnlock = 61;
inline constexpr uint8_t kDpOfflineT0 = 64;
inline constexpr uint8_t kDpSetCheckCode = 70;
inline constexpr uint8_t kDpUnlockCheck = 71;

enum class Message : uint8_t {
  CreateUnlockMethod,
  DeleteUnlockMethod,
  ModifyUnlockMethod,
  CreateTemporaryPassword,
  DeleteTemporaryPassword,
  ModifyTemporaryPassword,
  SyncMethods,
  RemoteUnlockConfig,
  RemoteUnlock,
  SetT0,
  SetCheckCode,
  UnlockCheck,
};

enum class DigitEncoding : uint8_t { Value, Ascii };
enum class TemporaryPasswordLayout : uint8_t { Sdk, Fitting, Named };

struct Options {
  DigitEncoding digits = DigitEncoding::Value;
  TemporaryPasswordLayout layout = TemporaryPasswordLayout::Sdk;
};

// Reads { digits: 'value'|'ascii', layout: 'sdk'|'fitting'|'named' } members of `input` (either
// may be absent) and removes them, so the rest is the message itself.
Options take_options(json& input, const Path& path);

uint8_t dp_id(Message message) noexcept;
DpType dp_type(Message message) noexcept;  // raw, except DP 64 (string)
// "createTemporaryPassword", ...: the JavaScript builder name.
const char* message_name(Message message) noexcept;
std::optional<Message> message_for_dp(uint8_t dp) noexcept;

// App side: the DP value of a request (INVALID_ARGUMENT naming the field, e.g. "validity.end").
Bytes encode_request(Message message, const json& input, const Options& options = {});
// App side: a reply read back, with every field plus `ok` (bool) and `status` (a short name such as
// "ok", "no_free_hard_id", "check_code_mismatch"). BAD_FRAME when it is too short or malformed.
json decode_reply(Message message, const uint8_t* value, size_t size, const Options& options = {});

// Lock side: the same layouts the other way round.
json decode_request(Message message, const uint8_t* value, size_t size, const Options& options = {});
Bytes encode_reply(Message message, const json& reply, const Options& options = {});

// A request as a ready DP.
Dp request_dp(Message message, const json& input, const Options& options = {});

}  // namespace doorlock::ble::lock_dp
