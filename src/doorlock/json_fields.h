// Reading caller-supplied JSON objects field by field. Every check names the exact path of the
// value it rejects ("windows[1].end"; a Path, made text only when the check fails), so errors
// point at what the caller wrote. A null value counts as absent, as JavaScript callers often
// spell "not given" that way.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "doorlock/path.h"

namespace doorlock::fields {

using json = nlohmann::json;

// Requires an object; `path` names it in the error ("" for the top-level argument).
const json& require_object(const json& value, const Path& path);
const json& require_array(const json& value, const Path& path);

// The member, or nullptr when it is absent or null.
const json* find(const json& object, const char* key);
json* find(json& object, const char* key);
// The member; throws "is required" when it is absent or null.
const json& require(const json& object, const char* key, const Path& parent);

int64_t to_integer(const json& value, const Path& path, int64_t min, int64_t max);
// The string itself, inside `value`: copy it when `value` does not outlive the use.
const std::string& to_string(const json& value, const Path& path);
bool to_bool(const json& value, const Path& path);

// "-12" or "1646116582" as a number: the cloud reference's samples quote numbers. No sign other than
// '-', no spaces, no exponent, at most 16 digits; anything else is not plainly a whole number.
bool parse_whole_number(std::string_view text, int64_t& out) noexcept;

// Unknown members are an error, never silently dropped.
void reject_unknown(const json& object, std::initializer_list<const char*> known, const Path& parent);

// "a number", "a string", ...: for messages.
const char* describe_type(const json& value) noexcept;

}  // namespace doorlock::fields
