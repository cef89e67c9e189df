// Times the core's own work for each operation of bench/table.mjs, on the inputs that script
// writes (a JSON file), and prints { "<operation>": nanoseconds per call, ... } as one JSON object.
// Inputs arrive in the form the core takes them (JSON, bytes from hex), so the figures are the
// core without the WebAssembly boundary.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "doorlock/api/request.h"
#include "doorlock/api/response.h"
#include "doorlock/ble/dp.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/packets.h"
#include "doorlock/bytes.h"
#include "doorlock/crypto/ticket.h"
#include "doorlock/schedule/cloud_schedule.h"

using nlohmann::json;
using namespace doorlock;

namespace {

// Keeps results alive so that the optimiser cannot drop the work.
volatile size_t sink = 0;

// CPU time of this process in ns: on a shared machine the time spent waiting for a core is not the
// work's cost (bench/support.mjs measures the module the same way).
double cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// Runs `op` until at least `budget_ms` of CPU time have passed (after a warm-up); ns per call.
template <class Op>
double time_op(Op&& op, double budget_ms = 300) {
  for (int i = 0; i < 200; ++i) op();
  size_t calls = 0;
  const double start = cpu_ns();
  double elapsed_ns = 0;
  size_t batch = 16;
  while (elapsed_ns < budget_ms * 1e6) {
    for (size_t i = 0; i < batch; ++i) op();
    calls += batch;
    elapsed_ns = cpu_ns() - start;
    if (batch < 65536) batch *= 2;
  }
  return elapsed_ns / static_cast<double>(calls);
}

Bytes hex(const json& value) { return from_hex(value.get<std::string>(), "hex"); }

SecretBytes secret_text(const json& value) {
  const std::string text = value.get<std::string>();
  return SecretBytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

double bench_dp51(const json& in) {
  json request = in.at("request");
  const ble::lock_dp::Options options = ble::lock_dp::take_options(request, "");
  const Bytes key = hex(in.at("key"));
  const Bytes iv = hex(in.at("iv"));
  const int protocol = in.at("protocol").get<int>();
  const size_t mtu = in.at("mtu").get<size_t>();
  const auto sn = in.at("sn").get<uint32_t>();
  const auto cmd = in.at("cmd").get<uint16_t>();
  const auto mode = in.at("mode").get<uint8_t>();
  return time_op([&] {
    const ble::Dp dp = ble::lock_dp::build_request(ble::lock_dp::Message::CreateTemporaryPassword, request, options).dp;
    ble::Frame frame;
    frame.sn = sn;
    frame.cmd = cmd;
    frame.data = ble::encode_dps({dp}, protocol);
    const Bytes air = ble::encode_air_frame(frame, mode, key.data(), iv.data());
    sink = sink + ble::packetize(air.data(), air.size(), mtu, protocol).size();
  });
}

double bench_report(const json& in) {
  std::vector<Bytes> packets;
  for (const json& packet : in.at("packets")) packets.push_back(hex(packet));
  const Bytes key = hex(in.at("key"));
  const int protocol = in.at("protocol").get<int>();
  return time_op([&] {
    ble::Reassembler reassembler(protocol);
    std::optional<Bytes> air;
    for (const Bytes& packet : packets) air = reassembler.push(packet.data(), packet.size());
    const ble::Frame frame = ble::decode_air_frame(air->data(), air->size(), key.data());
    sink = sink + ble::dps_to_json(ble::decode_dps(frame.data.data(), frame.data.size(), protocol)).size();
  });
}

double bench_parse_response(const json& in) {
  const std::string action = in.at("action").get<std::string>();
  const json& body = in.at("body");
  return time_op([&] { sink = sink + api::parse_response(action, body).size(); });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: doorlock_native_bench <inputs.json>  (written by bench/table.mjs)\n";
    return 2;
  }
  std::ifstream file(argv[1]);
  std::stringstream text;
  text << file.rdbuf();
  const json inputs = json::parse(text.str());
  json out = json::object();

  {
    const json& in = inputs.at("encryptPassword");
    const SecretBytes access_key = secret_text(in.at("accessKey"));
    const std::string ticket = in.at("ticketKey").get<std::string>();
    const std::string password = in.at("password").get<std::string>();
    const LockType lock_type = parse_lock_type(in.at("lockType").get<std::string>(), "lockType");
    out["encryptPassword"] =
        time_op([&] { sink = sink + crypto::encrypt_password(password, ticket, access_key, lock_type).size(); });
  }
  {
    const json& in = inputs.at("decryptTicketKey");
    const SecretBytes access_key = secret_text(in.at("accessKey"));
    const std::string ticket = in.at("ticketKey").get<std::string>();
    out["decryptTicketKey"] = time_op([&] { sink = sink + crypto::decrypt_ticket_key(ticket, access_key).size(); });
  }
  {
    const json& in = inputs.at("buildSchedule");
    out["buildSchedule"] = time_op([&] { sink = sink + schedule::build_schedule(in).size(); });
  }
  {
    const json& in = inputs.at("buildRequest");
    const std::string action = in.at("action").get<std::string>();
    const json& params = in.at("params");
    const json& options = in.at("options");
    out["buildRequest"] = time_op(
        [&] { sink = sink + api::build_request(action, params, api::request_options_from_json(options)).size(); });
  }
  out["parseResponse"] = bench_parse_response(inputs.at("parseResponse"));
  out["dp51"] = bench_dp51(inputs.at("dp51"));
  out["report"] = bench_report(inputs.at("report"));
  json scaling = json::object();
  for (const json& item : inputs.at("parseResponseScaling")) {
    scaling["parseResponse:" + std::to_string(item.at("n").get<int>())] = bench_parse_response(item);
  }
  for (const json& item : inputs.at("reportScaling")) {
    scaling["report:" + std::to_string(item.at("n").get<int>())] = bench_report(item);
  }
  out["scaling"] = scaling;
  std::cout << out.dump() << "\n";
  return 0;
}
