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

json number_of(const json& value, const Path& at) {
  if (value.is_number_integer() || value.is_number_unsigned()) return value;
  if (value.is_number_float()) {
    const double real = value.get<double>();
    if (std::floor(real) == real && std::fabs(real) <= static_cast<double>(kSafeIntegerMax)) {
      return static_cast<int64_t>(real);
    }
  }
  if (value.is_boolean()) return value.get<bool>() ? 1 : 0;
  int64_t number = 0;
  if (value.is_string() && fields::parse_whole_number(value.get_ref<const std::string&>(), number)) return number;
  bad_type(at, "a whole number", value);
}

json boolean_of(const json& value, const Path& at) {
  if (value.is_boolean()) return value;
  if (value.is_number_integer()) {
    const int64_t number = value.get<int64_t>();
    if (number == 0 || number == 1) return number == 1;
  }
  const std::string* text = value.get_ptr<const std::string*>();
  if (text != nullptr && (*text == "true" || *text == "false")) return *text == "true";
  bad_type(at, "a boolean", value);
}

json string_of(const json& value, const Path& at) {
  if (value.is_string()) return value;
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  bad_type(at, "a string", value);
}

json shaped(const Field& field, const json& value, const Path& at);

json members_of(const Field& field, const json& value, const Path& at) {
  if (!value.is_object()) bad_type(at, "an object", value);
  json out = value;
  for (size_t i = 0; i < field.field_count; ++i) {
    const Field& member = field.fields()[i];
    const char* alias = member.alias();
    if (alias != nullptr && fields::find(out, member.name) == nullptr && fields::find(out, alias) != nullptr) {
      entry(out, member.name) = std::move(entry(out, alias));
      out.erase(alias);
    }
    const Path member_at = at.member(member.name);
    const json* item = fields::find(out, member.name);
    if (item == nullptr) {
      if (member.required) bad_response(member_at.text(), "is missing");
      continue;
    }
    entry(out, member.name) = shaped(member, *item, member_at);
  }
  return out;
}

json shaped(const Field& field, const json& value, const Path& at) {
  switch (field.type) {
    case Type::String: return string_of(value, at);
    case Type::Integer:
    case Type::Long: return number_of(value, at);
    case Type::Boolean: return boolean_of(value, at);
    case Type::List: {
      // A single object where the reference documents a list (alarmLogs' status) becomes a list.
      if (value.is_object()) {
        json list = empty_array();
        list.push_back(field.fields() == nullptr ? value : members_of(field, value, at));
        return list;
      }
      if (!value.is_array()) bad_type(at, "a list", value);
      if (field.fields() == nullptr) return value;
      json out = empty_array();
      for (size_t i = 0; i < value.size(); ++i) {
        const Path item_at = at.item(i);
        out.push_back(members_of(field, value[i], item_at));
      }
      return out;
    }
    case Type::Object: return field.fields() == nullptr ? value : members_of(field, value, at);
  }
  return value;
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

json parse_response(std::string_view name, const json& body) {
  const Action* action = find_action(name);
  if (action == nullptr) throw_unknown_action(name);
  if (!body.is_object()) bad_response("", {"the body must be a JSON object, got ", fields::describe_type(body)});
  const json* success = fields::find(body, "success");
  const json* result = envelope_member(body, "result", "data");
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
    return shaped(action->result, *success, result_at);
  }
  if (!success->get<bool>()) cloud_error(name, body);
  if (result == nullptr) bad_response("result", "is missing");
  return shaped(action->result, *result, result_at);
}

}  // namespace doorlock::api
