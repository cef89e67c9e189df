#include "doorlock/ble/dp_json.h"

#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"

namespace doorlock::ble {

using nlohmann::json;

namespace {

// Fills `out` in place (see json_build.h).
void fill_dp(json& out, const Dp& dp) {
  entry(out, "id") = dp.id;
  entry(out, "type") = dp_type_name(dp.type);
  json& value = entry(out, "value");
  switch (dp.type) {
    case DpType::Raw: value = json::binary(dp.value); break;
    case DpType::Bool: value = dp.as_bool(); break;
    case DpType::Value: value = dp.as_integer(); break;
    case DpType::String: value = dp.as_string(); break;
    case DpType::Enum: value = dp.as_enum(); break;
    case DpType::Bitmap: value = dp.as_bitmap(); break;
  }
}

}  // namespace

json dp_to_json(const Dp& dp) {
  json out = empty_object();
  fill_dp(out, dp);
  return out;
}

json dps_to_json(const std::vector<Dp>& dps) {
  json out = empty_array();
  for (const Dp& dp : dps) fill_dp(append_object(out), dp);
  return out;
}

Dp dp_from_json(const json& input, const Path& path) {
  fields::require_object(input, path);
  fields::reject_unknown(input, {"id", "type", "value", "width"}, path);
  const auto member = [&](const char* key) { return path.member(key); };
  const auto id = static_cast<uint8_t>(fields::to_integer(fields::require(input, "id", path), member("id"), 0, 255));
  const std::string& type_name = fields::to_string(fields::require(input, "type", path), member("type"));
  const auto type = dp_type_from_name(type_name);
  if (!type) throw_invalid(member("type"), "is 'raw', 'bool', 'value', 'string', 'enum' or 'bitmap'");
  const json& value = fields::require(input, "value", path);
  const Path value_path = path.member("value");
  if (fields::find(input, "width") != nullptr && *type != DpType::Bitmap) {
    throw_invalid(member("width"), "applies only to bitmap DPs");
  }
  switch (*type) {
    case DpType::Raw:
      if (value.is_binary()) return Dp::raw(id, Bytes(value.get_binary().begin(), value.get_binary().end()));
      if (value.is_string()) return Dp::raw(id, from_hex(value.get_ref<const std::string&>(), value_path));
      throw_invalid(value_path, "must be bytes (Uint8Array) or hex text");
    case DpType::Bool:
      if (value.is_boolean()) return Dp::boolean(id, value.get<bool>());
      return Dp::boolean(id, fields::to_integer(value, value_path, 0, 1) == 1);
    case DpType::Value:
      return Dp::integer(id, static_cast<int32_t>(fields::to_integer(value, value_path, INT32_MIN, INT32_MAX)));
    case DpType::String: return Dp::string(id, fields::to_string(value, value_path));
    case DpType::Enum: return Dp::enumeration(id, static_cast<uint8_t>(fields::to_integer(value, value_path, 0, 255)));
    case DpType::Bitmap: {
      const json* width_value = fields::find(input, "width");
      const int64_t width = width_value == nullptr ? 4 : fields::to_integer(*width_value, member("width"), 1, 4);
      if (width == 3) throw_invalid(member("width"), "a bitmap is 1, 2 or 4 bytes");
      const int64_t max = width == 4 ? UINT32_MAX : (int64_t{1} << (8 * width)) - 1;
      return Dp::bitmap(id, static_cast<uint32_t>(fields::to_integer(value, value_path, 0, max)),
                        static_cast<size_t>(width));
    }
  }
  throw_invalid(member("type"), "is not a DP type");
}

std::vector<Dp> dps_from_json(const json& input, const Path& path) {
  fields::require_array(input, path);
  std::vector<Dp> out;
  out.reserve(input.size());
  for (size_t i = 0; i < input.size(); ++i) out.push_back(dp_from_json(input[i], path.item(i)));
  return out;
}

}  // namespace doorlock::ble
