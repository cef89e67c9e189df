#include "doorlock/ble/lock_dp_codec.h"

#include <algorithm>
#include <string>

#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/validity_block.h"

namespace doorlock::ble::lock_dp::detail {

const char* name_of(const NameEntry* names, uint8_t value) {
  for (const NameEntry* entry = names; entry != nullptr && entry->name != nullptr; ++entry) {
    if (entry->value == value) return entry->name;
  }
  return nullptr;
}

namespace {

// DP 54 takes at most this many unlock-method types in one request (the lock's type count).
constexpr size_t kMaxSyncTypes = 5;

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
    if (value.empty() || value.size() > kMaxSyncTypes) throw_invalid(path, "must list 1..5 unlock-method types");
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

}  // namespace

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

namespace {

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
      case Kind::Password:
        if (!password(field, value)) out.erase(field.name);  // no password: the field stays out
        break;
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
  // False when the lock sent none (pwd_len 0).
  bool password(const Field& field, json& value) {
    const uint8_t length = take(field, 1)[0];
    const uint8_t* p = take(field, length);
    if (length == 0) return false;
    value = std::string(length, '0');
    std::string& digits = value.get_ref<std::string&>();
    for (uint8_t i = 0; i < length; ++i) {
      const uint8_t digit = options_.digits == DigitEncoding::Value ? p[i] : static_cast<uint8_t>(p[i] - '0');
      if (digit > 9) throw_error(ErrorCode::BadFrame, "password holds a byte that is not a digit");
      digits[i] = static_cast<char>('0' + digit);
    }
    return true;
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

}  // namespace

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

}  // namespace doorlock::ble::lock_dp::detail
