#include "doorlock/ble/lock_dp.h"

#include <algorithm>
#include <string>

#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/ble/lock_dp_tables.h"
#include "doorlock/schedule/validity_block.h"

namespace doorlock::ble::lock_dp {

namespace {

using namespace detail;

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

const char* name_of(const NameEntry* names, uint8_t value) {
  for (const NameEntry* entry = names; entry != nullptr && entry->name != nullptr; ++entry) {
    if (entry->value == value) return entry->name;
  }
  return nullptr;
}

DOORLOCK_COLD void no_reply(const Spec& s) {
  throw_invalid("dp", {s.name, " has no reply in the same DP"});
}

DOORLOCK_COLD void truncated(const Field& field) {
  throw_error(ErrorCode::BadFrame, {"lock DP value ends before its ", field.name, " field"});
}

// ---- JSON -> wire ----

class Writer {
 public:
  Writer(Bytes& out, const Options& options) : out_(out), options_(options) {}

  void field(const Field& field, const json* value, const Path& path) {
    if (value == nullptr && field.fallback == kRequired) throw_invalid(path, "is required");
    switch (field.kind) {
      case Kind::U8: out_.push_back(static_cast<uint8_t>(number(field, value, path))); break;
      case Kind::U16: put_u16be(out_, static_cast<uint16_t>(number(field, value, path))); break;
      case Kind::U32: put_u32be(out_, static_cast<uint32_t>(number(field, value, path))); break;
      case Kind::Flag:
        out_.push_back(value == nullptr ? static_cast<uint8_t>(field.fallback) : flag(*value, path));
        break;
      case Kind::Validity: validity(*value, path); break;
      case Kind::Window: window(*value, path); break;
      case Kind::Password: password(value, path); break;
      case Kind::Name: name(value, path); break;
      case Kind::Bytes8: bytes8(value, path); break;
      case Kind::Rest:
        if (value != nullptr) append(bytes(*value, path));
        break;
      case Kind::TypeList: type_list(*value, path); break;
      case Kind::Decimal: {
        const std::string digits = std::to_string(number(field, value, path));
        out_.insert(out_.end(), digits.begin(), digits.end());
        break;
      }
    }
  }

 private:
  int64_t number(const Field& field, const json* value, const Path& path) {
    if (value == nullptr) return field.fallback;
    if (value->is_string() && field.names != nullptr) {
      const std::string& text = value->get_ref<const std::string&>();
      for (const NameEntry* entry = field.names; entry->name != nullptr; ++entry) {
        if (text == entry->name && entry->value >= field.min && entry->value <= field.max) return entry->value;
      }
      throw_invalid(path, "is not one of the names this field takes");
    }
    return fields::to_integer(*value, path, field.min, field.max);
  }

  static uint8_t flag(const json& value, const Path& path) {
    if (value.is_boolean()) return value.get<bool>() ? 1 : 0;
    return static_cast<uint8_t>(fields::to_integer(value, path, 0, 1));
  }

  void validity(const json& value, const Path& path) {
    if (value.is_binary()) {
      if (value.get_binary().size() != schedule::kValidityBlockSize) throw_invalid(path, "must be 17 bytes");
      append(Bytes(value.get_binary().begin(), value.get_binary().end()));
      return;
    }
    append(schedule::encode_validity(schedule::validity_from_json(value, path)));
  }

  void window(const json& value, const Path& path) {
    const schedule::Validity validity = schedule::validity_from_json(value, path);
    if (validity.cycle != schedule::Cycle::None) {
      throw_invalid(path.member("cycle"), "the named layout carries no repeating schedule");
    }
    put_u32be(out_, validity.effective_time);
    put_u32be(out_, validity.invalid_time);
  }

  void password(const json* value, const Path& path) {
    const std::string_view digits = value == nullptr ? std::string_view() : fields::to_string(*value, path);
    if (value != nullptr && (digits.empty() || digits.size() > 10)) throw_invalid(path, "must be 1..10 digits");
    out_.push_back(static_cast<uint8_t>(digits.size()));
    for (char c : digits) {
      if (c < '0' || c > '9') throw_invalid(path, "must be digits only");
      out_.push_back(static_cast<uint8_t>(options_.digits == DigitEncoding::Value ? c - '0' : c));
    }
  }

  void name(const json* value, const Path& path) {
    const std::string_view text = value == nullptr ? std::string_view() : fields::to_string(*value, path);
    if (text.size() > 255) throw_invalid(path, "is longer than 255 bytes");
    out_.push_back(static_cast<uint8_t>(text.size()));
    out_.insert(out_.end(), text.begin(), text.end());
  }

  void bytes8(const json* value, const Path& path) {
    if (value == nullptr) {
      out_.insert(out_.end(), 8, 0);
      return;
    }
    Bytes raw;
    if (value->is_string()) {
      const std::string& text = value->get_ref<const std::string&>();
      if (text.size() == 8) {
        raw.assign(text.begin(), text.end());
      } else if (text.size() == 16) {
        raw = from_hex(text, path);
      } else {
        throw_invalid(path, "must be 8 characters, 16 hex digits or 8 bytes");
      }
    } else {
      raw = bytes(*value, path);
      if (raw.size() != 8) throw_invalid(path, "must be 8 characters, 16 hex digits or 8 bytes");
    }
    append(raw);
  }

  static Bytes bytes(const json& value, const Path& path) {
    if (value.is_binary()) return Bytes(value.get_binary().begin(), value.get_binary().end());
    if (value.is_string()) return from_hex(value.get_ref<const std::string&>(), path);
    throw_invalid(path, "must be bytes (Uint8Array) or hex text");
  }

  void type_list(const json& value, const Path& path) {
    fields::require_array(value, path);
    // The lock answers a list that is empty or longer than its type count with "done" at once.
    if (value.empty() || value.size() > 5) throw_invalid(path, "must list 1..5 unlock-method types");
    const Field type{"type", Kind::U8, kRequired, 1, 15, kMethodNames};
    Bytes seen;
    for (size_t i = 0; i < value.size(); ++i) {
      const auto code = static_cast<uint8_t>(number(type, &value[i], path.item(i)));
      if (std::find(seen.begin(), seen.end(), code) != seen.end()) {
        throw_invalid(path.item(i), "is listed twice");
      }
      seen.push_back(code);
    }
    append(seen);
  }

  void append(const Bytes& bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }

  Bytes& out_;
  const Options& options_;
};

void check_members(const json& input, const Table& table, bool slave_prefix, const Path& path) {
  fields::require_object(input, path);
  for (auto it = input.begin(); it != input.end(); ++it) {
    if (it->is_null()) continue;
    bool known = slave_prefix && it.key() == "slaveId";
    for (uint8_t i = 0; i < table.count && !known; ++i) known = it.key() == table.fields[i].name;
    if (!known) throw_invalid(path.member(std::string_view(it.key())), "is not a field of this message");
  }
}

Bytes write(const json& input, const Table& table, bool slave_prefix, const Options& options) {
  check_members(input, table, slave_prefix, "");
  Bytes out;
  Writer writer(out, options);
  if (slave_prefix) writer.field(kSlaveIdPrefix[0], fields::find(input, "slaveId"), "slaveId");
  for (uint8_t i = 0; i < table.count; ++i) {
    const Field& field = table.fields[i];
    writer.field(field, fields::find(input, field.name), field.name);
  }
  return out;
}

// ---- wire -> JSON ----

// Results are filled in place, member by member (see json_build.h).
void read_validity_block(const uint8_t* block, json& out) {
  const schedule::Validity validity = schedule::decode_validity(block, schedule::kValidityBlockSize);
  static const char* const kCycles[] = {"none", "daily", "weekly"};
  entry(out, "effectiveTime") = validity.effective_time;
  entry(out, "invalidTime") = validity.invalid_time;
  entry(out, "cycle") = kCycles[static_cast<int>(validity.cycle)];
  entry(out, "start") = validity.start_minute;
  entry(out, "end") = validity.end_minute;
  if (validity.cycle == schedule::Cycle::Weekly) entry(out, "days") = validity.days;
}

void bytes8_json(const uint8_t* p, json& out) {
  // 8 printable characters come back as text (check codes are ASCII digits), anything else as hex.
  const bool printable = std::all_of(p, p + 8, [](uint8_t c) { return c >= 0x20 && c < 0x7F; });
  if (printable) {
    out = std::string(p, p + 8);
  } else {
    out = to_hex(p, 8);
  }
}

class Reader {
 public:
  Reader(const uint8_t* data, size_t size, const Options& options) : data_(data), size_(size), options_(options) {}

  void field(const Field& field, json& out) {
    if (field.kind == Kind::Password) return password(field, out);
    if (field.kind == Kind::Rest && offset_ == size_) return;  // nothing follows: the field stays out
    json& value = entry(out, field.name);
    switch (field.kind) {
      case Kind::U8: value = take(field, 1)[0]; break;
      case Kind::Flag: value = take(field, 1)[0] != 0; break;
      case Kind::U16: value = get_u16be(take(field, 2)); break;
      case Kind::U32: value = get_u32be(take(field, 4)); break;
      case Kind::Validity: read_validity_block(take(field, schedule::kValidityBlockSize), value); break;
      case Kind::Window: {
        const uint8_t* p = take(field, 8);
        entry(value, "effectiveTime") = get_u32be(p);
        entry(value, "invalidTime") = get_u32be(p + 4);
        break;
      }
      case Kind::Password: break;
      case Kind::Name: {
        const uint8_t length = take(field, 1)[0];
        const uint8_t* p = take(field, length);
        value = std::string(p, p + length);
        break;
      }
      case Kind::Bytes8: bytes8_json(take(field, 8), value); break;
      case Kind::Rest:
        value = json::binary(Bytes(data_ + offset_, data_ + size_));
        offset_ = size_;
        break;
      case Kind::TypeList:
        value = empty_array();
        for (; offset_ < size_; ++offset_) value.push_back(data_[offset_]);
        break;
      case Kind::Decimal: {
        if (offset_ >= size_ || size_ - offset_ > 10) throw_error(ErrorCode::BadFrame, "decimal value is malformed");
        uint64_t number = 0;
        for (; offset_ < size_; ++offset_) {
          if (data_[offset_] < '0' || data_[offset_] > '9') throw_error(ErrorCode::BadFrame, "not a decimal value");
          number = number * 10 + (data_[offset_] - '0');
        }
        value = number;
        break;
      }
    }
  }

 private:
  void password(const Field& field, json& out) {
    const uint8_t length = take(field, 1)[0];
    const uint8_t* p = take(field, length);
    if (length == 0) return;  // no password: the field stays out
    json& value = entry(out, field.name);
    value = std::string(length, '0');
    std::string& digits = value.get_ref<std::string&>();
    for (uint8_t i = 0; i < length; ++i) {
      const uint8_t digit = options_.digits == DigitEncoding::Value ? p[i] : static_cast<uint8_t>(p[i] - '0');
      if (digit > 9) throw_error(ErrorCode::BadFrame, "password holds a byte that is not a digit");
      digits[i] = static_cast<char>('0' + digit);
    }
  }

  const uint8_t* take(const Field& field, size_t count) {
    if (size_ - offset_ < count) truncated(field);
    const uint8_t* p = data_ + offset_;
    offset_ += count;
    return p;
  }

  const uint8_t* data_;
  size_t size_;
  size_t offset_ = 0;
  const Options& options_;
};

void read_into(json& out, const uint8_t* data, size_t size, const Table& table, bool slave_prefix,
               const Options& options) {
  Reader reader(data, size, options);
  if (slave_prefix) reader.field(kSlaveIdPrefix[0], out);
  for (uint8_t i = 0; i < table.count; ++i) reader.field(table.fields[i], out);
}

json read(const uint8_t* data, size_t size, const Table& table, bool slave_prefix, const Options& options) {
  json out = empty_object();
  read_into(out, data, size, table, slave_prefix, options);
  return out;
}

// ---- DP 54: the lock streams packages of { hardId, type, memberId, freezeState } ----

constexpr uint8_t kSyncData = 0x00;
constexpr uint8_t kSyncDone = 0x01;

void decode_sync_reply(const uint8_t* value, size_t size, json& out) {
  if (size < 2) throw_error(ErrorCode::BadFrame, "sync reply is shorter than 2 bytes");
  const bool done = value[0] == kSyncDone;
  if (!done && (value[0] != kSyncData || (size - 2) % 4 != 0)) {
    throw_error(ErrorCode::BadFrame, "sync reply is malformed");
  }
  entry(out, "stage") = done ? "done" : "data";
  entry(out, "status") = done ? "done" : "data";
  entry(out, "ok") = true;
  entry(out, done ? "packages" : "package") = value[1];
  if (done) return;
  json& methods = entry(out, "methods");
  methods = empty_array();
  for (size_t offset = 2; offset < size; offset += 4) {
    json& method = append_object(methods);
    entry(method, "hardId") = value[offset];
    entry(method, "type") = value[offset + 1];
    entry(method, "memberId") = value[offset + 2];
    // freeze_state 0 means frozen in the lock SDK (FREEZE_ON = 0).
    entry(method, "frozen") = value[offset + 3] == 0;
  }
}

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

Bytes encode_sync_reply(const json& reply) {
  fields::require_object(reply, "");
  const std::string& stage = fields::to_string(fields::require(reply, "stage", ""), "stage");
  if (stage == "done") {
    return Bytes{kSyncDone, static_cast<uint8_t>(fields::to_integer(fields::require(reply, "packages", ""), "packages",
                                                                     0, 255))};
  }
  if (stage != "data") throw_invalid("stage", "is 'data' or 'done'");
  Bytes out{kSyncData,
            static_cast<uint8_t>(fields::to_integer(fields::require(reply, "package", ""), "package", 0, 255))};
  const json& methods = fields::require_array(fields::require(reply, "methods", ""), "methods");
  for (size_t i = 0; i < methods.size(); ++i) {
    const Path list("methods");
    const Path path = list.item(i);
    const json& method = fields::require_object(methods[i], path);
    for (const char* key : {"hardId", "type", "memberId"}) {
      out.push_back(static_cast<uint8_t>(
          fields::to_integer(fields::require(method, key, path), path.member(key), 0, 255)));
    }
    const json* frozen = fields::find(method, "frozen");
    out.push_back(frozen != nullptr && fields::to_bool(*frozen, path.member("frozen")) ? 0 : 1);
  }
  return out;
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
    options.digits = static_cast<DigitEncoding>(
        option_index(*digits, kDigitNames, path.member("digits"), "is 'value' or 'ascii'"));
  }
  if (const json* layout = fields::find(input, "layout")) {
    options.layout = static_cast<TemporaryPasswordLayout>(
        option_index(*layout, kLayoutNames, path.member("layout"), "is 'sdk', 'fitting' or 'named'"));
  }
  if (const json* weak = fields::find(input, "allowWeakPassword")) {
    options.allow_weak_password = fields::to_bool(*weak, path.member("allowWeakPassword"));
  }
  erase_member(input, "digits");
  erase_member(input, "layout");
  erase_member(input, "allowWeakPassword");
  return options;
}

uint8_t dp_id(Message message) noexcept { return spec(message).dp; }

DpType dp_type(Message message) noexcept {
  return message == Message::SetT0 ? DpType::String : DpType::Raw;
}

const char* message_name(Message message) noexcept { return spec(message).name; }

std::optional<Message> message_for_dp(uint8_t dp) noexcept {
  for (size_t i = 0; i < sizeof kSpecs / sizeof kSpecs[0]; ++i) {
    if (kSpecs[i].dp == dp) return static_cast<Message>(i);
  }
  return std::nullopt;
}

bool is_weak_password(std::string_view digits) noexcept {
  constexpr size_t kRun = 6;
  size_t same = 1;
  size_t up = 1;
  size_t down = 1;
  for (size_t i = 1; i < digits.size(); ++i) {
    const int step = digits[i] - digits[i - 1];
    same = step == 0 ? same + 1 : 1;
    up = step == 1 ? up + 1 : 1;
    down = step == -1 ? down + 1 : 1;
    if (same >= kRun || up >= kRun || down >= kRun) return true;
  }
  return false;
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
    // A password method (type 1) with an empty password (length byte at offset 23) cannot enrol.
    if (out[0] == 1 && out[23] == 0) throw_invalid("password", "is required for a password unlock method");
    // Tuya's panel sends one more 00 after pwd_len 0 (card, fingerprint, face...; §6b.3).
    if (out[23] == 0) out.push_back(0);
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
    for (const char* derived : {"ok", "status", "reason"}) erase_member(plain, derived);
  }
  return write(plain, s.reply, has_slave_prefix(message, options), options);
}

Dp request_dp(Message message, const json& input, const Options& options) {
  return std::move(build_request(message, input, options).dp);
}

}  // namespace doorlock::ble::lock_dp
