#include "lock_simulator_json.h"

#include "doorlock/error.h"
#include "doorlock/json_fields.h"

namespace doorlock::sim {

using nlohmann::json;

namespace {

int64_t integer_or(const json& input, const char* key, int64_t fallback, int64_t min, int64_t max,
                   const Path& parent = Path()) {
  const json* value = fields::find(input, key);
  return value == nullptr ? fallback : fields::to_integer(*value, parent.member(key), min, max);
}

const char* method_name(uint8_t type) {
  static const char* const kNames[] = {"member", "password", "card", "fingerprint", "face", "palm", "vein"};
  return type < 7 ? kNames[type] : "other";
}

// One of `names` (index = value), or INVALID_ARGUMENT naming `key`.
template <size_t N>
size_t choice(const json& input, const char* key, const char* const (&names)[N], size_t fallback) {
  const json* value = fields::find(input, key);
  if (value == nullptr) return fallback;
  const std::string text = fields::to_string(*value, key);
  for (size_t i = 0; i < N; ++i) {
    if (text == names[i]) return i;
  }
  std::string allowed;
  for (size_t i = 0; i < N; ++i) allowed += (i == 0 ? "'" : ", '") + std::string(names[i]) + "'";
  throw_invalid(key, "is one of " + allowed);
}

std::string digits_text(const Bytes& digits) {
  std::string out;
  for (uint8_t digit : digits) out.push_back(static_cast<char>('0' + digit));
  return out;
}

// The block as stored; start and end in minutes of the day, days the raw cycle_flag.
json validity_json(const fw::ValidityBlock& validity) {
  static const char* const kCycles[] = {"none", "daily", "weekly", "monthly"};
  json out = {{"effectiveTime", validity.total_start},
              {"invalidTime", validity.total_end},
              {"cycle", validity.cycle_type < 4 ? json(kCycles[validity.cycle_type]) : json(validity.cycle_type)},
              {"start", validity.start_h * 60 + validity.start_m},
              {"end", validity.end_h * 60 + validity.end_m}};
  if (validity.cycle_type == 2 || validity.cycle_type == 3) out["days"] = validity.cycle_flag;
  return out;
}

}  // namespace

LockSimulatorOptions options_from_json(const json& input_value) {
  json input = input_value;
  fields::require_object(input, "");
  LockSimulatorOptions options;
  fields::reject_unknown(input,
                         {"uuid", "devId", "protocol", "mtu", "bound", "timeZone", "checkCode", "masterId", "slaveId",
                          "limits", "timeRequest", "digits", "layout", "firmware", "windowCheck", "recordDelayMs"},
                         "");
  static const char* const kDigits[] = {"value", "ascii"};
  static const char* const kLayouts[] = {"sdk", "fitting", "named"};
  static const char* const kFirmware[] = {"current", "lock-sdk-3.3"};
  static const char* const kWindowChecks[] = {"minutes", "firmware-demo"};
  options.dialect.digits = static_cast<fw::DigitEncoding>(choice(input, "digits", kDigits, 0));
  options.dialect.layout = static_cast<fw::TemporaryLayout>(choice(input, "layout", kLayouts, 0));
  options.firmware = static_cast<Firmware>(choice(input, "firmware", kFirmware, 0));
  options.window_check = static_cast<WindowCheck>(choice(input, "windowCheck", kWindowChecks, 0));
  options.record_delay_ms = integer_or(input, "recordDelayMs", kRecordDelayMs, 0, 60000);
  options.uuid = fields::to_string(fields::require(input, "uuid", ""), "uuid");
  if (const json* dev_id = fields::find(input, "devId")) options.dev_id = fields::to_string(*dev_id, "devId");
  options.protocol = static_cast<int>(integer_or(input, "protocol", 3, 3, 4));
  options.mtu = static_cast<size_t>(integer_or(input, "mtu", 20, 20, 512));
  if (const json* bound = fields::find(input, "bound")) options.bound = fields::to_bool(*bound, "bound");
  options.time_zone = static_cast<int>(integer_or(input, "timeZone", 0, -1200, 1400));
  if (const json* code = fields::find(input, "checkCode")) {
    const std::string text = fields::to_string(*code, "checkCode");
    if (text.size() != 8) throw_invalid("checkCode", "must be the 8-character check code");
    CheckCode value{};
    std::copy(text.begin(), text.end(), value.begin());
    options.check_code = value;
  }
  if (const json* request = fields::find(input, "timeRequest")) {
    const std::string name = fields::to_string(*request, "timeRequest");
    if (name != "ms" && name != "date") throw_invalid("timeRequest", "is 'ms' (0x8011) or 'date' (0x8012)");
    options.time_request = name == "ms" ? 0x8011 : 0x8012;
  }
  options.master_id = static_cast<uint16_t>(integer_or(input, "masterId", 0xFFFF, 0, 0xFFFF));
  options.slave_id = static_cast<uint16_t>(integer_or(input, "slaveId", 1, 0, 0xFFFF));
  if (const json* limits = fields::find(input, "limits")) {
    fields::require_object(*limits, "limits");
    fields::reject_unknown(*limits, {"credentials", "temporaryPasswords", "hosts"}, "limits");
    options.limits.credentials = static_cast<size_t>(integer_or(*limits, "credentials", 20, 0, 255, "limits"));
    options.limits.temporary_passwords =
        static_cast<size_t>(integer_or(*limits, "temporaryPasswords", 10, 0, 255, "limits"));
    options.limits.hosts = static_cast<size_t>(integer_or(*limits, "hosts", 4, 0, 255, "limits"));
  }
  return options;
}

json status_json(const LockStatus& status) {
  return {{"connected", status.connected},
          {"paired", status.paired},
          {"bound", status.bound},
          {"unlocked", status.unlocked},
          {"lastReceivedSn", status.last_received_sn},
          {"nextSendSn", status.next_send_sn},
          {"srand", status.srand ? json::binary(*status.srand) : json(nullptr)},
          {"sendMtu", status.send_mtu},
          {"rtc", status.rtc},
          {"timeZone", status.time_zone},
          {"timeSynced", status.time_synced},
          {"devId", status.dev_id},
          {"t0", status.t0},
          {"pairSource", status.pair_source ? json(*status.pair_source) : json(nullptr)},
          {"pendingReports", status.pending_reports}};
}

json passwords_json(const LockStore& store) {
  json out = json::array();
  for (const auto& credential : store.credentials()) {
    json item = {{"kind", method_name(credential.type)},
                 {"hardId", credential.hard_id},
                 {"memberId", credential.member_id},
                 {"admin", credential.admin},
                 {"validNum", credential.valid_num},
                 {"uses", credential.uses},
                 {"validity", validity_json(credential.validity)}};
    if (!credential.password.empty()) item["password"] = digits_text(credential.password);
    out.push_back(std::move(item));
  }
  for (const auto& temporary : store.temporary_passwords()) {
    out.push_back({{"kind", "temporary"},
                   {"hardId", temporary.hard_id},
                   {"type", temporary.type},
                   {"validNum", temporary.valid_num},
                   {"uses", temporary.uses},
                   {"password", digits_text(temporary.password)},
                   {"validity", validity_json(temporary.validity)}});
  }
  return out;
}

json log_json(const LockStore& store) {
  json out = json::array();
  for (const auto& entry : store.log()) {
    json item = {{"time", entry.time},
                 {"event", entry.event},
                 {"method", entry.method},
                 {"id", entry.id},
                 {"reported", entry.reported}};
    if (entry.record_dp != 0) item["recordDp"] = entry.record_dp;
    if (!entry.reason.empty()) item["reason"] = entry.reason;
    out.push_back(std::move(item));
  }
  return out;
}

json events_json(const std::vector<LockEvent>& events) {
  json out = json::array();
  for (const auto& event : events) {
    json item = {{"type", event.type}, {"reason", event.reason}};
    if (event.cmd != 0) item["cmd"] = event.cmd;
    out.push_back(std::move(item));
  }
  return out;
}

json keypad_json(const KeypadOutcome& outcome) {
  json out = {{"opened", outcome.opened}};
  if (outcome.hard_id != kNoHardId) out["hardId"] = outcome.hard_id;
  if (!outcome.kind.empty()) out["kind"] = outcome.kind;
  if (!outcome.opened) out["reason"] = outcome.reason;
  return out;
}

}  // namespace doorlock::sim
