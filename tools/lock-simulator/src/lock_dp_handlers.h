// The lock's answers to its data points (ble-protocol.md §6): unlock methods (DP 1/2/3), temporary
// passwords (DP 51/52/53), method sync (DP 54), password-free remote unlock (DP 60/61), the offline
// T0 (DP 64), check codes (DP 70) and check-code unlock (DP 71), plus record fetch (DP 69) and
// manual lock (DP 46). Requests are read and replies written with the app's own lock-DP codec
// (doorlock/ble/lock_dp.h), so both sides share one definition of every layout; the decisions and
// result codes follow the Tuya lock SDK's handlers (S4 lock_dp_parser.c).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "doorlock/ble/dp.h"
#include "doorlock/ble/lock_dp.h"
#include "lock_store.h"

namespace doorlock::sim {

// DP ids the lock reports on its own (ble-protocol.md §6.1).
inline constexpr uint8_t kDpRecordBle = 19;             // unlock_ble: member id
inline constexpr uint8_t kDpRecordPassword = 13;        // unlock_password: hardware id
inline constexpr uint8_t kDpRecordTemporary = 55;       // unlock_temporary: hardware id
inline constexpr uint8_t kDpRecordRemotePhone = 62;     // member id
inline constexpr uint8_t kDpRecordRemoteVoice = 63;     // member id
inline constexpr uint8_t kDpRecordCommon = 72;          // unlock_record_check: raw
inline constexpr uint8_t kDpBattery = 8;                // residual_electricity, percent
inline constexpr uint8_t kDpManualLock = 46;            // write 1 to lock now
inline constexpr uint8_t kDpFetchRecords = 69;          // report the records the app has not seen

// What the DP handlers may read and change besides the store.
struct LockContext {
  int64_t now = 0;  // lock RTC, Unix seconds
  int zone = 0;     // hundredths of an hour
  uint16_t slave_id = 1;
  bool unlocked = false;
  uint8_t battery = 100;
  ble::lock_dp::Options dp_options;  // digit encoding and temporary-password layout this lock speaks
};

// One report the lock sends: its replies go out at once without a time; records carry the time of
// the event they record and deliver a log entry.
struct Report {
  std::vector<ble::Dp> dps;
  bool with_time = false;
  int64_t time = 0;
  std::optional<size_t> log_index;
};

struct DpOutcome {
  std::vector<Report> reports;
  std::vector<std::string> problems;  // requests the lock could not read or does not serve
};

// The DPs of one accepted write, handled in order.
DpOutcome handle_dps(const std::vector<ble::Dp>& dps, LockStore& store, LockContext& context);

// A keypad attempt: checks the PIN, logs it, and returns the record report of an opening.
std::optional<Report> keypad_unlock(const Bytes& digits, int64_t at, LockStore& store, LockContext& context,
                                    KeypadOutcome& outcome);

// The reports of the log entries no app has received yet, oldest first (DP 69 asks for them).
std::vector<Report> unreported_records(const LockStore& store);

}  // namespace doorlock::sim
