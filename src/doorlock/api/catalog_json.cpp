#include "doorlock/api/catalog_json.h"

#include "doorlock/api/catalog.h"
#include "doorlock/api/password_request.h"

namespace doorlock::api {

namespace {

// The catalog's own text is plain ASCII; only quotes and backslashes need escaping.
void quoted(std::string& out, const char* text) {
  out += '"';
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c == '"' || *c == '\\') out += '\\';
    out += *c;
  }
  out += '"';
}

// ,"name":
void key(std::string& out, const char* name) {
  out += ',';
  quoted(out, name);
  out += ':';
}

void lock_names(std::string& out, LockMask mask) {
  out += '[';
  bool first = true;
  for (LockType type : kAllLockTypes) {
    if (!accepts(mask, type)) continue;
    if (!first) out += ',';
    quoted(out, lock_type_name(type));
    first = false;
  }
  out += ']';
}

// Only the bounds a field adds to its type: the type's own go without saying.
void describe_bounds(std::string& out, const Field& field) {
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
  if (field.min != plain.min) {
    key(out, low);
    out += std::to_string(field.lower_bound());
  }
  if (field.max != plain.max) {
    key(out, high);
    out += std::to_string(field.upper_bound());
  }
}

void describe_field(std::string& out, const Field& field, Location location, LockMask action_locks, bool request) {
  out += "{\"name\":";
  quoted(out, field.name);
  key(out, "type");
  quoted(out, type_name(field.type));
  key(out, "required");
  out += field.required ? "true" : "false";
  const Location at = field.location == Location::None ? location : field.location;
  if (request) {
    key(out, "location");
    quoted(out, location_name(at));
  }
  key(out, "description");
  quoted(out, field.description);
  if (request) describe_bounds(out, field);
  if (field.format != Format::None) {
    key(out, "format");
    quoted(out, format_name(field.format));
  }
  if (const char* const* choice = field.choices()) {
    key(out, "enum");
    out += '[';
    for (const char* const* first = choice; *choice != nullptr; ++choice) {
      if (choice != first) out += ',';
      quoted(out, *choice);
    }
    out += ']';
  }
  if (field.lock_types != kAnyLock) {
    key(out, "lockTypes");
    lock_names(out, field.lock_types);
  }
  if (field.required_for != 0) {
    key(out, "requiredFor");
    lock_names(out, field.required_for);
  }
  const char* related[][2] = {
      {"requiredWith", field.required_with()}, {"after", field.after()}, {"alias", field.alias()}};
  for (const auto& [name, value] : related) {
    if (value == nullptr) continue;
    key(out, name);
    quoted(out, value);
  }
  if (field.format == Format::EncryptedPassword) {
    key(out, "passwordDigits");
    char separator = '{';
    for (LockType type : kAllLockTypes) {
      if (!accepts(action_locks & field.lock_types, type)) continue;
      out += separator;
      quoted(out, lock_type_name(type));
      out += ':';
      out += std::to_string(password_length(type));
      separator = ',';
    }
    out += separator == '{' ? "{}" : "}";
  }
  if (const Field* members = field.fields()) {
    key(out, "fields");
    out += '[';
    for (size_t i = 0; i < field.field_count; ++i) {
      if (i > 0) out += ',';
      describe_field(out, members[i], at, action_locks, request);
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string describe_catalog() {
  std::string out = "[";
  for (const Action& action : all_actions()) {
    if (out.size() > 1) out += ',';
    out += "{\"name\":";
    quoted(out, action.name);
    if (action.form != nullptr) {
      key(out, "form");
      quoted(out, action.form);
    }
    key(out, "summary");
    quoted(out, action.summary);
    key(out, "lockTypes");
    lock_names(out, action.lock_types);
    key(out, "readOnly");
    out += action.read_only ? "true" : "false";
    if (is_password_action(action.name) && (action.form == nullptr || std::string_view(action.form) == "modify")) {
      key(out, "passwordRequest");
      out += "true";
    }
    key(out, "params");
    out += '[';
    for (size_t i = 0; i < action.param_count; ++i) {
      if (i > 0) out += ',';
      describe_field(out, action.params[i], Location::None, action.lock_types, true);
    }
    out += ']';
    key(out, "result");
    describe_field(out, action.result, Location::None, action.lock_types, false);
    out += '}';
  }
  return out + "]";
}

}  // namespace doorlock::api
