#include "marshal.h"

#include <emscripten/val.h>

#include <cmath>

#include "doorlock/json_fields.h"

namespace doorlock::wasm {

namespace {

constexpr int kMaxDepth = 32;

std::string type_of(const val& value) { return value.typeOf().as<std::string>(); }

bool is_byte_array(const val& value) {
  return value.instanceof(val::global("Uint8Array")) || value.instanceof(val::global("ArrayBuffer"));
}

Bytes copy_typed_array(const val& bytes) {
  const val view = bytes.instanceof(val::global("ArrayBuffer")) ? val::global("Uint8Array").new_(bytes) : bytes;
  Bytes out(view["length"].as<size_t>());
  if (!out.empty()) {
    // One bulk copy into memory the core owns; HEAPU8 is re-read because memory may have grown.
    val::module_property("HEAPU8").call<void>("set", view, reinterpret_cast<uintptr_t>(out.data()));
  }
  return out;
}

json to_json_at(const val& value, const std::string& path, int depth) {
  if (depth > kMaxDepth) throw_invalid(path, "is nested too deeply");
  const std::string type = type_of(value);
  if (type == "string") return value.as<std::string>();
  if (type == "boolean") return value.as<bool>();
  if (type == "number") {
    const double number = value.as<double>();
    if (!std::isfinite(number)) throw_invalid(path, "must be a finite number");
    // Whole numbers stay integers so that validation can tell 1 from 1.5.
    if (std::floor(number) == number && std::fabs(number) <= 9007199254740992.0) {
      return static_cast<int64_t>(number);
    }
    return number;
  }
  if (type == "undefined" || value.isNull()) return nullptr;
  if (type == "bigint") throw_invalid(path, "BigInt is not accepted: pass a number or a numeric string");
  if (type != "object") throw_invalid(path, "must be plain data, got a " + type);
  if (is_byte_array(value)) return json::binary(copy_typed_array(value));
  if (value.isArray()) {
    json out = json::array();
    const size_t size = value["length"].as<size_t>();
    for (size_t i = 0; i < size; ++i) out.push_back(to_json_at(value[i], fields::index_path(path, i), depth + 1));
    return out;
  }
  const std::string tag = val::global("Object")["prototype"]["toString"].call<std::string>("call", value);
  if (tag != "[object Object]") throw_invalid(path, "must be plain data, got " + tag);
  json out = json::object();
  const val keys = val::global("Object").call<val>("keys", value);
  const size_t size = keys["length"].as<size_t>();
  for (size_t i = 0; i < size; ++i) {
    const std::string key = keys[i].as<std::string>();
    const val item = value[key];
    // JavaScript's "not given" is undefined: leave such members out, as JSON.stringify does.
    if (item.isUndefined()) continue;
    out[key] = to_json_at(item, fields::member_path(path, key), depth + 1);
  }
  return out;
}

}  // namespace

val error_value(const Error& error) {
  val out = val::object();
  out.set("$doorlockError", true);
  out.set("code", std::string(error_code_name(error.code())));
  out.set("message", error.message());
  if (!error.field().empty()) out.set("field", error.field());
  if (error.has_cloud_code()) out.set("cloudCode", static_cast<double>(error.cloud_code()));
  return out;
}

bool is_string(const val& value) { return value.isString(); }
bool is_absent(const val& value) { return value.isUndefined() || value.isNull(); }

json to_json(const val& value, const std::string& path) { return to_json_at(value, path, 0); }

val from_json(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return val::null();
    case json::value_t::boolean: return val(value.get<bool>());
    case json::value_t::number_integer: return val(static_cast<double>(value.get<int64_t>()));
    case json::value_t::number_unsigned: return val(static_cast<double>(value.get<uint64_t>()));
    case json::value_t::number_float: return val(value.get<double>());
    case json::value_t::string: return val(value.get_ref<const std::string&>());
    case json::value_t::binary: {
      const auto& bytes = value.get_binary();
      return bytes_to_js(bytes.data(), bytes.size());
    }
    case json::value_t::array: {
      val out = val::array();
      for (size_t i = 0; i < value.size(); ++i) out.set(i, from_json(value[i]));
      return out;
    }
    case json::value_t::object: {
      val out = val::object();
      for (auto it = value.begin(); it != value.end(); ++it) out.set(it.key(), from_json(it.value()));
      return out;
    }
    case json::value_t::discarded: break;
  }
  return val::undefined();
}

void require_object(const val& object, const std::string& path) {
  if (type_of(object) != "object" || object.isNull() || object.isArray()) {
    throw_invalid(path, path.empty() ? "expects an options object"
                                     : "must be an object");
  }
}

val member(const val& object, const char* key) { return object[key]; }

std::string string_member(const val& object, const char* key, bool required, bool* present) {
  const val value = object[key];
  if (present != nullptr) *present = !is_absent(value);
  if (is_absent(value)) {
    if (required) throw_invalid(key, "is required");
    return {};
  }
  if (!value.isString()) throw_invalid(key, "must be a string");
  return value.as<std::string>();
}

SecretBytes secret_member(const val& object, const char* key) {
  const val value = object[key];
  if (is_absent(value)) throw_invalid(key, "is required");
  if (!value.isString()) throw_invalid(key, "must be a string");
  const size_t size = val::module_property("lengthBytesUTF8")(value).as<size_t>();
  SecretBytes out(size + 1);  // stringToUTF8 writes a terminator
  val::module_property("stringToUTF8")(value, reinterpret_cast<uintptr_t>(out.data()), out.size());
  out.resize(size);
  return out;
}

Bytes bytes_from_js(const val& value, const std::string& path, bool hex_allowed) {
  if (value.isString()) {
    if (!hex_allowed) throw_invalid(path, "must be bytes (Uint8Array)");
    return from_hex(value.as<std::string>(), path);
  }
  if (type_of(value) == "object" && !value.isNull()) {
    if (is_byte_array(value)) return copy_typed_array(value);
    if (value.isArray()) {
      const size_t size = value["length"].as<size_t>();
      Bytes out(size);
      for (size_t i = 0; i < size; ++i) {
        const val item = value[i];
        if (!item.isNumber()) throw_invalid(fields::index_path(path, i), "must be a byte 0..255");
        const double byte = item.as<double>();
        if (!(byte >= 0 && byte <= 255 && std::floor(byte) == byte)) {
          throw_invalid(fields::index_path(path, i), "must be a byte 0..255");
        }
        out[i] = static_cast<uint8_t>(byte);
      }
      return out;
    }
  }
  throw_invalid(path, hex_allowed ? "must be bytes (Uint8Array) or hex text" : "must be bytes (Uint8Array)");
}

val bytes_to_js(const uint8_t* data, size_t size) {
  return val::global("Uint8Array").new_(emscripten::typed_memory_view(size, data));
}

}  // namespace doorlock::wasm
