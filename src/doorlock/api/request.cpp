#include "doorlock/api/request.h"

#include <cmath>

#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/path.h"
#include "doorlock/schedule/cloud_schedule.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/time_zone.h"
#include "doorlock/schedule/working_days.h"

namespace doorlock::api {

using nlohmann::json;

namespace {

struct Context {
  const Action& action;
  std::optional<LockType> lock_type;
};

// The parameters object itself is the empty path; errors name it "params".
Path named(const Path& at) { return at.empty() ? Path("params") : at; }

DOORLOCK_COLD void fail(const Path& at, std::string_view message) { throw_invalid(named(at), message); }
DOORLOCK_COLD void fail(const Path& at, std::initializer_list<std::string_view> message) {
  throw_invalid(named(at), message);
}

DOORLOCK_COLD void fail_type(const Path& at, const char* expected, const json& value) {
  fail(at, {"must be ", expected, ", got ", fields::describe_type(value)});
}

DOORLOCK_COLD void fail_bounds(int64_t low, int64_t high, int64_t value, const Path& at) {
  fail(at, {"must be between ", Decimal(low), " and ", Decimal(high), ", got ", Decimal(value)});
}

std::string action_label(const Action& action) {
  std::string label = action.name;
  if (action.form != nullptr) label += std::string(" (") + action.form + " form)";
  return label;
}

DOORLOCK_COLD void fail_unsupported(const std::string& field, const std::string& what, LockType lock_type,
                                    LockMask supported) {
  throw_error(ErrorCode::UnsupportedForLockType,
              {field, ": ", what, " on ", lock_type_name(lock_type), " locks (only on ", lock_list(supported), ")"},
              field);
}

DOORLOCK_COLD void fail_unsupported_field(const Path& at, LockType lock_type, LockMask supported) {
  fail_unsupported(named(at).text(), "is not supported", lock_type, supported);
}

DOORLOCK_COLD void fail_unsupported_action(const Action& action, LockType lock_type) {
  fail_unsupported("lockType", action_label(action) + " is not available", lock_type, action.lock_types);
}

const Field* find_field(const Field* members, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (name == members[i].name) return &members[i];
  }
  return nullptr;
}

int64_t whole_number(const json& value, const Path& at) {
  int64_t number = 0;
  // Unsigned first: JSON numbers above INT64_MAX must not wrap around into range.
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() > static_cast<uint64_t>(kSafeIntegerMax)) fail(at, "must be at most 2^53-1");
    return static_cast<int64_t>(value.get<uint64_t>());
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) {
    if (!fields::parse_whole_number(value.get_ref<const std::string&>(), number)) {
      fail(at, "must be a whole number (a string must hold only digits)");
    }
    return number;
  }
  if (!value.is_number()) fail_type(at, "a number", value);
  const double real = value.get<double>();
  if (std::floor(real) != real || std::fabs(real) > static_cast<double>(kSafeIntegerMax)) {
    fail(at, "must be a whole number between -(2^53-1) and 2^53-1");
  }
  return static_cast<int64_t>(real);
}

void check_bounds(int64_t value, int64_t low, int64_t high, const Path& at) {
  if (value < low || value > high) {
    fail_bounds(low, high, value, at);
  }
}

int64_t number_value(const Field& field, const json& input, const Path& at) {
  if (field.format == Format::MinuteOfDay && input.is_string() &&
      input.get_ref<const std::string&>().find(':') != std::string::npos) {
    return schedule::minute_from_json(input, at);
  }
  if (field.format == Format::WeekdayMask && input.is_array()) return schedule::working_day_mask(input, at);
  const int64_t number = whole_number(input, at);
  switch (field.format) {
    case Format::Timestamp: return schedule::timestamp_from_json(number, at);
    case Format::TimestampMs:
      if (number >= schedule::kMinTimestamp && number <= schedule::kMaxTimestamp) {
        fail(at, "looks like seconds: this timestamp is 13-digit Unix milliseconds");
      }
      check_bounds(number, schedule::kMinTimestampMs, schedule::kMaxTimestampMs, at);
      return number;
    case Format::CountOrUnlimited:
      if (number == 0) fail(at, "must be -1 (unlimited) or a count of at least 1");
      break;
    default: break;
  }
  check_bounds(number, field.lower_bound(), field.upper_bound(), at);
  return number;
}

bool boolean_value(const json& value, const Path& at) {
  if (value.is_boolean()) return value.get<bool>();
  const std::string* text = value.get_ptr<const std::string*>();
  if (text != nullptr && (*text == "true" || *text == "false")) return *text == "true";
  fail_type(at, "true or false", value);
}

bool one_of(const char* const* choices, std::string_view text) {
  for (; *choices != nullptr; ++choices) {
    if (text == *choices) return true;
  }
  return false;
}

std::string choice_list(const char* const* choices) {
  std::string out;
  for (const char* const* c = choices; *c != nullptr; ++c) {
    if (c != choices) out += c[1] == nullptr ? " or " : ", ";
    out += *c;
  }
  return out;
}

bool plain_token(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  return true;
}

void check_csv_item(const Field& field, std::string_view item, const Path& at) {
  if (item.empty()) fail(at, "has an empty item (two commas, or a comma at an end)");
  if (!plain_token(item)) fail(at, "items must not contain spaces or control characters");
  if (field.choices() != nullptr && !one_of(field.choices(), item)) {
    fail(at, {"lists \"", item, "\"; each item must be ", choice_list(field.choices())});
  }
}

// Text, or for a comma-separated list an array of items, which is joined.
std::string csv_value(const Field& field, const json& value, const Path& at) {
  std::string text;
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      const Path item_at = at.item(i);
      if (!value[i].is_string()) fail_type(item_at, "a string", value[i]);
      const std::string& item = value[i].get_ref<const std::string&>();
      check_csv_item(field, item, item_at);
      if (i > 0) text += ',';
      text += item;
    }
  } else {
    if (!value.is_string()) fail_type(at, "a string", value);
    text = value.get<std::string>();
    for (size_t start = 0; !text.empty() && start <= text.size();) {
      size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      check_csv_item(field, std::string_view(text).substr(start, comma - start), at);
      start = comma + 1;
    }
  }
  if (text.empty() && field.min > 0) fail(at, "must list at least one item");
  return text;
}

std::string encrypted_password(std::string text, const Path& at) {
  bool digits = !text.empty();
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits && text.size() <= 8) {
    fail(at,
         "looks like a plain PIN: the cloud takes it encrypted with the ticket key "
         "(dl.buildPasswordRequest or dl.encryptPassword)");
  }
  if (text.size() != 32) {
    fail(at,
         {"must be the encrypted PIN: 32 hex digits, got ", Decimal(static_cast<int64_t>(text.size())), " characters"});
  }
  for (char& c : text) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) fail(at, "must be hex digits only");
  }
  return text;
}

std::string string_value(const Field& field, const json& value, const Path& at) {
  if (field.format == Format::CsvList) return csv_value(field, value, at);
  if (!value.is_string()) fail_type(at, "a string", value);
  const std::string& text = value.get_ref<const std::string&>();
  switch (field.format) {
    case Format::Id:
      if (text.empty()) fail(at, "must not be empty");
      if (!plain_token(text)) fail(at, "must not contain spaces or control characters (is it a masked sample value?)");
      break;
    case Format::TimeZone: schedule::check_time_zone(text, at); break;
    case Format::EncryptedPassword: return encrypted_password(text, at);
    default: break;
  }
  const auto length = static_cast<int64_t>(text.size());
  if (length < field.lower_bound()) fail(at, field.min == 1 ? "must not be empty" : "is too short");
  if (length > field.upper_bound()) fail(at, {"is longer than ", Decimal(field.upper_bound()), " characters"});
  if (field.choices() != nullptr && !one_of(field.choices(), text)) {
    fail(at, {"must be ", choice_list(field.choices()), ", got \"", text, "\""});
  }
  return text;
}

json object_value(const Field* members, size_t count, const json& input, const Path& at, const Context& context);

json list_value(const Field& field, const json& input, const Path& at, const Context& context) {
  if (!input.is_array()) fail_type(at, "a list", input);
  if (static_cast<int64_t>(input.size()) < field.min) fail(at, "must not be empty; leave it out instead");
  json out = empty_array();
  for (size_t i = 0; i < input.size(); ++i) {
    const Path item_at = at.item(i);
    out.push_back(object_value(field.fields(), field.field_count, input[i], item_at, context));
  }
  return out;
}

json value_of(const Field& field, const json& input, const Path& at, const Context& context) {
  switch (field.type) {
    case Type::String: return string_value(field, input, at);
    case Type::Integer:
    case Type::Long: return number_value(field, input, at);
    case Type::Boolean: return boolean_value(input, at);
    case Type::List: return list_value(field, input, at, context);
    case Type::Object:
      if (field.format != Format::DpValue) return object_value(field.fields(), field.field_count, input, at, context);
      if (!(input.is_boolean() || input.is_number() || input.is_string())) {
        fail_type(at, "a boolean, number or string", input);
      }
      return input;
  }
  return input;
}

// Missing fields: required always, on some lock types, or together with a sibling.
void check_missing(const Field& field, const json& input, const Path& at, const Context& context) {
  if (field.required) fail(at, "is required");
  if (context.lock_type && accepts(field.required_for, *context.lock_type)) {
    fail(at, {"is required on ", lock_type_name(*context.lock_type), " locks"});
  }
  if (field.required_with() != nullptr && fields::find(input, field.required_with()) != nullptr) {
    fail(at, {"is required when ", field.required_with(), " is given"});
  }
}

json object_value(const Field* members, size_t count, const json& input, const Path& at, const Context& context) {
  if (!input.is_object()) fail_type(at, "an object", input);
  for (auto it = input.begin(); it != input.end(); ++it) {
    if (find_field(members, count, it.key()) == nullptr) {
      const Path member_at = at.member(it.key().c_str());
      fail(member_at, {"is not a parameter of ", action_label(context.action)});
    }
  }
  // Values first, then what is missing: a malformed value is the better report than a field it
  // makes required.
  json out = empty_object();
  for (size_t i = 0; i < count; ++i) {
    const Field& field = members[i];
    const json* value = fields::find(input, field.name);
    if (value == nullptr) continue;
    const Path member_at = at.member(field.name);
    if (context.lock_type && !accepts(field.lock_types, *context.lock_type)) {
      fail_unsupported_field(member_at, *context.lock_type, field.lock_types);
    }
    entry(out, field.name) = value_of(field, *value, member_at, context);
  }
  for (size_t i = 0; i < count; ++i) {
    const Path member_at = at.member(members[i].name);
    if (!out.contains(members[i].name)) check_missing(members[i], input, member_at, context);
  }
  for (size_t i = 0; i < count; ++i) {
    const char* after = members[i].after();
    if (after == nullptr || !out.contains(members[i].name) || !out.contains(after)) continue;
    if (out[members[i].name].get<int64_t>() <= out[after].get<int64_t>()) {
      const Path member_at = at.member(members[i].name);
      fail(member_at, {"must be later than ", after});
    }
  }
  return out;
}

}  // namespace

RequestOptions request_options_from_json(const json& options) {
  RequestOptions out;
  if (options.is_null()) return out;
  fields::require_object(options, "options");
  fields::reject_unknown(options, {"lockType", "form"}, "");
  if (const json* lock = fields::find(options, "lockType")) {
    out.lock_type = parse_lock_type(fields::to_string(*lock, "lockType"), "lockType");
  }
  if (const json* form = fields::find(options, "form")) out.form = fields::to_string(*form, "form");
  return out;
}

const Action& select_action(std::string_view name, const json& params, std::string_view form) {
  const size_t forms = form_count(name);
  if (forms == 0) throw_unknown_action(name);
  if (!form.empty()) {
    const Action* chosen = forms > 1 ? find_action(name, form) : nullptr;
    if (chosen == nullptr) {
      if (forms > 1) throw_invalid("form", {"is not a form of ", name});
      throw_invalid("form", {name, " has a single form"});
    }
    return *chosen;
  }
  const Action* fallback = nullptr;
  for (const Action& entry : all_actions()) {
    if (name != entry.name) continue;
    if (entry.chosen_by == nullptr) {
      fallback = &entry;
    } else if (params.is_object() && fields::find(params, entry.chosen_by) != nullptr) {
      return entry;
    }
  }
  return *fallback;
}

void check_lock_type(const Action& action, std::optional<LockType> lock_type) {
  if (lock_type && !accepts(action.lock_types, *lock_type)) {
    fail_unsupported_action(action, *lock_type);
  }
}

json build_request(std::string_view name, const json& params, const RequestOptions& options) {
  const Action& action = select_action(name, params, options.form);
  check_lock_type(action, options.lock_type);
  const Context context{action, options.lock_type};
  json validated =
      object_value(action.params, action.param_count, params.is_null() ? empty_object() : params, Path(), context);
  json out = empty_object();
  entry(out, "action") = action.name;
  entry(out, "params") = std::move(validated);
  return out;
}

}  // namespace doorlock::api
