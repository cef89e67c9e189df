#include "doorlock/api/catalog_json.h"

#include "doorlock/api/catalog.h"

namespace doorlock::api {

using nlohmann::json;

namespace {

json lock_names(LockMask mask) {
  json out = json::array();
  for (LockType type : kAllLockTypes) {
    if (accepts(mask, type)) out.push_back(lock_type_name(type));
  }
  return out;
}

// Only the rules a field adds to its type: the type's own bounds go without saying.
void describe_bounds(const Field& field, json& out) {
  const Field plain = make_field(field.name, field.type, field.location, "");
  const char* low = "min";
  const char* high = "max";
  if (field.type == Type::String) {
    low = "minLength";
    high = "maxLength";
  } else if (field.type == Type::List) {
    low = "minItems";
    high = "maxItems";
  } else if (field.type != Type::Integer && field.type != Type::Long) {
    return;
  }
  if (field.min != plain.min) out[low] = field.lower_bound();
  if (field.max != plain.max) out[high] = field.upper_bound();
}

json describe_field(const Field& field, Location location, LockMask action_locks, bool request) {
  json out{{"name", field.name}, {"type", type_name(field.type)}, {"required", field.required}};
  if (request) out["location"] = location_name(field.location == Location::None ? location : field.location);
  out["description"] = field.description;
  if (request) describe_bounds(field, out);
  if (field.format != Format::None) out["format"] = format_name(field.format);
  if (field.choices != nullptr) {
    json values = json::array();
    for (const char* const* choice = field.choices; *choice != nullptr; ++choice) values.push_back(*choice);
    out["enum"] = std::move(values);
  }
  if (field.lock_types != kAnyLock) out["lockTypes"] = lock_names(field.lock_types);
  if (field.required_for != 0) out["requiredFor"] = lock_names(field.required_for);
  if (field.required_with() != nullptr) out["requiredWith"] = field.required_with();
  if (field.after() != nullptr) out["after"] = field.after();
  if (field.alias() != nullptr) out["alias"] = field.alias();
  if (field.format == Format::EncryptedPassword) {
    json digits = json::object();
    for (LockType type : kAllLockTypes) {
      if (accepts(action_locks & field.lock_types, type)) digits[lock_type_name(type)] = password_length(type);
    }
    out["passwordDigits"] = std::move(digits);
  }
  if (field.fields != nullptr) {
    json members = json::array();
    const Location inherited = field.location == Location::None ? location : field.location;
    for (size_t i = 0; i < field.field_count; ++i) {
      members.push_back(describe_field(field.fields[i], inherited, action_locks, request));
    }
    out["fields"] = std::move(members);
  }
  return out;
}

}  // namespace

json describe_catalog() {
  json out = json::array();
  for (const Action& action : all_actions()) {
    json entry{{"name", action.name}};
    if (action.form != nullptr) entry["form"] = action.form;
    entry["summary"] = action.summary;
    entry["lockTypes"] = lock_names(action.lock_types);
    entry["readOnly"] = action.read_only;
    json params = json::array();
    for (size_t i = 0; i < action.param_count; ++i) {
      params.push_back(describe_field(action.params[i], Location::None, action.lock_types, true));
    }
    entry["params"] = std::move(params);
    entry["result"] = describe_field(action.result, Location::None, action.lock_types, false);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace doorlock::api
