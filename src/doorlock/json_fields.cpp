#include "doorlock/json_fields.h"

#include <cmath>
#include <cstring>

#include "doorlock/error.h"

namespace doorlock::fields {

const char* describe_type(const json& value) noexcept {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::binary: return "bytes";
    case json::value_t::discarded: return "nothing";
  }
  return "a value";
}

namespace {

DOORLOCK_COLD void fail_type(const Path& path, const char* expected, const json& value) {
  throw_invalid(path, {"must be ", expected, ", got ", describe_type(value)});
}

DOORLOCK_COLD void fail_range(const Path& path, int64_t min, int64_t max, const int64_t* got) {
  if (got == nullptr) throw_invalid(path, {"must be between ", Decimal(min), " and ", Decimal(max)});
  throw_invalid(path, {"must be between ", Decimal(min), " and ", Decimal(max), ", got ", Decimal(*got)});
}

}  // namespace

const json& require_object(const json& value, const Path& path) {
  if (!value.is_object()) fail_type(path, "an object", value);
  return value;
}

const json& require_array(const json& value, const Path& path) {
  if (!value.is_array()) fail_type(path, "an array", value);
  return value;
}

const json* find(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

json* find(json& object, const char* key) { return const_cast<json*>(find(static_cast<const json&>(object), key)); }

const json& require(const json& object, const char* key, const Path& parent) {
  const json* value = find(object, key);
  if (value == nullptr) throw_invalid(parent.member(key), "is required");
  return *value;
}

int64_t to_integer(const json& value, const Path& path, int64_t min, int64_t max) {
  int64_t number = 0;
  if (value.is_number_integer()) {
    number = value.get<int64_t>();
  } else if (value.is_number_unsigned()) {
    const uint64_t big = value.get<uint64_t>();
    number = big > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(big);
  } else if (value.is_number_float()) {
    const double real = value.get<double>();
    if (!std::isfinite(real) || std::floor(real) != real) throw_invalid(path, "must be a whole number");
    if (real < static_cast<double>(min) || real > static_cast<double>(max)) fail_range(path, min, max, nullptr);
    number = static_cast<int64_t>(real);
  } else {
    fail_type(path, "a number", value);
  }
  if (number < min || number > max) fail_range(path, min, max, &number);
  return number;
}

const std::string& to_string(const json& value, const Path& path) {
  if (!value.is_string()) fail_type(path, "a string", value);
  return value.get_ref<const std::string&>();
}

bool to_bool(const json& value, const Path& path) {
  if (!value.is_boolean()) fail_type(path, "a boolean", value);
  return value.get<bool>();
}

void reject_unknown(const json& object, std::initializer_list<const char*> known, const Path& parent) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool listed = false;
    for (const char* name : known) listed = listed || it.key() == name;
    if (!listed) throw_invalid(parent.member(std::string_view(it.key())), "unknown field");
  }
}

bool parse_whole_number(std::string_view text, int64_t& out) noexcept {
  const size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == sign || text.size() - sign > 16) return false;
  int64_t value = 0;
  for (size_t i = sign; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = sign ? -value : value;
  return true;
}

}  // namespace doorlock::fields
