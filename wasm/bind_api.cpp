// dl.actions, dl.buildRequest, dl.parseResponse, dl.buildPasswordRequest, dl.cloudCodeMeaning: the
// cloud API.
#include <emscripten/bind.h>

#include "ble_marshal.h"
#include "doorlock/api/catalog_json.h"
#include "doorlock/api/cloud_codes.h"
#include "doorlock/api/password_request.h"
#include "doorlock/api/request.h"
#include "doorlock/api/response.h"
#include "doorlock/json_fields.h"

namespace doorlock::wasm {

namespace {

std::string action_name(const val& action) {
  if (!action.isString()) throw_invalid("action", "must be an action name such as \"doorLock.openDoor\"");
  return action.as<std::string>();
}

// Parameters arrive as a plain object or nothing; paths inside them are the cloud's names
// ("schedule_list[1]").
void check_params(const val& params) {
  if (!is_absent(params) && (params.typeOf().as<std::string>() != "object" || params.isArray())) {
    throw_invalid("params", "must be an object");
  }
}

// JSON text, not the value bridge: the catalog's member order is part of what it says (passwordDigits
// lists lock types in catalog order) and JSON objects sort their members. Called once per program.
val actions_body(const val&, const val&, const val&) {
  return val::global("JSON").call<val>("parse", api::describe_catalog());
}

val build_request_body(const val& action, const val& params, const val& options) {
  const std::string name = action_name(action);
  check_params(params);
  const json input = to_json(params, "");
  const api::RequestOptions chosen = api::request_options_from_json(to_json(options, "options"));
  return from_json(api::build_request(name, input, chosen));
}

val parse_response_body(const val& action, const val& body, const val&) {
  const std::string name = action_name(action);
  return from_json(api::parse_response(name, to_json(body, "body")));  // a temporary: shaped in place
}

val build_password_request_body(const val& action, const val& params, const val& options) {
  const std::string name = action_name(action);
  check_params(params);
  require_object(params, "params");
  require_object(options, "options");
  // The PIN and the access secret go straight into wiped buffers; the rest becomes JSON.
  const SecretBytes password = secret_member(params, "password");
  const SecretBytes access_key = secret_member(options, "accessKey");
  const json input = json_without(params, {"password"});
  const api::PasswordRequestOptions chosen =
      api::password_request_options_from_json(json_without(options, {"accessKey"}));
  return from_json(api::build_password_request(name, input, password, access_key, chosen));
}

val cloud_code_meaning_body(const val& code, const val&, const val&) {
  const int64_t number = fields::to_integer(to_json(code, "code"), "code", INT64_MIN, INT64_MAX);
  const char* meaning = api::cloud_code_meaning(number);
  return meaning == nullptr ? val::null() : val(std::string(meaning));
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_api) {
  emscripten::function("dl$actions", &bind0<&actions_body>);
  emscripten::function("dl$buildRequest", &bind3<&build_request_body>);
  emscripten::function("dl$parseResponse", &bind2<&parse_response_body>);
  emscripten::function("dl$buildPasswordRequest", &bind3<&build_password_request_body>);
  emscripten::function("dl$cloudCodeMeaning", &bind1<&cloud_code_meaning_body>);
}

}  // namespace doorlock::wasm
