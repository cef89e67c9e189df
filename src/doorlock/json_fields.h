// Reading caller-supplied JSON objects field by field. Every check names the exact path of the
// value it rejects ("windows[1].end"), so errors point at what the caller wrote. A null value
// counts as absent, as JavaScript callers often spell "not given" that way.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

namespace doorlock::fields {

using json = nlohmann::json;

std::string member_path(const std::string& parent, const std::string& key);  // "parent.key" or "key"
std::string index_path(const std::string& parent, size_t index);             // "parent[3]"

// Requires an object; `path` names it in the error ("" for the top-level argument).
const json& require_object(const json& value, const std::string& path);
const json& require_array(const json& value, const std::string& path);

// The member, or nullptr when it is absent or null.
const json* find(const json& object, const char* key);
// The member; throws "is required" when it is absent or null.
const json& require(const json& object, const char* key, const std::string& parent);

int64_t to_integer(const json& value, const std::string& path, int64_t min, int64_t max);
std::string to_string(const json& value, const std::string& path);
bool to_bool(const json& value, const std::string& path);

// Unknown members are an error, never silently dropped.
void reject_unknown(const json& object, std::initializer_list<const char*> known, const std::string& parent);

// "a number", "a string", ...: for messages.
const char* describe_type(const json& value) noexcept;

}  // namespace doorlock::fields
