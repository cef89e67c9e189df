// Data points from the lock (dp.h) and the messages that carry them (dp_messages.h): DP lists
// with 1-byte (protocol 3) and 2-byte (protocol 4) lengths, DP writes and their answers, and the
// four report commands. A list, write or report that decodes encodes back to the same bytes.
//   byte 0 % 6: 0 DP list v3 | 1 DP list v4 | 2 DP write | 3 write answer | 4 report | 5 report answer
//   bits 4-5 pick the command where there are several (v3/v4 write; 0x8001/0x8003/0x8006/0x8007).
#include <algorithm>

#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/dp_messages.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;

namespace {

constexpr uint16_t kWrites[] = {cmd::kDpWrite, cmd::kDpWriteV4};
constexpr uint16_t kReports[] = {cmd::kDpReport, cmd::kDpReportWithTime, cmd::kDpReportV4, cmd::kDpReportV4WithTime};

// Every decoded DP reads back through its typed reader and shows as JSON.
void check_dps(const std::vector<Dp>& dps) {
  for (const Dp& dp : dps) {
    switch (dp.type) {
      case DpType::Bool: dp.as_bool(); break;
      case DpType::Value: dp.as_integer(); break;
      case DpType::Enum: dp.as_enum(); break;
      case DpType::Bitmap: dp.as_bitmap(); break;
      case DpType::String: dp.as_string(); break;
      case DpType::Raw: break;
    }
  }
  const nlohmann::json shown = dps_to_json(dps);
  fuzz::require(shown.size() == dps.size(), "dps_to_json: one entry per DP");
  const std::vector<Dp> back = dps_from_json(shown, "dps");
  fuzz::require(back.size() == dps.size(), "dps_from_json(dps_to_json(x)) keeps every DP");
  for (size_t i = 0; i < dps.size(); ++i) {
    fuzz::require(back[i].id == dps[i].id && back[i].type == dps[i].type,
                  "dps_from_json(dps_to_json(x)) keeps ids and types");
    // The JSON form keeps values, not their wire spelling: a bool is true for any non-zero byte,
    // and a bitmap's width is not shown (it comes back 4 bytes wide).
    const bool same = dps[i].type == DpType::Bool     ? back[i].as_bool() == dps[i].as_bool()
                      : dps[i].type == DpType::Bitmap ? back[i].as_bitmap() == dps[i].as_bitmap()
                                                      : back[i].value == dps[i].value;
    fuzz::require(same, "dps_from_json(dps_to_json(x)) keeps every value");
  }
}

Bytes as_bytes(const fuzz::Input& input) { return Bytes(input.data, input.data + input.size); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const uint8_t selector = input.take_byte();
  const uint16_t write_command = kWrites[(selector >> 4) & 1];
  const uint16_t report_command = kReports[(selector >> 4) & 3];
  fuzz::expect_clean_failure([&] {
    switch (selector % 6) {
      case 0:
      case 1: {
        const int protocol = selector % 6 == 0 ? 3 : 4;
        const std::vector<Dp> dps = decode_dps(input.data, input.size, protocol);
        fuzz::require(encode_dps(dps, protocol) == as_bytes(input), "encode_dps(decode_dps(x)) == x");
        check_dps(dps);
        break;
      }
      case 2: {
        const DpWrite write = decode_dp_write(write_command, input.data, input.size);
        fuzz::require(encode_dp_write(write_command, write) == as_bytes(input),
                      "encode_dp_write(decode_dp_write(x)) == x");
        check_dps(write.dps);
        break;
      }
      case 3: {
        const DpWriteAnswer answer = decode_dp_write_answer(write_command, input.data, input.size);
        // The v4 answer's version byte is not checked (the encoder writes 0): compare after it.
        const size_t skip = write_command == cmd::kDpWriteV4 ? 1 : 0;
        const Bytes again = encode_dp_write_answer(write_command, answer);
        fuzz::require(again.size() == input.size && std::equal(again.begin() + skip, again.end(), input.data + skip),
                      "encode_dp_write_answer(decode_dp_write_answer(x)) == x");
        break;
      }
      case 4: {
        const DpReport report = decode_dp_report(report_command, input.data, input.size);
        fuzz::require(encode_dp_report(report_command, report) == as_bytes(input),
                      "encode_dp_report(decode_dp_report(x)) == x");
        check_dps(report.dps);
        if (report_wants_answer(report_command, report)) {
          const Bytes answer = encode_dp_report_answer(report_command, report, kStatusOk);
          fuzz::require(decode_dp_report_answer(report_command, report, answer.data(), answer.size()) == kStatusOk,
                        "a report's answer reads back");
        }
        break;
      }
      default: {
        DpReport report;
        report.sn = 7;
        report.mode = 1;
        decode_dp_report_answer(report_command, report, input.data, input.size);
        break;
      }
    }
  });
  return 0;
}
