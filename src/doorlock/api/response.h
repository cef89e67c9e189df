// Reading cloud responses: dl.parseResponse. Unwraps the envelope { success, result, code, msg, t }
// (or the ty-service cloud function's { success, data, errorCode, errorMsg, t }), turns
// success:false into CLOUD_ERROR (with the cloud's code), and checks `result` against the
// action's documented shape: required members must be there, every documented member must have its
// documented type. The spellings the reference itself uses for the same member (rondom/random,
// distributed/distribute, dpId/dp_id, id/password_id) come back under one canonical name; members
// the reference does not document pass through unchanged. Anything else is BAD_RESPONSE naming the
// path in the body ("result.records[0].update_time").
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace doorlock::api {

// The result, normalized: numbers the cloud quoted become numbers, numbers where the reference
// documents text become text, 0/1 where it documents a boolean become booleans (and back), and a
// single object where it documents a list becomes a one-item list.
// The body is taken by value and shaped in place: pass it with std::move when it is not needed after.
nlohmann::json parse_response(std::string_view action, nlohmann::json body);

}  // namespace doorlock::api
