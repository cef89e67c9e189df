// Instructions the cloud builds for a BLE lock, relayed by the app (doorlock-cloud-api.txt):
//   - doorLock.bleOpenInstruction / doorLock.unlockInstruction return `instruction`, the hex of a
//     finished air frame (mode | IV | ciphertext; the reference sample starts 04 + IV). The cloud
//     built it for SN = the `bluetooth_sn` the app sent, so the session must not have used that
//     SN yet, and afterwards continues after it (the lock requires strictly increasing SNs).
//   - doorLock.getIssuedConfig (lock_random, lock_record) and doorLock.getSyncableOpmodeTypes
//     return { dp_id, ins } (lock_record spells it dpId) and, for the check code, `wake_up_ins`:
//     raw DP values to write in the current session. `wake_up_ins` is the complete DP 70 value
//     (masterid | slaveid | code | op | new masterid | new code, 23 bytes) while `ins` is only the
//     8-byte code, so `wake_up_ins` is sent when present. `distributed: false` means "send nothing".
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "doorlock/ble/dp.h"
#include "doorlock/bytes.h"
#include "doorlock/path.h"

namespace doorlock::ble {

// The air frame of an instruction: hex text, bytes, or the cloud result { instruction, next_sn }.
// INVALID_ARGUMENT naming `path` when it is not hex or cannot be an air frame.
Bytes cloud_air_frame(const nlohmann::json& instruction, const Path& path);

// The raw DP of a cloud DP instruction. INVALID_ARGUMENT naming `path` members.
Dp cloud_dp_instruction(const nlohmann::json& config, const Path& path);

}  // namespace doorlock::ble
