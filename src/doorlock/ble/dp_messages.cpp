#include "doorlock/ble/dp_messages.h"

#include <algorithm>
#include <string>

#include "doorlock/ble/commands.h"
#include "doorlock/error.h"

namespace doorlock::ble {

namespace {

constexpr size_t kV4WriteHeader = 5;   // ver | dp_sn
constexpr size_t kV4ReportHeader = 7;  // ver | sn | flag | mode
constexpr size_t kAsciiMillisDigits = 13;

DOORLOCK_COLD void bad(std::string_view message) { throw_error(ErrorCode::BadFrame, message); }

bool is_v4(uint16_t command) noexcept { return dp_command_protocol(command) >= 4; }

void require_write_command(uint16_t command) {
  if (!is_dp_write_command(command)) throw_invalid("cmd", "is not a DP write command");
}

void require_report_command(uint16_t command) {
  if (!is_dp_report_command(command)) throw_invalid("cmd", "is not a DP report command");
}

// ver | sn | flag | mode, the head of v4 reports and of their answers.
void read_v4_report_header(const uint8_t* data, const char* what, uint32_t& sn, uint8_t& flag, uint8_t& mode) {
  if (data[0] != kDpWriteVersion) throw_error(ErrorCode::BadFrame, {what, " has an unsupported version"});
  sn = get_u32be(data + 1);
  flag = data[5];
  mode = data[6];
}

bool has_time(uint16_t command) noexcept {
  return command == cmd::kDpReportWithTime || command == cmd::kDpReportV4WithTime;
}

void put_time(Bytes& out, const DpReport& report) {
  out.push_back(static_cast<uint8_t>(report.time_type));
  if (report.time_type == TimeType::UnixSeconds) {
    const uint64_t seconds = report.time_ms / 1000;
    if (seconds > UINT32_MAX) throw_invalid("time", "does not fit 32-bit unix seconds");
    put_u32be(out, static_cast<uint32_t>(seconds));
  } else {
    std::string digits = std::to_string(report.time_ms);
    if (digits.size() > kAsciiMillisDigits) throw_invalid("time", "does not fit 13 digits of milliseconds");
    digits.insert(0, kAsciiMillisDigits - digits.size(), '0');
    out.insert(out.end(), digits.begin(), digits.end());
  }
}

size_t read_time(const uint8_t* data, size_t size, size_t offset, DpReport& report) {
  if (offset >= size) bad("DP report time is missing");
  const uint8_t type = data[offset++];
  if (type == static_cast<uint8_t>(TimeType::UnixSeconds)) {
    if (size - offset < 4) bad("DP report time is truncated");
    report.time_type = TimeType::UnixSeconds;
    report.time_ms = static_cast<uint64_t>(get_u32be(data + offset)) * 1000;
    return offset + 4;
  }
  if (type == static_cast<uint8_t>(TimeType::AsciiMillis)) {
    if (size - offset < kAsciiMillisDigits) bad("DP report time is truncated");
    uint64_t millis = 0;
    for (size_t i = 0; i < kAsciiMillisDigits; ++i) {
      const uint8_t c = data[offset + i];
      if (c < '0' || c > '9') bad("DP report time is not 13 ASCII digits");
      millis = millis * 10 + (c - '0');
    }
    report.time_type = TimeType::AsciiMillis;
    report.time_ms = millis;
    return offset + kAsciiMillisDigits;
  }
  bad("DP report has an unknown time type");
}

}  // namespace

bool is_dp_write_command(uint16_t command) noexcept { return command == cmd::kDpWrite || command == cmd::kDpWriteV4; }

bool is_dp_report_command(uint16_t command) noexcept {
  return command == cmd::kDpReport || command == cmd::kDpReportWithTime || command == cmd::kDpReportV4 ||
         command == cmd::kDpReportV4WithTime;
}

int dp_command_protocol(uint16_t command) noexcept {
  return command == cmd::kDpWriteV4 || command == cmd::kDpReportV4 || command == cmd::kDpReportV4WithTime ? 4 : 3;
}

Bytes encode_dp_write(uint16_t command, const DpWrite& write) {
  require_write_command(command);
  Bytes out;
  if (is_v4(command)) {
    out.push_back(kDpWriteVersion);
    put_u32be(out, write.dp_sn);
  }
  const Bytes list = encode_dps(write.dps, dp_command_protocol(command));
  out.insert(out.end(), list.begin(), list.end());
  return out;
}

DpWrite decode_dp_write(uint16_t command, const uint8_t* data, size_t size) {
  require_write_command(command);
  DpWrite out;
  size_t offset = 0;
  if (is_v4(command)) {
    if (size < kV4WriteHeader) bad("v4 DP write is shorter than its header");
    if (data[0] != kDpWriteVersion) bad("v4 DP write has an unsupported version");
    out.dp_sn = get_u32be(data + 1);
    offset = kV4WriteHeader;
  }
  out.dps = decode_dps(data + offset, size - offset, dp_command_protocol(command));
  return out;
}

Bytes encode_dp_write_answer(uint16_t command, const DpWriteAnswer& answer) {
  require_write_command(command);
  Bytes out;
  if (is_v4(command)) {
    out.push_back(kDpWriteVersion);
    put_u32be(out, answer.dp_sn);
  }
  out.push_back(answer.status);
  return out;
}

DpWriteAnswer decode_dp_write_answer(uint16_t command, const uint8_t* data, size_t size) {
  require_write_command(command);
  DpWriteAnswer out;
  if (is_v4(command)) {
    if (size != kV4WriteHeader + 1) bad("v4 DP write answer is not 6 bytes");
    out.dp_sn = get_u32be(data + 1);
    out.status = data[kV4WriteHeader];
  } else {
    if (size != 1) bad("DP write answer is not 1 byte");
    out.status = data[0];
  }
  return out;
}

Bytes encode_dp_report(uint16_t command, const DpReport& report) {
  require_report_command(command);
  Bytes out;
  if (is_v4(command)) {
    out.push_back(kDpWriteVersion);
    put_u32be(out, report.sn);
    out.push_back(report.flag);
    out.push_back(report.mode);
  }
  if (has_time(command)) put_time(out, report);
  const Bytes list = encode_dps(report.dps, dp_command_protocol(command));
  out.insert(out.end(), list.begin(), list.end());
  return out;
}

DpReport decode_dp_report(uint16_t command, const uint8_t* data, size_t size) {
  require_report_command(command);
  DpReport out;
  size_t offset = 0;
  if (is_v4(command)) {
    if (size < kV4ReportHeader) bad("v4 DP report is shorter than its header");
    read_v4_report_header(data, "v4 DP report", out.sn, out.flag, out.mode);
    offset = kV4ReportHeader;
  }
  if (has_time(command)) {
    out.has_time = true;
    offset = read_time(data, size, offset, out);
  }
  out.dps = decode_dps(data + offset, size - offset, dp_command_protocol(command));
  return out;
}

bool report_wants_answer(uint16_t command, const DpReport& report) noexcept {
  return !is_v4(command) || (report.flag & kReportFlagNoAnswer) == 0;
}

Bytes encode_dp_report_answer(uint16_t command, const DpReport& report, uint8_t status) {
  require_report_command(command);
  Bytes out;
  if (is_v4(command)) {
    out.push_back(kDpWriteVersion);
    put_u32be(out, report.sn);
    out.push_back(report.flag);
    out.push_back(report.mode);
  }
  out.push_back(status);
  return out;
}

uint8_t decode_dp_report_answer(uint16_t command, const DpReport& report, const uint8_t* data, size_t size) {
  const DpReportAnswer answer = read_dp_report_answer(command, data, size);
  if (is_v4(command) && (answer.sn != report.sn || answer.flag != report.flag || answer.mode != report.mode)) {
    bad("v4 DP report answer does not echo the report header");
  }
  return answer.status;
}

DpReportAnswer read_dp_report_answer(uint16_t command, const uint8_t* data, size_t size) {
  require_report_command(command);
  DpReportAnswer out;
  if (!is_v4(command)) {
    // Some apps answer v3 reports with no DATA at all; locks tolerate it (ble-protocol.md §8 item 9).
    if (size != 0) out.status = data[0];
    return out;
  }
  if (size != kV4ReportHeader + 1) bad("v4 DP report answer is not 8 bytes");
  read_v4_report_header(data, "v4 DP report answer", out.sn, out.flag, out.mode);
  out.status = data[kV4ReportHeader];
  return out;
}

}  // namespace doorlock::ble
