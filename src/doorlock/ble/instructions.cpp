#include "doorlock/ble/instructions.h"

#include "doorlock/ble/frame.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/lock_dp.h"
#include "doorlock/error.h"
#include "doorlock/json_fields.h"

namespace doorlock::ble {

using nlohmann::json;

namespace {

Bytes hex_or_bytes(const json& value, const Path& path) {
  if (value.is_binary()) return Bytes(value.get_binary().begin(), value.get_binary().end());
  if (value.is_string()) return from_hex(value.get_ref<const std::string&>(), path);
  throw_invalid(path, "must be hex text or bytes");
}

}  // namespace

Bytes cloud_air_frame(const json& instruction, const Path& path) {
  if (instruction.is_object()) {
    return cloud_air_frame(fields::require(instruction, "instruction", path), path.member("instruction"));
  }
  Bytes air = hex_or_bytes(instruction, path);
  if (air.empty()) throw_invalid(path, "is empty");
  const uint8_t mode = air[0];
  if (!is_known_key_mode(mode)) throw_invalid(path, "does not start with a known encryption mode");
  const bool encrypted_shape = air.size() >= 1 + kIvSize + 16 && (air.size() - 1 - kIvSize) % 16 == 0;
  const bool plain_shape = air.size() >= 1 + kFrameHeaderSize + kCrcSize;
  if (mode == kModeNone ? !plain_shape : !encrypted_shape) {
    throw_invalid(path, "does not have the length of an air frame");
  }
  return air;
}

Dp cloud_dp_instruction(const json& config, const Path& path) {
  fields::require_object(config, path);
  const auto member = [&](const char* key) { return path.member(key); };
  for (const char* flag : {"distributed", "distribute"}) {
    if (const json* value = fields::find(config, flag); value != nullptr && !fields::to_bool(*value, member(flag))) {
      throw_invalid(member(flag), "is false: the cloud says there is nothing to send");
    }
  }
  const json* id = fields::find(config, "dp_id");
  const char* id_name = "dp_id";
  if (id == nullptr) {
    id = fields::find(config, "dpId");
    id_name = "dpId";
  }
  const Path id_path = member(id_name);
  if (id == nullptr) throw_invalid(member("dp_id"), "is required");
  const auto dp = static_cast<uint8_t>(fields::to_integer(*id, id_path, 1, 255));

  const json* wake_up = fields::find(config, "wake_up_ins");
  const Path value_path = member(wake_up != nullptr ? "wake_up_ins" : "ins");
  const json& value_json = wake_up != nullptr ? *wake_up : fields::require(config, "ins", path);
  Bytes value = hex_or_bytes(value_json, value_path);
  if (value.empty()) throw_invalid(value_path, "is empty");
  // The two DPs whose length the lock checks: a wrong one gets no reply at all.
  if (dp == lock_dp::kDpSetCheckCode && value.size() != 23) throw_invalid(value_path, "DP 70 takes 23 bytes");
  if (dp == lock_dp::kDpUnlockCheck && value.size() < 19) throw_invalid(value_path, "DP 71 takes at least 19 bytes");
  return Dp::raw(dp, std::move(value));
}

}  // namespace doorlock::ble
