// Building JSON results member by member. `object["key"] = value` written inline costs a key
// string, a temporary value and, in the module, an exception landing pad around each step;
// `entry(object, "key") = value` is one call and a move, so result builders stay small.
#pragma once

#include <nlohmann/json.hpp>

namespace doorlock {

// An empty object or array. json::object() and json::array() go through the initializer-list
// constructor, whose machinery would then be in the module for nothing.
inline nlohmann::json empty_object() { return nlohmann::json(nlohmann::json::value_t::object); }
inline nlohmann::json empty_array() { return nlohmann::json(nlohmann::json::value_t::array); }

// The member `key` of `object` (created as null when missing; a null `object` becomes an object).
[[gnu::noinline]] nlohmann::json& entry(nlohmann::json& object, const char* key);

// A new empty object at the end of the array `list`, to be filled in place.
[[gnu::noinline]] nlohmann::json& append_object(nlohmann::json& list);

}  // namespace doorlock
