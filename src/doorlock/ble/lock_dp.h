// The lock's own data points (ble-protocol.md §6, §6a): what the app writes to a BLE lock and what
// the lock answers in the same DP. Every message is described once, as a field table, and one
// codec reads and writes it in both directions, so the app (requests out, replies in) and a lock
// simulator (requests in, replies out) share the exact same layouts. All multi-byte fields are
// big-endian. Values cross as JSON with the JavaScript field names.
//
// Layout choices where the spec is open (ble-protocol.md §8):
//   - DP 51/52/53 follow the lock SDK (S4), which Tuya's own BLE lock panel matches (§6b.1):
//     type (01 by default, as the panel writes it) | validity(17) | valid_num | pwd_len | pwd.
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
#include <vector>

#include "doorlock/ble/dp.h"
#include "doorlock/bytes.h"
#include "doorlock/password_strength.h"
#include "doorlock/path.h"

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
  bool allow_weak_password = false;  // DP 51/53: send a PIN the lock would call too weak
};

// Reads { digits: 'value'|'ascii', layout: 'sdk'|'fitting'|'named', allowWeakPassword: bool }
// members of `input` (each may be absent) and removes them, so the rest is the message itself.
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

// Something a caller should know about a request that was still built: a warning, not an error.
struct Warning {
  const char* code;   // "WINDOW_MAY_NEVER_OPEN", "MODIFY_CLEARS_PIN_ON_3X"
  const char* field;  // "validity", "password"
  const char* message;
};

struct BuiltRequest {
  Dp dp;
  std::vector<Warning> warnings;
};

// request_dp with its warnings:
//   - WINDOW_MAY_NEVER_OPEN (DP 1/3/51/53): a daily or weekly window whose start minute is after
//     its end minute (ble-protocol.md §6b.1, "How a lock checks the block").
//   - MODIFY_CLEARS_PIN_ON_3X (DP 53 without a password): lock SDK 3.x stores pwd_len 0 (§6b.1).
// What the panel does beyond the field tables (§6b.1, §6b.3):
//   - DP 51/53: weak PINs are refused with INVALID_ARGUMENT "password" unless allow_weak_password.
//   - DP 1 without a password ends with one more 00 after pwd_len.
//   - DP 2 with method 0 ('member') removes the whole member: hardId ff, deleteStyle 00 by default.
BuiltRequest build_request(Message message, const json& input, const Options& options = {});

using ::doorlock::is_weak_password;  // password_strength.h

}  // namespace doorlock::ble::lock_dp
