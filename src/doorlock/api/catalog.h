// The smart-lock cloud API as data: every action of doorlock-cloud-api.txt with its parameters,
// their rules, the lock types it applies to and the shape of its result. The request validator,
// the response parser, dl.actions(), the TypeScript declarations and docs/cloud-api.md all read
// these tables; nothing about a single action is written as code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "doorlock/lock_type.h"

namespace doorlock::api {

// The reference's value types. Integer is a 32-bit Java int, Long a 64-bit one (capped at 2^53-1,
// the largest integer a JavaScript number carries exactly).
enum class Type : uint8_t { String, Integer, Long, Boolean, List, Object };

// Where the cloud takes a request parameter from. Nested fields and result members have none.
enum class Location : uint8_t { None, Uri, Query, Body };

// Checks beyond the type, for values whose meaning the reference documents.
enum class Format : uint8_t {
  None,
  Id,                 // an identifier: non-empty, no whitespace
  CsvList,            // comma-separated items (an array of strings is joined); `choices` bound each item
  Timestamp,          // 10-digit Unix seconds
  TimestampMs,        // 13-digit Unix milliseconds
  EncryptedPassword,  // the AES-128-ECB block of a 6- or 7-digit PIN: 32 hex digits, sent upper-case
  TimeZone,           // IANA name or UTC offset (schedule/time_zone.h)
  CountOrUnlimited,   // -1 (unlimited) or a count of at least 1
  DpValue,            // a data-point value: boolean, number or string
  MinuteOfDay,        // minutes since midnight 0..1440; "07:30" is accepted and becomes 450
  WeekdayMask,        // bit0 = Sunday ... bit6 = Saturday; ["mon", "tue"] is accepted and becomes 6
};

// Sets of lock types as bits: bit n is the LockType with value n.
using LockMask = uint8_t;
constexpr LockMask lock_bit(LockType type) { return static_cast<LockMask>(1u << static_cast<unsigned>(type)); }
inline constexpr LockMask kWifi = lock_bit(LockType::Wifi);
inline constexpr LockMask kZigbee = lock_bit(LockType::Zigbee);
inline constexpr LockMask kBle = lock_bit(LockType::Ble);
inline constexpr LockMask kStandardWifi = lock_bit(LockType::StandardWifi);
inline constexpr LockMask kWifiAccessControl = lock_bit(LockType::WifiAccessControl);
inline constexpr LockMask kAnyLock = kWifi | kZigbee | kBle | kStandardWifi | kWifiAccessControl;

inline constexpr int64_t kInt32Max = 2147483647;
inline constexpr int64_t kInt32Min = -kInt32Max - 1;
inline constexpr int64_t kSafeIntegerMax = 9007199254740991;  // 2^53 - 1

// What the `sibling` of a field means.
enum class Sibling : uint8_t { None, RequiredWith, After, Alias };

// One parameter, nested field or result member. Built with the constexpr helpers below, so the
// tables read like the reference's tables. Kept small, as it is most of the module's data: bounds
// are 16-bit with the extremes standing for the type's own bounds, and a field's allowed strings
// and its members share one pointer (a string has no members, an object no allowed strings).
struct Field {
  static constexpr int16_t kTypeMin = INT16_MIN;  // the type's own lower bound
  static constexpr int16_t kTypeMax = INT16_MAX;  // the type's own upper bound

  const char* name = nullptr;
  const char* description = "";
  const char* sibling = nullptr;  // another member of the same object, see sibling_role
  const void* detail = nullptr;   // choices() of a String, fields() of a List or Object
  // Bounds: the value of numbers, the length of strings, the item count of lists.
  int16_t min = 0;
  int16_t max = 0;
  Type type = Type::String;
  Location location = Location::None;
  bool required = false;
  Format format = Format::None;
  LockMask lock_types = kAnyLock;  // lock types that accept this parameter at all
  LockMask required_for = 0;       // lock types on which it is required
  Sibling sibling_role = Sibling::None;
  uint8_t field_count = 0;

  // Allowed strings, nullptr-terminated; nullptr when any string goes.
  const char* const* choices() const {
    return type == Type::String ? static_cast<const char* const*>(detail) : nullptr;
  }
  // Members of an object, or of each item of a list (field_count of them); nullptr when unchecked.
  const Field* fields() const { return type == Type::String ? nullptr : static_cast<const Field*>(detail); }

  constexpr int64_t lower_bound() const {
    if (min != kTypeMin) return min;
    return type == Type::Long ? -kSafeIntegerMax : kInt32Min;
  }
  constexpr int64_t upper_bound() const {
    if (max != kTypeMax) return max;
    return type == Type::Long ? kSafeIntegerMax : kInt32Max;
  }
  // The sibling whose presence makes this field required; the sibling it must be greater than;
  // the other name the cloud uses for this result member. nullptr when it has none.
  constexpr const char* required_with() const { return sibling_role == Sibling::RequiredWith ? sibling : nullptr; }
  constexpr const char* after() const { return sibling_role == Sibling::After ? sibling : nullptr; }
  constexpr const char* alias() const { return sibling_role == Sibling::Alias ? sibling : nullptr; }

  constexpr Field req() const {
    Field f = *this;
    f.required = true;
    return f;
  }
  constexpr Field opt() const {
    Field f = *this;
    f.required = false;
    return f;
  }
  // Bounds beyond +-32766 other than the type's own do not compile (the throw is not a constant).
  constexpr Field range(int64_t low, int64_t high) const {
    Field f = *this;
    f.min = low <= kInt32Min ? kTypeMin : low > kTypeMin && low < kTypeMax ? static_cast<int16_t>(low) : throw "bound";
    f.max = high >= kInt32Max                    ? kTypeMax
            : high > kTypeMin && high < kTypeMax ? static_cast<int16_t>(high)
                                                 : throw "bound";
    return f;
  }
  constexpr Field fmt(Format value) const {
    Field f = *this;
    f.format = value;
    return f;
  }
  constexpr Field one_of(const char* const* values) const {
    Field f = *this;
    f.detail = values;
    return f;
  }
  constexpr Field only_on(LockMask types) const {
    Field f = *this;
    f.lock_types = types;
    return f;
  }
  constexpr Field required_on(LockMask types) const {
    Field f = *this;
    f.required_for = types;
    return f;
  }
  constexpr Field with(const char* other) const { return related(Sibling::RequiredWith, other); }
  constexpr Field later_than(const char* other) const { return related(Sibling::After, other); }
  constexpr Field or_named(const char* other) const { return related(Sibling::Alias, other); }
  template <size_t N>
  constexpr Field of(const Field (&members)[N]) const {
    Field f = *this;
    f.detail = members;
    f.field_count = static_cast<uint8_t>(N);
    return f;
  }

 private:
  constexpr Field related(Sibling role, const char* other) const {
    Field f = *this;
    f.sibling_role = role;
    f.sibling = other;
    return f;
  }
};

constexpr Field make_field(const char* name, Type type, Location location, const char* description) {
  Field f;
  f.name = name;
  f.type = type;
  f.location = location;
  f.description = description;
  switch (type) {
    case Type::Integer:
    case Type::Long:
      f.min = Field::kTypeMin;
      f.max = Field::kTypeMax;
      break;
    case Type::String:
      f.min = 0;
      f.max = Field::kTypeMax;
      break;
    case Type::List:
      f.min = 1;
      f.max = Field::kTypeMax;
      break;  // an empty list never means anything here
    case Type::Boolean:
    case Type::Object: break;
  }
  return f;
}

constexpr Field string_field(const char* name, Location at, const char* description = "") {
  return make_field(name, Type::String, at, description);
}
constexpr Field integer_field(const char* name, Location at, const char* description = "") {
  return make_field(name, Type::Integer, at, description);
}
constexpr Field long_field(const char* name, Location at, const char* description = "") {
  return make_field(name, Type::Long, at, description);
}
constexpr Field boolean_field(const char* name, Location at, const char* description = "") {
  return make_field(name, Type::Boolean, at, description);
}
// A comma-separated list: non-empty unless .range(0, ...) says it may be empty.
constexpr Field csv_field(const char* name, Location at, const char* description = "") {
  Field f = make_field(name, Type::String, at, description);
  f.format = Format::CsvList;
  f.min = 1;
  return f;
}
constexpr Field list_field(const char* name, Location at, const char* description = "") {
  return make_field(name, Type::List, at, description);
}
constexpr Field object_field(const char* name, Location at, const char* description = "") {
  return make_field(name, Type::Object, at, description);
}

struct Action {
  const char* name;
  const char* form;  // nullptr, or which of several same-named entries ("modify", "rename")
  // Of several forms, the one chosen when this parameter is given; the form without one is the default.
  const char* chosen_by;
  const char* summary;
  LockMask lock_types;
  bool read_only;  // a pure query: safe to retry; anything that unlocks, creates, deletes, modifies or sends is not
  const Field* params;
  uint8_t param_count;
  Field result;  // the `result` member of a successful response
};

struct ActionList {
  const Action* first;
  size_t count;
  const Action* begin() const { return first; }
  const Action* end() const { return first + count; }
};

ActionList all_actions() noexcept;

// The entry with this name (and form, when `form` is not empty); nullptr when there is none.
const Action* find_action(std::string_view name, std::string_view form = {}) noexcept;

// Throws INVALID_ARGUMENT on "action" for a name the catalog lacks, with the nearest known name.
[[noreturn]] void throw_unknown_action(std::string_view name);

// How many entries share this name (2 for doorLock.modifyTemporaryPassword, 0 for unknown names).
size_t form_count(std::string_view name) noexcept;

const char* type_name(Type type) noexcept;        // "String", "Integer", ...
const char* location_name(Location at) noexcept;  // "URI", "QUERY", "BODY", ""
const char* format_name(Format format) noexcept;  // "id", "csvList", ...
bool accepts(LockMask mask, LockType type) noexcept;
// "wifi, zigbee and ble": for messages.
std::string lock_list(LockMask mask);

}  // namespace doorlock::api
