#include "doorlock/ble/frame_description.h"

#include <string>

#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/time_sync.h"
#include "doorlock/error.h"
#include "doorlock/json_build.h"

namespace doorlock::ble {

using nlohmann::json;

namespace {

struct CommandName {
  uint16_t command;
  const char* name;
};

constexpr CommandName kCommandNames[] = {
    {cmd::kDeviceInfo, "deviceInfo"},
    {cmd::kPair, "pair"},
    {cmd::kDpWrite, "dpWrite"},
    {cmd::kStateQuery, "stateQuery"},
    {cmd::kUnbind, "unbind"},
    {cmd::kDeviceReset, "deviceReset"},
    {cmd::kAnomalyUnbind, "anomalyUnbind"},
    {cmd::kDpWriteV4, "dpWriteV4"},
    {cmd::kDpReport, "dpReport"},
    {cmd::kDpReportWithTime, "dpReportWithTime"},
    {cmd::kDpReportV4, "dpReportV4"},
    {cmd::kDpReportV4WithTime, "dpReportV4WithTime"},
    {cmd::kTimeMsRequest, "timeRequest"},
    {cmd::kTimeDateRequest, "timeDateRequest"},
};

constexpr const char* kRedacted = "[redacted]";

bool from_device(uint16_t command) noexcept { return (command & 0x8000) != 0; }

// Numbers and fixed texts go through these two: one conversion of each in the module, whatever
// the C++ type of the field.
[[gnu::noinline]] void put_number(json& object, const char* key, int64_t value) { entry(object, key) = value; }
[[gnu::noinline]] void put_text(json& object, const char* key, const char* text) { entry(object, key) = text; }

// The names of the status byte: pair answers have their own (ble-protocol.md §2, 0x0001).
const char* status_name(uint16_t command, uint8_t status) noexcept {
  if (command == cmd::kPair) {
    switch (status) {
      case kPairOk: return "paired";
      case kPairFailed: return "refused";
      case kPairAlreadyBound: return "alreadyBound";
      default: return "unknown";
    }
  }
  return status == kStatusOk ? "ok" : status == kStatusError ? "error" : "unknown";
}

void put_status(json& out, uint16_t command, uint8_t status) {
  put_number(out, "result", status);
  put_text(out, "status", status_name(command, status));
}

// The 1-byte answers of pair, DP write v3, state query and unbind.
void put_one_byte_answer(json& out, uint16_t command, const uint8_t* data, size_t size) {
  if (size != 1) throw_error(ErrorCode::BadFrame, {command_name(command), " answer is not 1 byte"});
  put_status(out, command, data[0]);
}

void put_report_header(json& out, uint32_t sn, uint8_t flag, uint8_t mode) {
  json& header = entry(out, "report");
  put_number(header, "sn", sn);
  put_number(header, "flag", flag);
  put_number(header, "mode", mode);
  entry(header, "wantsAnswer") = (flag & kReportFlagNoAnswer) == 0;
}

void describe_device_info(json& out, bool answer, const uint8_t* data, size_t size, int protocol_major) {
  if (!answer) {
    // Without the protocol, DATA says: a v4 request is exactly the MTU, a v3 one carries nothing.
    const int major = protocol_major != 0 ? protocol_major : size == 2 ? 4 : 3;
    if (major >= 4) put_number(out, "mtu", decode_device_info_request(major, data, size));
    return;
  }
  const DeviceInfo info = decode_device_info(data, size);
  put_device_info(out, info);
  // Not a key: with the local key it gives the session key of the frames that follow.
  entry(out, "srand") = json::binary(info.srand);
}

void describe_pair(json& out, bool answer, const uint8_t* data, size_t size) {
  if (answer) return put_one_byte_answer(out, cmd::kPair, data, size);
  const PairRequest request = decode_pair_request(data, size, false);
  entry(out, "uuid") = request.uuid;
  entry(out, "devId") = request.virtual_id;
  put_text(out, "loginKey", kRedacted);
}

void describe_dp_write(json& out, uint16_t command, bool answer, const uint8_t* data, size_t size) {
  const bool v4 = command == cmd::kDpWriteV4;
  if (answer) {
    const DpWriteAnswer read = decode_dp_write_answer(command, data, size);
    if (v4) put_number(out, "dpSn", read.dp_sn);
    return put_status(out, command, read.status);
  }
  const DpWrite write = decode_dp_write(command, data, size);
  if (v4) put_number(out, "dpSn", write.dp_sn);
  entry(out, "dps") = dps_to_json(write.dps);
}

void describe_dp_report(json& out, uint16_t command, bool answer, const uint8_t* data, size_t size) {
  const bool v4 = dp_command_protocol(command) >= 4;
  if (answer) {
    const DpReportAnswer read = read_dp_report_answer(command, data, size);
    if (v4) put_report_header(out, read.sn, read.flag, read.mode);
    return put_status(out, command, read.status);
  }
  const DpReport report = decode_dp_report(command, data, size);
  if (v4) put_report_header(out, report.sn, report.flag, report.mode);
  if (report.has_time) {
    json& time = entry(out, "time");
    put_number(time, "unixMs", static_cast<int64_t>(report.time_ms));
    put_text(time, "encoding", report.time_type == TimeType::UnixSeconds ? "unixSeconds" : "asciiMillis");
  }
  entry(out, "dps") = dps_to_json(report.dps);
}

void describe_time(json& out, uint16_t command, bool answer, const uint8_t* data, size_t size) {
  if (!answer) return;  // the lock asks with empty DATA
  json& time = entry(out, "time");
  if (command == cmd::kTimeMsRequest) {
    const TimeMsAnswer read = decode_time_ms_answer(data, size);
    put_number(time, "unixMs", static_cast<int64_t>(read.unix_ms));
    put_number(time, "zone", read.zone);
    return;
  }
  const TimeDateAnswer read = decode_time_date_answer(data, size);
  put_number(time, "year", read.date.year);
  put_number(time, "month", read.date.month);
  put_number(time, "day", read.date.day);
  put_number(time, "hour", read.date.hour);
  put_number(time, "minute", read.date.minute);
  put_number(time, "second", read.date.second);
  put_number(time, "weekday", read.date.weekday);
  put_number(time, "zone", read.zone);
}

}  // namespace

const char* command_name(uint16_t command) noexcept {
  for (const CommandName& known : kCommandNames) {
    if (known.command == command) return known.name;
  }
  return nullptr;
}

Sender sender_of(uint16_t command, uint32_t ack_sn) noexcept {
  const bool answer = ack_sn != 0;
  return from_device(command) != answer ? Sender::Lock : Sender::App;
}

void put_device_info(json& out, const DeviceInfo& info) {
  entry(out, "protocol") = std::to_string(info.protocol_major) + "." + std::to_string(info.protocol_minor);
  entry(out, "firmware") = firmware_version_text(info);
  std::string hardware = hardware_version_text(info);
  if (!hardware.empty()) entry(out, "hardware") = std::move(hardware);
  entry(out, "bound") = info.bound;
  put_number(out, "flags", info.flags);
  entry(out, "virtualId") = info.virtual_id;
}

void describe_frame(json& out, uint16_t command, const uint8_t* data, size_t size, Sender from, int protocol_major) {
  // A request goes from the side that starts the command: the app for 0x0xxx, the lock for 0x8xxx.
  const bool answer = from_device(command) != (from == Sender::Lock);
  const char* name = command_name(command);
  put_text(out, "command", name != nullptr ? name : "unknown");
  put_number(out, "cmd", command);
  put_text(out, "from", from == Sender::App ? "app" : "lock");
  put_text(out, "role", answer ? "answer" : "request");
  switch (command) {
    case cmd::kDeviceInfo: describe_device_info(out, answer, data, size, protocol_major); break;
    case cmd::kPair: describe_pair(out, answer, data, size); break;
    case cmd::kDpWrite:
    case cmd::kDpWriteV4: describe_dp_write(out, command, answer, data, size); break;
    case cmd::kDpReport:
    case cmd::kDpReportWithTime:
    case cmd::kDpReportV4:
    case cmd::kDpReportV4WithTime: describe_dp_report(out, command, answer, data, size); break;
    case cmd::kTimeMsRequest:
    case cmd::kTimeDateRequest: describe_time(out, command, answer, data, size); break;
    case cmd::kStateQuery:
      if (answer) {
        put_one_byte_answer(out, command, data, size);
      } else {
        // DP ids, one byte each; none = all of them.
        json& ids = entry(out, "dpIds");
        ids = empty_array();
        for (size_t i = 0; i < size; ++i) ids.push_back(data[i]);
      }
      break;
    case cmd::kUnbind:
    case cmd::kDeviceReset:
    case cmd::kAnomalyUnbind:
      if (answer) put_one_byte_answer(out, command, data, size);
      break;
    default: break;
  }
}

}  // namespace doorlock::ble
