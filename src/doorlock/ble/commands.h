// Command codes of the plaintext frame (ble-protocol.md §2). Requests and answers share a code;
// the answer carries ACK_SN = the request's SN.
#pragma once

#include <cstdint>

namespace doorlock::ble::cmd {

inline constexpr uint16_t kDeviceInfo = 0x0000;
inline constexpr uint16_t kPair = 0x0001;
inline constexpr uint16_t kDpWrite = 0x0002;  // v3: DP list with 1-byte lengths
inline constexpr uint16_t kStateQuery = 0x0003;
inline constexpr uint16_t kUnbind = 0x0005;
inline constexpr uint16_t kDeviceReset = 0x0006;
inline constexpr uint16_t kAnomalyUnbind = 0x0014;
inline constexpr uint16_t kDpWriteV4 = 0x0027;  // v4: ver | dp_sn | DP list with 2-byte lengths
inline constexpr uint16_t kDpReport = 0x8001;
inline constexpr uint16_t kDpReportWithTime = 0x8003;
inline constexpr uint16_t kDpReportV4 = 0x8006;
inline constexpr uint16_t kDpReportV4WithTime = 0x8007;
inline constexpr uint16_t kTimeMsRequest = 0x8011;    // answer: 13 ASCII digits of ms | tz int16
inline constexpr uint16_t kTimeDateRequest = 0x8012;  // answer: yy mm dd HH MM SS weekday | tz int16

}  // namespace doorlock::ble::cmd
