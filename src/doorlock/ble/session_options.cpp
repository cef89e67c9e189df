#include "doorlock/ble/session_options.h"

#include <string>

#include "doorlock/ble/time_sync.h"
#include "doorlock/error.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/time_zone.h"

namespace doorlock::ble {

using nlohmann::json;

Padding padding_from_json(const json* value, const Path& path) {
  if (value == nullptr) return Padding::Tuya;
  const std::string& name = fields::to_string(*value, path);
  if (name == "tuya") return Padding::Tuya;
  if (name == "zero") return Padding::Zero;
  throw_invalid(path, "is 'tuya' or 'zero'");
}

std::optional<PairLayout> pair_layout_from_json(const json* value, const Path& path) {
  if (value == nullptr) return std::nullopt;
  const std::string& name = fields::to_string(*value, path);
  if (name == "auto") return std::nullopt;
  if (name == "both") return PairLayout::Both;
  if (name == "fixed44") return PairLayout::Fixed44;
  if (name == "source45") return PairLayout::Source45;
  if (name == "source61") return PairLayout::Source61;
  throw_invalid(path, "is 'auto', 'both', 'fixed44', 'source45' or 'source61'");
}

int16_t zone_from_json(const json* value, const Path& path) {
  if (value == nullptr) return 0;
  int minutes = 0;
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    if (text == "UTC" || text == "GMT" || text == "Z") return 0;
    if (!schedule::parse_utc_offset(text, minutes)) throw_invalid(path, "must be an offset such as \"+08:00\"");
  } else {
    minutes = static_cast<int>(fields::to_integer(*value, path, -12 * 60, 14 * 60));
  }
  try {
    return zone_from_offset_minutes(minutes);
  } catch (const Error&) {
    throw_invalid(path, "must be a whole number of minutes from -12:00 to +14:00");
  }
}

void read_session_options(const json& options, SessionConfig& config) {
  fields::require_object(options, "");
  fields::reject_unknown(options, {"uuid", "devId", "protocol", "mtu", "timeZone", "pairLayout", "padding"}, "");
  config.uuid = fields::to_string(fields::require(options, "uuid", ""), "uuid");
  config.dev_id = fields::to_string(fields::require(options, "devId", ""), "devId");
  if (const json* protocol = fields::find(options, "protocol")) {
    config.protocol = static_cast<int>(fields::to_integer(*protocol, "protocol", 2, 15));
  }
  if (const json* mtu = fields::find(options, "mtu")) {
    config.mtu = static_cast<size_t>(fields::to_integer(*mtu, "mtu", 0, 65535));
  }
  config.zone = zone_from_json(fields::find(options, "timeZone"), "timeZone");
  config.pair_layout = pair_layout_from_json(fields::find(options, "pairLayout"), "pairLayout");
  config.padding = padding_from_json(fields::find(options, "padding"), "padding");
}

}  // namespace doorlock::ble
