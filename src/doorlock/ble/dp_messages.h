// The DATA of DP writes, DP reports and their answers (ble-protocol.md §2, §5). Both directions
// of each message are here so that the app and a lock simulator share one definition.
//
//   0x0002 v3 write     DP list (1-byte lengths)                 answer: status(1)
//   0x0027 v4 write     ver(0) | dp_sn u32 | DP list (2-byte)    answer: ver | dp_sn | status (6)
//   0x8001 v3 report    DP list                                  answer: status(1)
//   0x8003 v3 report    time_type | time | DP list               answer: status(1)
//   0x8006 v4 report    ver | sn u32 | flag | mode | DP list     answer: ver | sn | flag | mode | status (8)
//   0x8007 v4 report    ver | sn | flag | mode | time_type | time | DP list   answer: as 0x8006
// time_type 1: u32 unix seconds; time_type 0: 13 ASCII digits of unix milliseconds.
// v4 report flag: bits 0-3 0 = active, 1 = passive; bit 7 = the device wants no answer.
#pragma once

#include <cstdint>
#include <vector>

#include "doorlock/ble/dp.h"
#include "doorlock/bytes.h"

namespace doorlock::ble {

inline constexpr uint8_t kDpWriteVersion = 0;
inline constexpr uint8_t kStatusOk = 0;
inline constexpr uint8_t kStatusError = 1;
inline constexpr uint8_t kReportFlagNoAnswer = 0x80;

// The protocol major that a DP command implies (3 for 0x0002/0x8001/0x8003, 4 for 0x0027/0x8006/0x8007).
bool is_dp_write_command(uint16_t command) noexcept;
bool is_dp_report_command(uint16_t command) noexcept;
int dp_command_protocol(uint16_t command) noexcept;

struct DpWrite {
  uint32_t dp_sn = 0;  // v4 only
  std::vector<Dp> dps;
};

// DATA of a write; `command` is cmd::kDpWrite or cmd::kDpWriteV4.
Bytes encode_dp_write(uint16_t command, const DpWrite& write);
DpWrite decode_dp_write(uint16_t command, const uint8_t* data, size_t size);

struct DpWriteAnswer {
  uint32_t dp_sn = 0;  // v4 only
  uint8_t status = kStatusOk;
  bool ok() const noexcept { return status == kStatusOk; }
};

Bytes encode_dp_write_answer(uint16_t command, const DpWriteAnswer& answer);
DpWriteAnswer decode_dp_write_answer(uint16_t command, const uint8_t* data, size_t size);

enum class TimeType : uint8_t { AsciiMillis = 0, UnixSeconds = 1 };

struct DpReport {
  uint32_t sn = 0;        // v4 only: the device's report serial number
  uint8_t flag = 0;       // v4 only
  uint8_t mode = 0;       // v4 only: 0 cloud+panel, 1 cloud, 2 panel, 3 none
  bool has_time = false;  // 0x8003 / 0x8007
  TimeType time_type = TimeType::UnixSeconds;
  uint64_t time_ms = 0;  // unix milliseconds (seconds * 1000 for time_type 1)
  std::vector<Dp> dps;
};

Bytes encode_dp_report(uint16_t command, const DpReport& report);
DpReport decode_dp_report(uint16_t command, const uint8_t* data, size_t size);

// Whether the app must answer the report (the v4 flag may say no).
bool report_wants_answer(uint16_t command, const DpReport& report) noexcept;
Bytes encode_dp_report_answer(uint16_t command, const DpReport& report, uint8_t status);
// The lock side reads the answer back: v4 answers must echo the report header.
uint8_t decode_dp_report_answer(uint16_t command, const DpReport& report, const uint8_t* data, size_t size);

// An answer read without the report it answers (a capture): the v4 header it echoes and the status.
struct DpReportAnswer {
  uint32_t sn = 0;   // v4 only
  uint8_t flag = 0;  // v4 only
  uint8_t mode = 0;  // v4 only
  uint8_t status = kStatusOk;
};
DpReportAnswer read_dp_report_answer(uint16_t command, const uint8_t* data, size_t size);

}  // namespace doorlock::ble
