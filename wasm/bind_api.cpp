// dl.actions, dl.buildRequest, dl.parseResponse, dl.buildPasswordRequest: the cloud API catalog.
#include <emscripten/bind.h>

#include "doorlock/api/catalog_json.h"
#include "doorlock/api/request.h"
#include "doorlock/api/response.h"
#include "marshal.h"

namespace doorlock::wasm {

namespace {

std::string action_name(const val& action) {
  if (!action.isString()) throw_invalid("action", "must be an action name such as \"doorLock.openDoor\"");
  return action.as<std::string>();
}

// Parameters arrive as a plain object; paths inside it are the cloud's names ("schedule_list[1]").
json params_json(const val& params) {
  if (!is_absent(params) && (params.typeOf().as<std::string>() != "object" || params.isArray())) {
    throw_invalid("params", "must be an object");
  }
  return to_json(params, "");
}

val actions() {
  return guarded([] { return from_json(api::describe_catalog()); });
}

val build_request(val action, val params, val options) {
  return guarded([&] {
    const std::string name = action_name(action);
    const json input = params_json(params);
    const api::RequestOptions chosen = api::request_options_from_json(to_json(options, "options"));
    return from_json(api::build_request(name, input, chosen));
  });
}

val parse_response(val action, val body) {
  return guarded([&] {
    const std::string name = action_name(action);
    return from_json(api::parse_response(name, to_json(body, "body")));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_api) {
  emscripten::function("dl$actions", &actions);
  emscripten::function("dl$buildRequest", &build_request);
  emscripten::function("dl$parseResponse", &parse_response);
}

}  // namespace doorlock::wasm
