#include "doorlock/ble/lock_dp.h"

#include <algorithm>
#include <string>

#include "doorlock/ble/lock_dp_codec.h"
#include "doorlock/ble/lock_dp_sync.h"
#include "doorlock/ble/lock_dp_tables.h"
#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/validity_block.h"

namespace doorlock::ble::lock_dp {

namespace {

using namespace detail;

// DP 1's request (kCreateMethodRequest): method, stage, admin, member id, hard id, the validity
// block and valid_num come before the password's length byte.
constexpr size_t kEnrolPasswordLengthAt = 5 + schedule::kValidityBlockSize + 1;
constexpr uint8_t kPasswordMethodType = 1;

bool is_temporary(Message message) {
  return message == Message::CreateTemporaryPassword || message == Message::DeleteTemporaryPassword ||
         message == Message::ModifyTemporaryPassword;
}

Table request_table(Message message, const Options& options) {
  if (options.layout == TemporaryPasswordLayout::Named) {
    if (message == Message::CreateTemporaryPassword) return table(kCreateTemporaryNamed);
    if (message == Message::ModifyTemporaryPassword) return table(kModifyTemporaryNamed);
  }
  return spec(message).request;
}

bool has_slave_prefix(Message message, const Options& options) {
  return options.layout == TemporaryPasswordLayout::Fitting && is_temporary(message);
}

DOORLOCK_COLD void no_reply(const Spec& s) { throw_invalid("dp", {s.name, " has no reply in the same DP"}); }

void decode_reply_into(Message message, const uint8_t* value, size_t size, const Options& options, json& out) {
  if (message == Message::SyncMethods) return decode_sync_reply(value, size, out);
  const Spec& s = spec(message);
  if (s.reply.count == 0) no_reply(s);
  read_into(out, value, size, s.reply, has_slave_prefix(message, options), options);
  const auto result = static_cast<uint8_t>(entry(out, s.result_field).get<uint64_t>());
  entry(out, "ok") = result == s.ok_value;
  const char* status = name_of(s.results, result);
  entry(out, "status") = status != nullptr ? status : "unknown";
  if (message == Message::CreateUnlockMethod && result == 0xFD) {
    const char* reason = name_of(kEnrolFailures, static_cast<uint8_t>(entry(out, "result").get<uint64_t>()));
    entry(out, "reason") = reason != nullptr ? reason : "unknown";
  }
}

// ---- what the panel does that a field table cannot say ----

bool carries_temporary_password(Message message) {
  return message == Message::CreateTemporaryPassword || message == Message::ModifyTemporaryPassword;
}

// Weak PINs are refused before anything is built (§6b.1: the panel refuses them; S4 firmware
// checks nothing, so this is the only check such a lock gets).
void check_password_strength(Message message, const json& input, const Options& options) {
  if (options.allow_weak_password || !carries_temporary_password(message) || !input.is_object()) return;
  const json* password = fields::find(input, "password");
  if (password == nullptr || !password->is_string()) return;  // the writer reports what is wrong
  const std::string& digits = password->get_ref<const std::string&>();
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return;
  if (is_weak_password(digits)) {
    throw_invalid("password",
                  "is too weak (6 or more consecutive ascending or descending digits, or one digit 6 or more times "
                  "in a row); the lock refuses it. Pass allowWeakPassword: true to send it anyway");
  }
}

// DP 2 with method 0 removes a whole member; the panel writes `00 00 admin member ff 00` (§6b.3).
bool removes_member(const json& input) {
  if (!input.is_object()) return false;
  const json* method = fields::find(input, "method");
  if (method == nullptr) return false;
  if (method->is_string()) return method->get_ref<const std::string&>() == "member";
  return method->is_number_integer() && method->get<int64_t>() == 0;
}

json member_removal(const json& input) {
  json out = input;
  if (fields::find(out, "hardId") == nullptr) entry(out, "hardId") = 0xFF;
  if (fields::find(out, "deleteStyle") == nullptr) entry(out, "deleteStyle") = 0;
  return out;
}

// Where the 17-byte block sits in a request (none in the "named" layout).
std::optional<size_t> validity_offset(Message message, const Options& options) {
  const size_t prefix = has_slave_prefix(message, options) ? 2 : 0;
  switch (message) {
    case Message::CreateUnlockMethod:
    case Message::ModifyUnlockMethod: return 5;
    case Message::CreateTemporaryPassword:
      return options.layout == TemporaryPasswordLayout::Named ? std::nullopt : std::optional<size_t>(prefix + 1);
    case Message::ModifyTemporaryPassword:
      return options.layout == TemporaryPasswordLayout::Named ? std::nullopt : std::optional<size_t>(prefix + 2);
    default: return std::nullopt;
  }
}

void add_warnings(Message message, const json& input, const Options& options, const Bytes& value,
                  std::vector<Warning>& warnings) {
  if (const std::optional<size_t> at = validity_offset(message, options)) {
    // Read from the bytes, so that a block given as bytes is checked too: the lock demo compares
    // start_m <= m <= end_m for every repeating cycle (§6b.1, S2 lock_timer.c:238-290).
    const uint8_t* block = value.data() + *at;
    if (block[8] != 0 && block[14] > block[16]) {
      warnings.push_back({kWarningWindow, "validity",
                          "the daily window's start minute is after its end minute: lock firmware built from "
                          "Tuya's demo compares hour and minute separately and never opens such a window; "
                          "prefer whole hours or minutes that do not cross"});
    }
  }
  if (message == Message::ModifyTemporaryPassword && options.layout != TemporaryPasswordLayout::Named &&
      fields::find(input, "password") == nullptr) {
    warnings.push_back({kWarningModifyClearsPin, "password",
                        "a modify without the password changes the validity only on current firmware, but lock "
                        "SDK 3.x firmware stores the empty password and the PIN stops working; pass the "
                        "password when it is known"});
  }
}

}  // namespace

namespace {

// The index of `value` among `names`, or INVALID_ARGUMENT at `path`.
template <size_t N>
uint8_t option_index(const json& value, const char* const (&names)[N], const Path& path, const char* rule) {
  const std::string& name = fields::to_string(value, path);
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<uint8_t>(i);
  }
  throw_invalid(path, rule);
}

}  // namespace

Options take_options(json& input, const Path& path) {
  Options options;
  if (!input.is_object()) return options;
  if (const json* digits = fields::find(input, "digits")) {
    options.digits =
        static_cast<DigitEncoding>(option_index(*digits, kDigitNames, path.member("digits"), "is 'value' or 'ascii'"));
  }
  if (const json* layout = fields::find(input, "layout")) {
    options.layout = static_cast<TemporaryPasswordLayout>(
        option_index(*layout, kLayoutNames, path.member("layout"), "is 'sdk', 'fitting' or 'named'"));
  }
  if (const json* weak = fields::find(input, "allowWeakPassword")) {
    options.allow_weak_password = fields::to_bool(*weak, path.member("allowWeakPassword"));
  }
  input.erase("digits");
  input.erase("layout");
  input.erase("allowWeakPassword");
  return options;
}

uint8_t dp_id(Message message) noexcept { return spec(message).dp; }

DpType dp_type(Message message) noexcept { return message == Message::SetT0 ? DpType::String : DpType::Raw; }

const char* message_name(Message message) noexcept { return spec(message).name; }

std::optional<Message> message_for_dp(uint8_t dp) noexcept {
  for (size_t i = 0; i < sizeof kSpecs / sizeof kSpecs[0]; ++i) {
    if (kSpecs[i].dp == dp) return static_cast<Message>(i);
  }
  return std::nullopt;
}

Bytes encode_request(Message message, const json& input, const Options& options) {
  return build_request(message, input, options).dp.value;
}

BuiltRequest build_request(Message message, const json& input, const Options& options) {
  check_password_strength(message, input, options);
  BuiltRequest built;
  built.dp.id = dp_id(message);
  built.dp.type = dp_type(message);
  Bytes& out = built.dp.value;
  if (message == Message::DeleteUnlockMethod && removes_member(input)) {
    out = write(member_removal(input), table(kDeleteMethodRequest), false, options);
  } else {
    out = write(input, request_table(message, options), has_slave_prefix(message, options), options);
  }
  if (message == Message::CreateUnlockMethod) {
    // A password method (type 1) with an empty password cannot enrol.
    if (out[0] == kPasswordMethodType && out[kEnrolPasswordLengthAt] == 0)
      throw_invalid("password", "is required for a password unlock method");
    // Tuya's panel sends one more 00 after pwd_len 0 (card, fingerprint, face...; §6b.3).
    if (out[kEnrolPasswordLengthAt] == 0) out.push_back(0);
  }
  add_warnings(message, input, options, out, built.warnings);
  return built;
}

json decode_reply(Message message, const uint8_t* value, size_t size, const Options& options) {
  json out = empty_object();
  decode_reply_into(message, value, size, options, out);
  return out;
}

json decode_request(Message message, const uint8_t* value, size_t size, const Options& options) {
  return read(value, size, request_table(message, options), has_slave_prefix(message, options), options);
}

Bytes encode_reply(Message message, const json& reply, const Options& options) {
  if (message == Message::SyncMethods) return encode_sync_reply(reply);
  const Spec& s = spec(message);
  if (s.reply.count == 0) no_reply(s);
  // Replies read back carry ok/status/reason; accept them so a decoded reply re-encodes.
  json plain = reply;
  if (plain.is_object()) {
    for (const char* derived : {"ok", "status", "reason"}) plain.erase(derived);
  }
  return write(plain, s.reply, has_slave_prefix(message, options), options);
}

Dp request_dp(Message message, const json& input, const Options& options) {
  return std::move(build_request(message, input, options).dp);
}

}  // namespace doorlock::ble::lock_dp
