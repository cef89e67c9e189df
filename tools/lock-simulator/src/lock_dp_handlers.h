// The lock application's answers to its data points (ble-protocol.md §6, §6b): unlock methods
// (DP 1/2/3), temporary passwords (DP 51/52/53), method sync (DP 54), password-free remote unlock
// (DP 60/61), the offline T0 (DP 64), check codes (DP 70) and check-code unlock (DP 71), plus
// record fetch (DP 69) and manual lock (DP 46). Requests are read and replies written with the
// simulator's own firmware structs (firmware_dp.h), never with the app's lock-DP codec; the
// decisions and result codes follow the Tuya lock SDK's handlers (S4 lock_dp_parser.c) and the
// statuses Tuya's panel knows (§6b.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "doorlock/ble/dp.h"
#include "firmware_dp.h"
#include "lock_clock.h"
#include "lock_options.h"
#include "lock_store.h"

namespace doorlock::sim {

// DP ids the lock serves and reports (ble-protocol.md §6.1).
inline constexpr uint8_t kDpCreateMethod = 1;
inline constexpr uint8_t kDpDeleteMethod = 2;
inline constexpr uint8_t kDpModifyMethod = 3;
inline constexpr uint8_t kDpCreateTemporary = 51;
inline constexpr uint8_t kDpDeleteTemporary = 52;
inline constexpr uint8_t kDpModifyTemporary = 53;
inline constexpr uint8_t kDpSyncMethods = 54;
inline constexpr uint8_t kDpRemoteSetkey = 60;
inline constexpr uint8_t kDpRemoteUnlock = 61;
inline constexpr uint8_t kDpSetT0 = 64;
inline constexpr uint8_t kDpSetCheckCode = 70;
inline constexpr uint8_t kDpUnlockCheck = 71;
inline constexpr uint8_t kDpRecordBle = 19;          // unlock_ble: member id
inline constexpr uint8_t kDpRecordPassword = 13;     // unlock_password: hardware id
inline constexpr uint8_t kDpRecordTemporary = 55;    // unlock_temporary: hardware id
inline constexpr uint8_t kDpRecordRemotePhone = 62;  // member id
inline constexpr uint8_t kDpRecordRemoteVoice = 63;  // member id
inline constexpr uint8_t kDpRecordCommon = 72;       // unlock_record_check: raw
inline constexpr uint8_t kDpBattery = 8;             // residual_electricity, percent
inline constexpr uint8_t kDpManualLock = 46;         // write 1 to lock now
inline constexpr uint8_t kDpFetchRecords = 69;       // report the records the app has not seen

// DP 51/52/53 statuses (§6.4; 0x03 and 0x0a from Tuya's panel, §6b.1).
inline constexpr uint8_t kTemporaryOk = 0x00;
inline constexpr uint8_t kTemporaryFailed = 0x01;
inline constexpr uint8_t kTemporaryNoHardId = 0x02;
inline constexpr uint8_t kTemporaryExists = 0x03;
inline constexpr uint8_t kTemporaryWeak = 0x0A;

// What the DP handlers may read and change besides the store.
struct LockContext {
  int64_t now = 0;  // lock RTC, Unix seconds
  int zone = 0;     // hundredths of an hour
  uint16_t slave_id = 1;
  bool unlocked = false;
  uint8_t battery = 100;
  fw::Dialect dialect;
  Firmware firmware = Firmware::Current;
  WindowCheck window_check = WindowCheck::Minutes;
  int64_t record_delay_ms = kRecordDelayMs;
};

// One report the lock sends: its replies go out at once without a time; records carry the time of
// the event they record and deliver a log entry, some of them after a delay.
struct Report {
  std::vector<ble::Dp> dps;
  bool with_time = false;
  int64_t time = 0;
  std::optional<size_t> log_index;
  int64_t delay_ms = 0;
};

struct DpOutcome {
  std::vector<Report> reports;
  std::vector<std::string> problems;  // requests the lock could not read or does not serve
};

// The one DP of an accepted write.
DpOutcome handle_dp(const fw::RawDp& dp, LockStore& store, LockContext& context);

// 6 or more consecutive ascending or descending digits, or one digit 6 or more times in a row:
// what Tuya's panel refuses and a current lock answers 0x0a (§6b.1, CustomForm.tsx:86-90).
bool is_weak_pin(const Bytes& digits) noexcept;

// A keypad attempt: checks the PIN, logs it, and returns the record report of an opening.
std::optional<Report> keypad_unlock(const Bytes& digits, int64_t at, LockStore& store, LockContext& context,
                                    KeypadOutcome& outcome);

// The reports of the log entries no app has received yet, oldest first (DP 69 asks for them).
std::vector<Report> unreported_records(const LockStore& store);

}  // namespace doorlock::sim
