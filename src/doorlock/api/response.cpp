#include "doorlock/api/response.h"

#include <cmath>
#include <string>

#include "doorlock/api/catalog.h"
#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/path.h"

namespace doorlock::api {

using nlohmann::json;

namespace {

DOORLOCK_COLD void bad_response(std::string_view path, std::initializer_list<std::string_view> message) {
  std::string text(path);
  if (!text.empty()) text += ": ";
  for (std::string_view part : message) text += part;
  throw_error(ErrorCode::BadResponse, text, path);
}

DOORLOCK_COLD void bad_response(std::string_view path, std::string_view message) { bad_response(path, {message}); }

DOORLOCK_COLD void bad_type(const Path& at, const char* expected, const json& value) {
  bad_response(at.text(), {"must be ", expected, ", got ", fields::describe_type(value)});
}

// The shaping below takes the body's values by rvalue and changes them in place: a cloud page holds
// thousands of members, and copying each one on its way through would cost more than checking it.

void number_of(json& value, const Path& at) {
  if (value.is_number_integer() || value.is_number_unsigned()) return;
  if (value.is_number_float()) {
    const double real = value.get<double>();
    if (std::floor(real) == real && std::fabs(real) <= static_cast<double>(kSafeIntegerMax)) {
      value = static_cast<int64_t>(real);
      return;
    }
  }
  if (value.is_boolean()) {
    value = value.get<bool>() ? 1 : 0;
    return;
  }
  int64_t number = 0;
  if (value.is_string() && fields::parse_whole_number(value.get_ref<const std::string&>(), number)) {
    value = number;
    return;
  }
  bad_type(at, "a whole number", value);
}

void boolean_of(json& value, const Path& at) {
  if (value.is_boolean()) return;
  if (value.is_number_integer()) {
    const int64_t number = value.get<int64_t>();
    if (number == 0 || number == 1) {
      value = number == 1;
      return;
    }
  }
  const std::string* text = value.get_ptr<const std::string*>();
  if (text != nullptr && (*text == "true" || *text == "false")) {
    value = *text == "true";
    return;
  }
  bad_type(at, "a boolean", value);
}

void string_of(json& value, const Path& at) {
  if (value.is_string()) return;
  if (value.is_number_unsigned()) {
    value = std::to_string(value.get<uint64_t>());
    return;
  }
  if (value.is_number_integer()) {
    value = std::to_string(value.get<int64_t>());
    return;
  }
  bad_type(at, "a string", value);
}

void shape(const Field& field, json& value, const Path& at);

void shape_members(const Field& field, json& value, const Path& at) {
  if (!value.is_object()) bad_type(at, "an object", value);
  for (size_t i = 0; i < field.field_count; ++i) {
    const Field& member = field.fields()[i];
    const char* alias = member.alias();
    if (alias != nullptr && fields::find(value, member.name) == nullptr && fields::find(value, alias) != nullptr) {
      entry(value, member.name) = std::move(entry(value, alias));
      value.erase(alias);
    }
    json* item = fields::find(value, member.name);
    if (item == nullptr) {
      if (member.required) bad_response(at.member(member.name).text(), "is missing");
      continue;
    }
    shape(member, *item, at.member(member.name));
  }
}

void shape(const Field& field, json& value, const Path& at) {
  switch (field.type) {
    case Type::String: return string_of(value, at);
    case Type::Integer:
    case Type::Long: return number_of(value, at);
    case Type::Boolean: return boolean_of(value, at);
    case Type::List: {
      // A single object where the reference documents a list (alarmLogs' status) becomes a list.
      if (value.is_object()) {
        if (field.fields() != nullptr) shape_members(field, value, at);
        json list = empty_array();
        list.push_back(std::move(value));
        value = std::move(list);
        return;
      }
      if (!value.is_array()) bad_type(at, "a list", value);
      if (field.fields() == nullptr) return;
      for (size_t i = 0; i < value.size(); ++i) shape_members(field, value[i], at.item(i));
      return;
    }
    case Type::Object:
      if (field.fields() != nullptr) shape_members(field, value, at);
      return;
  }
}

// The cloud's member, or the ty-service cloud function's name for it (cloud-crypto-and-wechat.md
// §2.2: that function answers { success, data, errorCode, errorMsg, t }).
const json* envelope_member(const json& body, const char* cloud_name, const char* function_name) {
  const json* value = fields::find(body, cloud_name);
  return value != nullptr ? value : fields::find(body, function_name);
}

DOORLOCK_COLD void cloud_error(std::string_view action, const json& body) {
  std::string message = std::string(action) + " failed";
  const json* msg = envelope_member(body, "msg", "errorMsg");
  if (msg != nullptr && msg->is_string() && !msg->get_ref<const std::string&>().empty()) {
    message += ": " + msg->get<std::string>();
  }
  const json* code = envelope_member(body, "code", "errorCode");
  int64_t number = 0;
  const bool fits = code != nullptr && code->is_number_integer() &&
                    !(code->is_number_unsigned() && code->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX));
  const bool numeric = fits || (code != nullptr && code->is_string() &&
                                fields::parse_whole_number(code->get_ref<const std::string&>(), number));
  if (fits) number = code->get<int64_t>();
  if (code != nullptr && code->is_string() && !numeric) message += " (" + code->get<std::string>() + ")";
  Error error(ErrorCode::CloudError, message);
  if (numeric) error.with_cloud_code(number);
  throw error;
}

}  // namespace

json parse_response(std::string_view name, json body) {
  const Action* action = find_action(name);
  if (action == nullptr) throw_unknown_action(name);
  if (!body.is_object()) bad_response("", {"the body must be a JSON object, got ", fields::describe_type(body)});
  json* success = fields::find(body, "success");
  json* result = fields::find(body, "result");
  if (result == nullptr) result = fields::find(body, "data");
  const Path result_at("result");
  if (success == nullptr) {
    bad_response("success",
                 "is missing: the body is not a cloud envelope { success, result, ... } or { success, data, ... }");
  }
  if (!success->is_boolean()) {
    // timer.currentTime's sample swaps the two: { "result": true, "success": 1607087405739 }.
    const bool swapped = action->result.type == Type::Long && success->is_number_integer() && result != nullptr &&
                         result->is_boolean() && result->get<bool>();
    const Path success_at("success");
    if (!swapped) bad_type(success_at, "a boolean", *success);
    json value = std::move(*success);
    shape(action->result, value, result_at);
    return value;
  }
  if (!success->get<bool>()) cloud_error(name, body);
  if (result == nullptr) bad_response("result", "is missing");
  json value = std::move(*result);
  shape(action->result, value, result_at);
  return value;
}

}  // namespace doorlock::api
