// How a simulated lock is set up: its identity and keys as the cloud knows them, its protocol
// version and MTU, whether it is bound, its provisioned check code, and the sources of time and
// randomness a test injects.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "doorlock/bytes.h"
#include "doorlock/crypto/random.h"
#include "firmware_dp.h"
#include "lock_clock.h"
#include "lock_store.h"

namespace doorlock::sim {

// Which generation of the lock application answers DP 51/52/53 (ble-protocol.md §6b.1).
enum class Firmware : uint8_t {
  // What Tuya's own panel expects: weak PINs answered 0x0a, PINs already held 0x03, a DP 53
  // without a PIN (pwd_len 0) changes the validity only, DP 52 deletes temporary passwords only.
  Current,
  // The lock SDK v3.3 (S4): no weak or duplicate check (lock_dp_parser.c:810), DP 53 stores
  // pwd_len as sent (app_flash.c:420-421) and saves a record for an unknown hard id while
  // answering 0x01 (app_flash.c:413-423), DP 52 deletes any hard id (lock_dp_parser.c:857).
  LockSdk33,
};

// How long after a DP 71 (or DP 61) reply the lock application reports the unlock record.
inline constexpr int64_t kRecordDelayMs = 200;

struct LockSimulatorOptions {
  SecretBytes local_key;  // the cloud localKey (16 characters); the lock keeps its first 6, the login key
  std::string uuid;       // device id, exactly 16 characters: the pair request must carry it
  std::string dev_id;     // cloud virtual id, up to 22 characters, reported in the device info
  int protocol = 3;       // BLE protocol major version: 3 or 4
  size_t mtu = 20;        // TUYA_BLE_DATA_MTU_MAX: longest packet accepted, and sent (v4: up to the app's MTU)
  bool bound = true;      // a bound lock holds the login key and refuses unencrypted frames
  int time_zone = 0;      // hundredths of an hour until the first time sync replaces it
  // The host allowed to unlock with a check code (DP 71), as the cloud provisions it (DP 70);
  // no host when absent.
  std::optional<CheckCode> check_code;
  uint16_t master_id = 0xFFFF;
  uint16_t slave_id = 1;
  LockStoreLimits limits;
  // The lock-DP dialect of this firmware: password digits as values or ASCII, and the
  // temporary-password structs (SDK, fitting with a slave-id prefix, or named).
  fw::Dialect dialect;
  Firmware firmware = Firmware::Current;
  WindowCheck window_check = WindowCheck::Minutes;
  int64_t record_delay_ms = kRecordDelayMs;
  // What the lock asks for after pairing (TUYA_BLE_AUTO_REQUEST_TIME_CONFIGURE): 0x8011, unix
  // milliseconds, or 0x8012, the local date.
  uint16_t time_request = 0x8011;
  // Host time in Unix seconds; the lock's RTC runs with it, shifted by what the time sync set.
  std::function<int64_t()> clock;
  // Host time in milliseconds, for the delayed reports (default: clock() * 1000).
  std::function<int64_t()> clock_ms;
  // Draws the 6-byte srand of each device-info answer and the IV of each frame. Required; it must
  // outlive the simulator.
  crypto::RandomSource* random = nullptr;
};

// INVALID_ARGUMENT naming the field ("uuid", "localKey", ...) when an option is unusable.
void check_options(const LockSimulatorOptions& options);

}  // namespace doorlock::sim
