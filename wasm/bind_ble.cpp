// dl.ble.crc16, deriveKey, encodeFrame, decodeFrame, describeFrame, packetize, encodeDps, decodeDps, and the
// state-passing core of dl.ble.reassembler (js/src/ble/ keeps the state; there is no handle).
#include <emscripten/bind.h>

#include <initializer_list>

#include "ble_marshal.h"
#include "doorlock/ble/crc16.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/frame_description.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/packets.h"
#include "doorlock/ble/session_options.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "host_random.h"

namespace doorlock::wasm {

namespace {

using namespace doorlock::ble;

val crc16_of(const val& bytes, const val&, const val&) {
  const Bytes data = bytes_from_js(bytes, "bytes", true);
  return val(ble::crc16(data));
}

// Readers fill the caller's structures and keep no locals of their own: no exception cleanup
// around each step, which keeps the module small.
void read_key_inputs(const json& plain, KeyInputs& in) {
  if (const json* srand = fields::find(plain, "srand")) in.srand = json_bytes(*srand, "srand");
  if (const json* uuid = fields::find(plain, "uuid")) {
    // The 16-character device uuid as text, or its bytes.
    const bool text = uuid->is_string() && uuid->get_ref<const std::string&>().size() == 16;
    if (text) {
      in.uuid.assign(uuid->get_ref<const std::string&>().begin(), uuid->get_ref<const std::string&>().end());
    } else {
      in.uuid = json_bytes(*uuid, "uuid");
    }
  }
  if (const json* rand = fields::find(plain, "serviceRand")) in.service_rand = json_bytes(*rand, "serviceRand");
  if (const json* experimental = fields::find(plain, "experimental")) {
    in.allow_experimental = fields::to_bool(*experimental, "experimental");
  }
}

val derive_key(const val& args, const val&, const val&) {
  require_object(args, "");
  const json plain = json_without(args, {"localKey", "secKey", "authKey"});
  fields::reject_unknown(plain, {"mode", "srand", "uuid", "serviceRand", "experimental"}, "");
  const auto mode = static_cast<uint8_t>(fields::to_integer(fields::require(plain, "mode", ""), "mode", 0, 255));
  KeyInputs in;
  const SecretBytes local_key = optional_secret(args, "localKey");
  const SecretBytes sec_key = optional_secret(args, "secKey");
  const SecretBytes auth_key = optional_secret(args, "authKey");
  in.local_key = &local_key;
  in.sec_key = &sec_key;
  in.auth_key = &auth_key;
  read_key_inputs(plain, in);
  const SecretBytes key = ble::derive_key(mode, in);
  return bytes_to_js(key.data(), key.size());
}

// The plain members of dl.ble.encodeFrame's argument; returns the mode.
uint8_t read_frame(const json& plain, Frame& frame) {
  fields::reject_unknown(plain, {"sn", "ackSn", "cmd", "data", "mode", "iv", "padding"}, "");
  frame.sn = static_cast<uint32_t>(fields::to_integer(fields::require(plain, "sn", ""), "sn", 0, UINT32_MAX));
  if (const json* ack = fields::find(plain, "ackSn")) {
    frame.ack_sn = static_cast<uint32_t>(fields::to_integer(*ack, "ackSn", 0, UINT32_MAX));
  }
  frame.cmd = static_cast<uint16_t>(fields::to_integer(fields::require(plain, "cmd", ""), "cmd", 0, 0xFFFF));
  if (const json* data = fields::find(plain, "data")) frame.data = json_bytes(*data, "data");
  const auto mode = static_cast<uint8_t>(fields::to_integer(fields::require(plain, "mode", ""), "mode", 0, 255));
  if (!is_known_key_mode(mode)) throw_invalid("mode", "is not an encryption mode (0, 4, 5, 11, 12, 14, 15, 16)");
  return mode;
}

val encode_frame(const val& args, const val&, const val&) {
  require_object(args, "");
  const json plain = json_without(args, {"key"});
  Frame frame;
  const uint8_t mode = read_frame(plain, frame);
  const Padding padding = padding_from_json(fields::find(plain, "padding"), "padding");
  if (mode == kModeNone) return bytes_to_js(encode_air_frame(frame, mode, nullptr, nullptr, padding));
  const SecretBytes key = secret_bytes_member(args, "key", kKeySize);
  if (const json* iv = fields::find(plain, "iv")) {
    const Bytes explicit_iv = json_bytes(*iv, "iv");
    if (explicit_iv.size() != kIvSize) throw_invalid("iv", "must be 16 bytes");
    return bytes_to_js(encode_air_frame(frame, mode, key.data(), explicit_iv.data(), padding));
  }
  return bytes_to_js(encode_air_frame(frame, mode, key, module_random(), padding));
}

val decode_frame(const val& air, const val& options, const val&) {
  const Bytes bytes = bytes_from_js(air, "air", true);
  const uint8_t mode = air_frame_mode(bytes.data(), bytes.size());
  SecretBytes key;
  if (mode != kModeNone) {
    require_object(options, "options");
    key = secret_bytes_member(options, "key", kKeySize);
  }
  Frame frame = decode_air_frame(bytes.data(), bytes.size(), key.data());
  // Built with Embind's val, not through from_json: this runs for every notification, and through
  // the JSON tree and the encoding it took 1.65x the time (docs/wasm-boundary.md, "Results").
  val out = val::object();
  out.set("sn", frame.sn);
  out.set("ackSn", frame.ack_sn);
  out.set("cmd", frame.cmd);
  out.set("data", bytes_to_js(frame.data));
  out.set("mode", mode);
  wipe(frame.data);
  return out;
}

int protocol_option(const json& options, const Path& path) {
  const json* value = fields::find(options, "protocol");
  return value == nullptr ? 3 : static_cast<int>(fields::to_integer(*value, path.member("protocol"), 2, 15));
}

json options_json(const val& options) {
  if (is_absent(options)) return empty_object();
  json out = to_json(options, "options");
  fields::require_object(out, "options");
  return out;
}

// A decoded frame ({ cmd, data } at least; decodeFrame's result as it is) and { protocol, from }.
// Without `from`, the frame's ackSn says which side sent it.
val describe_frame(const val& frame, const val& options, const val&) {
  require_object(frame, "frame");
  const json plain = json_without(frame, {"data"});  // DATA may hold a login key or a check code
  fields::reject_unknown(plain, {"sn", "ackSn", "cmd", "data", "mode"}, "frame");
  const auto command =
      static_cast<uint16_t>(fields::to_integer(fields::require(plain, "cmd", "frame"), "frame.cmd", 0, 0xFFFF));
  const json opts = options_json(options);
  fields::reject_unknown(opts, {"protocol", "from"}, "options");
  Sender from = Sender::App;
  if (const json* given = fields::find(opts, "from")) {
    const std::string& side = fields::to_string(*given, "options.from");
    if (side != "app" && side != "lock") throw_invalid("options.from", "is 'app' or 'lock'");
    from = side == "app" ? Sender::App : Sender::Lock;
  } else if (const json* ack = fields::find(plain, "ackSn")) {
    from = sender_of(command, static_cast<uint32_t>(fields::to_integer(*ack, "frame.ackSn", 0, UINT32_MAX)));
  } else {
    throw_invalid("options.from", "is needed when the frame has no ackSn ('app' or 'lock': who sent it)");
  }
  const val given_data = member(frame, "data");
  Bytes data = is_absent(given_data) ? Bytes() : bytes_from_js(given_data, "frame.data", true);
  const json* protocol = fields::find(opts, "protocol");
  const int major = protocol == nullptr ? 0 : protocol_option(opts, "options");
  json description = empty_object();
  ble::describe_frame(description, command, data.data(), data.size(), from, major);
  wipe(data);
  return from_json(description);
}

val packetize_frame(const val& air, const val& options, const val&) {
  const Bytes bytes = bytes_from_js(air, "air", true);
  const json opts = options_json(options);
  fields::reject_unknown(opts, {"mtu", "protocol"}, "options");
  const json* mtu = fields::find(opts, "mtu");
  const size_t size = mtu == nullptr ? 20 : static_cast<size_t>(fields::to_integer(*mtu, "options.mtu", 0, 65535));
  return from_json(packets_json(packetize(bytes.data(), bytes.size(), size, protocol_option(opts, "options"))));
}

val encode_dps(const val& dps, const val& options, const val&) {
  const json opts = options_json(options);
  fields::reject_unknown(opts, {"protocol"}, "options");
  return bytes_to_js(ble::encode_dps(dps_from_json(to_json(dps, "dps"), "dps"), protocol_option(opts, "options")));
}

val decode_dps(const val& bytes, const val& options, const val&) {
  const json opts = options_json(options);
  fields::reject_unknown(opts, {"protocol"}, "options");
  const Bytes data = bytes_from_js(bytes, "bytes", true);
  return from_json(dps_to_json(ble::decode_dps(data.data(), data.size(), protocol_option(opts, "options"))));
}

// The reassembler's state travels with each call: { state } in, { state, frame } out.
val reassembler_create(const val& options, const val&, const val&) {
  const json opts = options_json(options);
  fields::reject_unknown(opts, {"protocol", "maxPacket"}, "options");
  const json* max_packet = fields::find(opts, "maxPacket");
  const size_t limit =
      max_packet == nullptr
          ? kMaxMtu
          : static_cast<size_t>(fields::to_integer(*max_packet, "options.maxPacket", kMinMtu, kMaxMtu));
  return bytes_to_js(Reassembler(protocol_option(opts, "options"), limit).snapshot());
}

val reassembler_push(const val& state, const val& packet, const val&) {
  const Bytes saved = bytes_from_js(state, "state", false);
  const Bytes bytes = bytes_from_js(packet, "packet", true);
  Reassembler reassembler = Reassembler::from_snapshot(saved.data(), saved.size());
  const std::optional<Bytes> frame = reassembler.push(bytes.data(), bytes.size());
  // Embind's val, not from_json, for the same measured reason as decode_frame (1.47x per packet).
  val out = val::object();
  out.set("state", bytes_to_js(reassembler.snapshot()));
  out.set("frame", frame ? bytes_to_js(*frame) : val::null());
  if (reassembler.last_status() == Reassembler::Status::Discarded)
    out.set("problem", std::string(reassembler.last_problem()));
  if (reassembler.last_status() == Reassembler::Status::Duplicate) out.set("duplicate", true);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_ble) {
  emscripten::function("dl$ble$crc16", &bind1<&crc16_of>);
  emscripten::function("dl$ble$deriveKey", &bind1<&derive_key>);
  emscripten::function("dl$ble$encodeFrame", &bind1<&encode_frame>);
  emscripten::function("dl$ble$decodeFrame", &bind2<&decode_frame>);
  emscripten::function("dl$ble$describeFrame", &bind2<&describe_frame>);
  emscripten::function("dl$ble$packetize", &bind2<&packetize_frame>);
  emscripten::function("dl$ble$encodeDps", &bind2<&encode_dps>);
  emscripten::function("dl$ble$decodeDps", &bind2<&decode_dps>);
  emscripten::function("dl$$ble$reassemblerCreate", &bind1<&reassembler_create>);
  emscripten::function("dl$$ble$reassemblerPush", &bind2<&reassembler_push>);
}

}  // namespace doorlock::wasm
