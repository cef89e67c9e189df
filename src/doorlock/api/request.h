// Building cloud requests from the catalog: dl.buildRequest. Validates every parameter against its
// action's table (names, required fields, types, ranges, formats, lock-type support), normalizes
// what the reference's samples write loosely (numeric strings become numbers, "true" becomes
// true, lists of codes become comma-separated text, hex becomes upper-case) and returns the
// request in the reference's shape { action, params }. It never sends anything.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "doorlock/api/catalog.h"
#include "doorlock/lock_type.h"

namespace doorlock::api {

struct RequestOptions {
  std::optional<LockType> lock_type;  // when absent, lock-type support is not checked
  std::string form;                   // "" picks the form from the parameters
};

// JavaScript options { lockType?, form? }; null means none.
RequestOptions request_options_from_json(const nlohmann::json& options);

// The catalog entry for `name`: the named form, or the form the parameters select.
// INVALID_ARGUMENT on "action" or "form" when there is none.
const Action& select_action(std::string_view name, const nlohmann::json& params, std::string_view form);

// UNSUPPORTED_FOR_LOCK_TYPE on "lockType" when the action does not apply to the lock type.
void check_lock_type(const Action& action, std::optional<LockType> lock_type);

// { "action": name, "params": the validated, normalized parameters }.
nlohmann::json build_request(std::string_view name, const nlohmann::json& params, const RequestOptions& options);

}  // namespace doorlock::api
