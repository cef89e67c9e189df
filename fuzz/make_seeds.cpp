// Writes the seed corpus of every fuzz target into <out>/<target>/: the known-answer vectors of
// vectors.md and the inputs of the native tests (written out here with where they come from), and
// every sample request and response of tests/fixtures/cloud-api-samples.json. Seeds only need to
// be well-formed inputs for the fuzzer to mutate; where a target needs a valid encoding of a
// test's input (a DP report, a lock-DP request) the core's encoder writes it.
//   usage: doorlock_fuzz_seeds <out> <cloud-api-samples.json>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "doorlock/api/catalog.h"
#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/packets.h"
#include "doorlock/ble/time_sync.h"
#include "doorlock/bytes.h"
#include "value_encoding.h"

using namespace doorlock;
using namespace doorlock::ble;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path out_dir;
int written = 0;

void seed(const std::string& target, const std::string& name, const Bytes& bytes) {
  const fs::path dir = out_dir / target;
  fs::create_directories(dir);
  std::ofstream file(dir / name, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!file) throw std::runtime_error("cannot write " + (dir / name).string());
  ++written;
}
void seed(const std::string& target, const std::string& name, const std::string& text) {
  seed(target, name, Bytes(text.begin(), text.end()));
}
Bytes hex(const std::string& text) { return from_hex(text, "seed"); }
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}
Bytes byte(uint8_t value) { return Bytes{value}; }
// A file name from an action name and an index.
std::string name_of(const std::string& action, size_t index) {
  std::string out;
  for (char c : action) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out + "_" + std::to_string(index);
}

// vectors.md §2 (plaintext frames), §4 (air frames under KEY_4), §5 (sub-packets).
const char* const kPlainFrames[] = {
    "0000000100000000000000009269",
    "0000000100000000000000020014320e",
    "00000004000000000002000421010101d8f9",
    "00000003000000000027001c000000000247000013ffff00013132333435363738016553f10000015a6c",
};
const char* const kAirFrames[] = {
    "04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3",
    "04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723",
    "04000102030405060708090a0b0c0d0e0fb5d360c1a093a92a12ccf2c70fa460ac",
};
const char* const kPackets[][2] = {
    {"00214004000102030405060708090a0b0c0d0e0f", "01547943f9450b76099bfb0b53cf4036e3"},
    {"00213004000102030405060708090a0b0c0d0e0f", "01f8bc69d43b1f0e3bf28ac34ec4aa2723"},
};

void frame_seeds() {
  size_t i = 0;
  for (const char* frame : kPlainFrames) {
    seed("ble_frame", "plain_" + std::to_string(i), cat({byte(0), hex(frame)}));
    seed("ble_frame", "mode0_" + std::to_string(i++), cat({byte(1), byte(0), hex(frame)}));
  }
  i = 0;
  for (const char* frame : kAirFrames) seed("ble_frame", "air_" + std::to_string(i++), cat({byte(1), hex(frame)}));
}

void reassembler_seeds() {
  uint8_t flags = 0;
  for (const auto& pair : kPackets) {
    const Bytes first = hex(pair[0]), second = hex(pair[1]);
    const uint8_t protocol = flags++ == 0 ? 1 : 0;  // the first pair is protocol 4
    const Bytes both =
        cat({byte(static_cast<uint8_t>(first.size())), first, byte(static_cast<uint8_t>(second.size())), second});
    seed("ble_reassembler", "vector_" + std::to_string(flags), cat({byte(protocol), both}));
    seed("ble_reassembler", "lock_side_" + std::to_string(flags), cat({byte(protocol | 2), both}));
    // Repeated and restarted packets, as a flaky link delivers them.
    seed("ble_reassembler", "repeats_" + std::to_string(flags),
         cat({byte(protocol), both, both, byte(static_cast<uint8_t>(second.size())), second}));
    // The state after packet 0, kept by the host and handed back.
    Reassembler reassembler(protocol ? 4 : 3);
    reassembler.push(first.data(), first.size());
    const Bytes state = reassembler.snapshot();
    seed("ble_reassembler", "snapshot_" + std::to_string(flags),
         cat({byte(protocol | 4), byte(static_cast<uint8_t>(state.size())), state,
              byte(static_cast<uint8_t>(second.size())), second}));
  }
  // A frame longer than one packet's varint byte (vectors §6's DP write, packetized at MTU 20).
  const Bytes air = cat({byte(0), hex(kPlainFrames[3])});
  Bytes packets{1};
  for (const Bytes& packet : packetize(air.data(), air.size(), 20, 4)) {
    packets.push_back(static_cast<uint8_t>(packet.size()));
    packets.insert(packets.end(), packet.begin(), packet.end());
  }
  seed("ble_reassembler", "mtu20_dp_write", packets);
}

void dp_seeds() {
  const Bytes v3 = hex("21010101");                                        // vectors.md §2: DP 33 bool true
  const Bytes v4 = hex("47000013ffff00013132333435363738016553f1000001");  // vectors.md §6: DP 71 raw
  const Bytes write_v4 = hex("000000000247000013ffff00013132333435363738016553f1000001");
  seed("ble_dp", "list_v3", cat({byte(0), v3}));
  seed("ble_dp", "list_v4", cat({byte(1), v4}));
  seed("ble_dp", "write_v3", cat({byte(2), v3}));
  seed("ble_dp", "write_v4", cat({byte(0x12), write_v4}));
  seed("ble_dp", "answer_v3", cat({byte(3), byte(0)}));
  seed("ble_dp", "answer_v4", cat({byte(0x13), hex("000000000200")}));
  // Every DP type in one list, and the four report commands around it.
  const std::vector<Dp> dps = {Dp::boolean(1, true),     Dp::integer(2, -5),
                               Dp::string(3, "abc"),     Dp::enumeration(4, 2),
                               Dp::bitmap(5, 0x0102, 2), Dp::raw(71, hex("0001ffff3132333435363738016553f1000000"))};
  seed("ble_dp", "list_types_v3", cat({byte(0), encode_dps(dps, 3)}));
  seed("ble_dp", "list_types_v4", cat({byte(1), encode_dps(dps, 4)}));
  const uint16_t reports[] = {cmd::kDpReport, cmd::kDpReportWithTime, cmd::kDpReportV4, cmd::kDpReportV4WithTime};
  for (uint8_t i = 0; i < 4; ++i) {
    DpReport report;
    report.sn = 9;
    report.mode = 1;
    report.has_time = i % 2 == 1;
    report.time_ms = 1700000000000;
    report.dps = dps;
    seed("ble_dp", "report_" + std::to_string(i),
         cat({byte(static_cast<uint8_t>(4 | i << 4)), encode_dp_report(reports[i], report)}));
    report.time_type = TimeType::AsciiMillis;
    if (report.has_time) {
      seed("ble_dp", "report_ms_" + std::to_string(i),
           cat({byte(static_cast<uint8_t>(4 | i << 4)), encode_dp_report(reports[i], report)}));
    }
    const Bytes answer = encode_dp_report_answer(reports[i], report, kStatusOk);
    seed("ble_dp", "report_answer_" + std::to_string(i), cat({byte(static_cast<uint8_t>(5 | i << 4)), answer}));
  }
}

void lock_dp_seeds() {
  using namespace lock_dp;
  const json permanent = {{"effectiveTime", 946656000}, {"invalidTime", 1924963199}};  // vectors.md §7
  const json weekly = {{"effectiveTime", 1700000000},       {"invalidTime", 1700600000}, {"cycle", "weekly"},
                       {"days", json{"mon", "tue", "fri"}}, {"start", "07:30"},          {"end", "18:00"}};
  // Replies of tests/native/test_ble_lock_dp.cpp, by message.
  const std::pair<Message, const char*> replies[] = {
      {Message::UnlockCheck, "0001ffff3132333435363738016553f1000000"},
      {Message::UnlockCheck, "0001ffff3132333435363738016553f1000004"},
      {Message::SetCheckCode, "0005ffff000000000000000000ffff03"},
      {Message::CreateTemporaryPassword, "0700"},
      {Message::CreateTemporaryPassword, "ff02"},
      {Message::DeleteTemporaryPassword, "0701"},
      {Message::ModifyTemporaryPassword, "0700"},
      {Message::CreateUnlockMethod, "01ff0001050000"},
      {Message::CreateUnlockMethod, "01fd0001ff0002"},
      {Message::DeleteUnlockMethod, "01000001050100"},
      {Message::ModifyUnlockMethod, "010000010500ff"},
      {Message::SyncMethods, "00000501010006020201"},
      {Message::SyncMethods, "0101"},
      {Message::RemoteUnlock, "040001"},
      {Message::RemoteUnlockConfig, "00"},
      {Message::SetT0, "00"},
  };
  size_t i = 0;
  for (const auto& [message, wire] : replies) {
    seed("ble_lock_dp", "reply_" + std::to_string(i++), cat({byte(static_cast<uint8_t>(message)), byte(0), hex(wire)}));
  }
  seed("ble_lock_dp", "reply_fitting",
       cat({byte(static_cast<uint8_t>(Message::DeleteTemporaryPassword)), byte(2), hex("00020700")}));
  // Requests of the same tests, as the lock side reads them.
  const std::tuple<Message, json, uint8_t> requests[] = {
      {Message::UnlockCheck,
       {{"checkCode", "12345678"}, {"open", true}, {"timestamp", 1700000000}, {"memberId", 1}},
       0},
      {Message::SetCheckCode, {{"slaveId", 5}, {"newCheckCode", "52777950"}}, 0},
      {Message::CreateTemporaryPassword,
       {{"password", "123456"}, {"validity", weekly}, {"type", 0}, {"validNum", 0}},
       0},
      {Message::CreateTemporaryPassword,
       {{"password", "123456"}, {"validity", weekly}, {"type", 0}, {"validNum", 0}},
       1},
      {Message::CreateTemporaryPassword, {{"slaveId", 2}, {"password", "123456"}, {"validity", permanent}}, 2},
      {Message::CreateTemporaryPassword, {{"password", "123456"}, {"validity", permanent}, {"name", "Guest"}}, 4},
      {Message::DeleteTemporaryPassword, {{"hardId", 7}}, 0},
      {Message::ModifyTemporaryPassword, {{"hardId", 7}, {"password", "654321"}, {"validity", permanent}}, 0},
      {Message::CreateUnlockMethod,
       {{"method", "password"}, {"memberId", 1}, {"validity", permanent}, {"password", "123456"}},
       0},
      {Message::DeleteUnlockMethod, {{"method", 1}, {"memberId", 1}, {"hardId", 5}}, 0},
      {Message::ModifyUnlockMethod,
       {{"method", 1}, {"memberId", 1}, {"hardId", 5}, {"validity", permanent}, {"password", "99"}},
       0},
      {Message::SyncMethods, {{"types", json{"fingerprint", "password", "card"}}}, 0},
      {Message::RemoteUnlockConfig,
       {{"memberId", 1},
        {"effectiveTime", 1700000000},
        {"invalidTime", 1700600000},
        {"validNum", 3},
        {"password", "abcdefgh"}},
       0},
      {Message::RemoteUnlock, {{"memberId", 1}, {"password", "abcdefgh"}, {"type", "voice"}}, 0},
      {Message::SetT0, {{"activeTime", 1622000424}}, 0},
  };
  i = 0;
  for (const auto& [message, input, flags] : requests) {
    Options options;
    options.digits = (flags & 1) ? DigitEncoding::Ascii : DigitEncoding::Value;
    options.allow_weak_password = true;  // the tests' PINs (123456, 654321) are ones a panel refuses
    options.layout = flags & 2   ? TemporaryPasswordLayout::Fitting
                     : flags & 4 ? TemporaryPasswordLayout::Named
                                 : TemporaryPasswordLayout::Sdk;
    const uint8_t layout_bits = static_cast<uint8_t>(options.layout) << 1;
    const Bytes wire = encode_request(message, input, options);
    const Bytes head = {static_cast<uint8_t>(message), static_cast<uint8_t>(0x80 | layout_bits | (flags & 1))};
    seed("ble_lock_dp", "request_" + std::to_string(i), cat({head, wire}));
    // The same bytes as a reply: most replies share the request's leading fields.
    seed("ble_lock_dp", "request_as_reply_" + std::to_string(i++),
         cat({Bytes{head[0], static_cast<uint8_t>(head[1] & 0x7f)}, wire}));
  }
}

void handshake_seeds() {
  DeviceInfo info;
  info.protocol_major = 4;
  info.protocol_minor = 5;
  info.bound = true;
  info.srand = hex("112233445566");  // vectors.md §3
  info.flags = kInfoFlagBeaconKey;
  info.virtual_id = "eb289eyjlyn80000";
  seed("ble_handshake", "device_info", cat({byte(0), encode_device_info(info)}));
  seed("ble_handshake", "device_info_short", cat({byte(0), hex("0302030000011122334455660001")}));
  seed("ble_handshake", "info_request_v3", Bytes{1});
  seed("ble_handshake", "info_request_v4", cat({byte(2), hex("0014")}));  // vectors.md §8
  PairRequest pair;
  pair.uuid = "0123456789abcdef";
  pair.login_key = SecretBytes(reinterpret_cast<const uint8_t*>("abcdef"), 6);
  pair.virtual_id = "vdevo153459260090000";
  for (const PairLayout layout : {PairLayout::Fixed44, PairLayout::Source45, PairLayout::Source61, PairLayout::Both}) {
    pair.layout = layout;
    const SecretBytes wire = encode_pair_request(pair);
    seed("ble_handshake", "pair_" + std::to_string(static_cast<int>(layout)),
         cat({byte(layout == PairLayout::Source61 ? 0x13 : 3), Bytes(wire.data(), wire.data() + wire.size())}));
  }
  seed("ble_handshake", "time_ms", cat({byte(4), encode_time_ms_answer(1700000000000, 800)}));  // vectors.md §8: +8 h
  seed("ble_handshake", "time_date", cat({byte(5), encode_time_date_answer(1700000000000, -550)}));
}

// A whole connection, step by step in ble_session's format (see there): device info (srand of
// vectors.md §3), pair answer, time request, a DP write and its answer, a report, a relayed cloud
// frame, a raw packet.
void session_seeds() {
  const auto step = [](uint8_t tag, const Bytes& payload) {
    return cat({byte(tag), byte(static_cast<uint8_t>(payload.size())), payload});
  };
  const auto frame = [&](uint8_t tag, uint16_t command, uint32_t ack_sn, const Bytes& data) {
    Bytes payload;
    put_u16be(payload, command);
    put_u32be(payload, ack_sn);
    return step(tag, cat({payload, data}));
  };
  for (uint8_t protocol : {3, 4}) {
    DeviceInfo info;
    info.protocol_major = protocol;
    info.bound = true;
    info.srand = hex("112233445566");
    const Bytes handshake =
        cat({frame(0x08, cmd::kDeviceInfo, 1, encode_device_info(info)), frame(0, cmd::kPair, 2, Bytes{0})});
    const uint8_t flags = protocol == 4 ? 1 : 0;
    seed("ble_session", "handshake_v" + std::to_string(protocol), cat({byte(flags), handshake}));
    const Bytes time = frame(0, cmd::kTimeMsRequest, 0, {});
    const uint16_t write_command = protocol == 4 ? cmd::kDpWriteV4 : cmd::kDpWrite;
    DpWriteAnswer answer;
    answer.dp_sn = 1;
    const Bytes write =
        cat({step(0x40, hex("21010101")), frame(0, write_command, 4, encode_dp_write_answer(write_command, answer))});
    DpReport report;
    report.dps = {Dp::raw(71, hex("0001ffff3132333435363738016553f1000000"))};
    const uint16_t report_command = protocol == 4 ? cmd::kDpReportV4 : cmd::kDpReport;
    const Bytes reported = frame(0, report_command, 0, encode_dp_report(report_command, report));
    seed("ble_session", "connection_v" + std::to_string(protocol),
         cat({byte(flags), handshake, time, write, reported}));
    seed("ble_session", "relay_v" + std::to_string(protocol),
         cat({byte(flags), handshake, step(0x80, hex(kAirFrames[0])), step(0xC0, hex(kPackets[0][0]))}));
    seed("ble_session", "two_reports_v" + std::to_string(protocol), cat({byte(flags), handshake, reported, reported}));
  }
}

void instruction_seeds(const json& samples) {
  size_t i = 0;
  for (const json& sample : samples.at("responses")) {
    const std::string action = sample.at("action").get<std::string>();
    if (action != "doorLock.bleOpenInstruction" && action != "doorLock.unlockInstruction" &&
        action != "doorLock.getIssuedConfig" && action != "doorLock.getSyncableOpmodeTypes") {
      continue;
    }
    const json* result = sample.contains("result") ? &sample.at("result") : nullptr;
    if (result == nullptr) continue;
    seed("api_cloud_instruction", name_of(action, i++), result->dump());
    if (result->is_array()) {
      for (const json& item : *result) seed("api_cloud_instruction", name_of(action, i++), item.dump());
    }
  }
  const std::string air =
      std::string("04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3");  // vectors.md §4
  seed("api_cloud_instruction", "air_hex", "\"" + air + "\"");
  seed("api_cloud_instruction", "air_object", json{{"instruction", air}, {"next_sn", 5}}.dump());
  seed("api_cloud_instruction", "dp71", json{{"dp_id", 71}, {"ins", "ffff00013132333435363738016553f1000001"}}.dump());
  seed("api_cloud_instruction", "dp70",
       json{{"dpId", 70},
            {"distributed", true},
            {"ins", "3532373737393530"},
            {"wake_up_ins", "ffff0005000000000000000000ffff3532373737393530"}}
           .dump());
}

// Words the API targets cannot guess by mutation: action names, parameter and result member names,
// allowed values.
void collect_names(const api::Field* fields, size_t count, std::set<std::string>& names) {
  for (size_t i = 0; fields != nullptr && i < count; ++i) {
    names.insert(fields[i].name);
    if (fields[i].alias() != nullptr) names.insert(fields[i].alias());
    for (const char* const* choice = fields[i].choices(); choice != nullptr && *choice != nullptr; ++choice) {
      names.insert(*choice);
    }
    if (fields[i].type == api::Type::List || fields[i].type == api::Type::Object) {
      collect_names(fields[i].fields(), fields[i].field_count, names);
    }
  }
}

void api_dictionary() {
  std::set<std::string> names;
  for (const api::Action& action : api::all_actions()) {
    names.insert(action.name);
    collect_names(action.params, action.param_count, names);
    collect_names(action.result.fields(), action.result.field_count, names);
  }
  for (const char* word :
       {"success", "result", "code", "msg", "t", "data", "errorCode", "errorMsg", "lockType", "form"}) {
    names.insert(word);
  }
  std::string text;
  for (const std::string& name : names) text += "\"\\\"" + name + "\\\"\"\n";
  for (const char* target : {"api_parse_response", "api_build_request"}) {
    std::ofstream file(out_dir / (std::string(target) + ".dict"));
    file << text;
  }
}

void api_seeds(const json& samples) {
  size_t i = 0;
  for (const json& sample : samples.at("responses")) {
    const std::string action = sample.at("action").get<std::string>();
    const json& body = sample.at("body");
    const std::string text = body.is_string() ? body.get<std::string>() : body.dump();
    seed("api_parse_response", name_of(action, i++), action + "\n" + text);
  }
  for (const api::Action& action : api::all_actions()) {
    seed("api_parse_response", name_of(action.name, i++),
         std::string(action.name) + "\n{\"success\":true,\"result\":{},\"t\":1}");
    seed("api_parse_response", name_of(action.name, i++),
         std::string(action.name) + "\n{\"success\":false,\"code\":1106,\"msg\":\"permission deny\",\"t\":1}");
  }
  i = 0;
  for (const json& sample : samples.at("requests")) {
    json options = sample.value("options", json(nullptr));
    if (sample.contains("form")) options["form"] = sample.at("form");
    const json call = {sample.at("action"), sample.at("params"), options};
    seed("api_build_request", name_of(sample.at("action").get<std::string>(), i++), call.dump());
  }
}

void schedule_seeds() {
  for (const char* time : {"07:30", "7:30", "00:00", "24:00", "23:59", "450", "\"18:00\"", "1440"}) {
    seed("schedule_time_of_day", std::string("t_") + std::to_string(written), time);
  }
  seed("schedule_time_of_day", "minute_1440", Bytes{0, 0, 0, 0, 0, 0, 5, 0xa0});
  for (const char* zone : {"Asia/Shanghai", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "UTC", "GMT",
                           "+08:00", "+8:00", "-12:00", "+14:00", "+05:30", "Etc/GMT-8"}) {
    seed("schedule_time_zone", std::string("z_") + std::to_string(written), zone);
  }
  seed("schedule_validity", "permanent_block", hex("386cd30072bc9b7f00000000000000173b"));  // vectors.md §7
  seed("schedule_validity", "weekly_block", hex("6553f100655d18c00200000026071e1200"));     // test_ble_lock_dp.cpp
  seed("schedule_validity", "permanent_json", R"({"effectiveTime":946656000,"invalidTime":1924963199})");
  seed(
      "schedule_validity", "weekly_json",
      R"({"effectiveTime":1700000000,"invalidTime":1700600000,"cycle":"weekly","days":["mon","tue","fri"],"start":"07:30","end":"18:00"})");
  seed("schedule_validity", "daily_json",
       R"({"effectiveTime":1700000000,"invalidTime":1700600000,"cycle":"daily","start":450,"end":1440})");
  seed(
      "schedule_cloud", "schedule",
      R"({"effectiveTime":1700000000,"invalidTime":1700600000,"timeZone":"Asia/Shanghai","windows":[{"start":"07:30","end":"18:00","days":["mon","tue","fri"]}]})");
  seed(
      "schedule_cloud", "schedule_offset",
      R"({"effectiveTime":1700000000,"invalidTime":1700600000,"timeZone":"+08:00","windows":[{"start":0,"end":1440,"days":127}]})");
  seed("schedule_cloud", "no_windows", R"({"effectiveTime":1700000000,"invalidTime":1700600000})");
  seed("schedule_cloud", "days", R"(["mon","Tue","friday"])");  // cloud-crypto-and-wechat.md §1.4: 38
  seed("schedule_cloud", "timestamp", "1700000000");
  seed("schedule_cloud", "timestamp_ms", "1700000000000");
  seed("schedule_cloud", "day", "\"sunday\"");
}

void value_bridge_seeds(const json& samples) {
  // What callers pass: the sample requests' parameters, the responses' bodies, and bytes.
  size_t i = 0;
  for (const json& sample : samples.at("requests")) {
    if (i >= 20) break;
    seed("value_bridge", "request_" + std::to_string(i++), wasm::write_value(sample.at("params")));
  }
  seed("value_bridge", "bytes", wasm::write_value(json::binary(hex("ffff00013132333435363738016553f1000001"))));
  seed("value_bridge", "scalars", wasm::write_value(json{nullptr, true, false, 1.5, -7, 9007199254740992.0, "é"}));
  seed("value_bridge", "nested", wasm::write_value(json{{"a", {{"b", json::array({json::object()})}}}}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: doorlock_fuzz_seeds <out> <cloud-api-samples.json>\n";
    return 2;
  }
  try {
    out_dir = argv[1];
    fs::remove_all(out_dir);
    std::ifstream file(argv[2]);
    const json samples = json::parse(file);
    frame_seeds();
    reassembler_seeds();
    dp_seeds();
    lock_dp_seeds();
    api_seeds(samples);
    api_dictionary();
    handshake_seeds();
    session_seeds();
    instruction_seeds(samples);
    schedule_seeds();
    value_bridge_seeds(samples);
  } catch (const std::exception& error) {
    std::cerr << "doorlock_fuzz_seeds: " << error.what() << "\n";
    return 1;
  }
  std::cout << "doorlock_fuzz_seeds: " << written << " seeds in " << out_dir.string() << "\n";
  return 0;
}
