#include "marshal.h"

#include <cstdlib>
#include <cstring>
#include <memory>

#include "doorlock/json_fields.h"
#include "js_bridge.h"

namespace doorlock::wasm {

namespace {

// Owns a buffer that the JS side allocated with _malloc.
struct MallocFree {
  void operator()(void* p) const noexcept { std::free(p); }
};
template <class T>
using MallocPtr = std::unique_ptr<T, MallocFree>;

constexpr char kBytesMarker[] = "$bytes";

// {"$bytes":"<hex>"} -> JSON binary, wherever it occurs.
void revive_bytes(json& value, const std::string& path) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains(kBytesMarker) && value[kBytesMarker].is_string()) {
      value = json::binary(from_hex(value[kBytesMarker].get_ref<const std::string&>(), path));
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) revive_bytes(it.value(), fields::member_path(path, it.key()));
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) revive_bytes(value[i], fields::index_path(path, i));
  }
}

// A copy of `value` with binary members written as {"$bytes":"<hex>"}; reports whether it had any.
json mark_bytes(const json& value, bool& has_bytes) {
  if (value.is_binary()) {
    has_bytes = true;
    const auto& bytes = value.get_binary();
    return json{{kBytesMarker, to_hex(bytes.data(), bytes.size())}};
  }
  if (value.is_object()) {
    json out = json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = mark_bytes(it.value(), has_bytes);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(mark_bytes(item, has_bytes));
    return out;
  }
  return value;
}

bool contains_binary(const json& value) {
  if (value.is_binary()) return true;
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (contains_binary(item)) return true;
    }
  }
  return false;
}

}  // namespace

val error_value(const Error& error) {
  json record{{"$doorlockError", true}, {"code", error_code_name(error.code())}, {"message", error.message()}};
  if (!error.field().empty()) record["field"] = error.field();
  if (error.has_cloud_code()) record["cloudCode"] = error.cloud_code();
  return from_json(record);
}

bool is_string(const val& value) { return value.isString(); }
bool is_absent(const val& value) { return value.isUndefined() || value.isNull(); }

json to_json(const val& value, const std::string& path) {
  int length = 0;
  int failed = 0;
  const MallocPtr<char> text(dl_js_to_json(value.as_handle(), &length, &failed));
  const std::string_view view(text.get(), static_cast<size_t>(length));
  if (failed) {
    const size_t newline = view.find('\n');
    const std::string inner(view.substr(0, newline));
    const std::string where = inner.empty() ? path : (path.empty() ? inner : (inner[0] == '[' ? path + inner : path + "." + inner));
    throw_invalid(where, std::string(view.substr(newline + 1)));
  }
  json out = json::parse(view.begin(), view.end());
  if (view.find(kBytesMarker) != std::string_view::npos) revive_bytes(out, path);
  return out;
}

val from_json(const json& value) {
  if (contains_binary(value)) {
    bool has_bytes = false;
    const std::string text = mark_bytes(value, has_bytes).dump();
    return val::take_ownership(dl_js_from_json(text.data(), static_cast<int>(text.size()), 1));
  }
  const std::string text = value.dump();
  return val::take_ownership(dl_js_from_json(text.data(), static_cast<int>(text.size()), 0));
}

void require_object(const val& object, const std::string& path) {
  if (!dl_js_is_plain_object(object.as_handle())) {
    throw_invalid(path, path.empty() ? "expects an options object" : "must be an object");
  }
}

val member(const val& object, const char* key) { return object[key]; }

namespace {

// Reads a string member into `buffer`, growing it once if needed. Returns false when absent.
template <class Buffer>
bool read_string_member(const val& object, const char* key, Buffer& buffer) {
  int length = dl_js_read_string_member(object.as_handle(), key, reinterpret_cast<char*>(buffer.data()),
                                        static_cast<int>(buffer.size()));
  if (length == bridge::kAbsent) return false;
  if (length == bridge::kNotString) throw_invalid(key, "must be a string");
  if (static_cast<size_t>(length) >= buffer.size()) {
    buffer.resize(static_cast<size_t>(length) + 1);
    length = dl_js_read_string_member(object.as_handle(), key, reinterpret_cast<char*>(buffer.data()),
                                      static_cast<int>(buffer.size()));
  }
  buffer.resize(static_cast<size_t>(length));
  return true;
}

}  // namespace

std::string string_member(const val& object, const char* key, bool required, bool* present) {
  std::string out(64, '\0');
  const bool found = read_string_member(object, key, out);
  if (present != nullptr) *present = found;
  if (!found) {
    if (required) throw_invalid(key, "is required");
    return {};
  }
  return out;
}

SecretBytes secret_member(const val& object, const char* key) {
  SecretBytes out(64);
  if (!read_string_member(object, key, out)) throw_invalid(key, "is required");
  return out;
}

Bytes bytes_from_js(const val& value, const std::string& path, bool hex_allowed) {
  if (value.isString()) {
    if (!hex_allowed) throw_invalid(path, "must be bytes (Uint8Array)");
    return from_hex(value.as<std::string>(), path);
  }
  int length = 0;
  const MallocPtr<uint8_t> data(dl_js_read_bytes(value.as_handle(), &length));
  if (length <= bridge::kBadByteAt) {
    throw_invalid(fields::index_path(path, static_cast<size_t>(bridge::kBadByteAt - length)), "must be a byte 0..255");
  }
  if (length < 0) {
    throw_invalid(path, hex_allowed ? "must be bytes (Uint8Array) or hex text" : "must be bytes (Uint8Array)");
  }
  return Bytes(data.get(), data.get() + length);
}

val bytes_to_js(const uint8_t* data, size_t size) {
  return val::take_ownership(dl_js_bytes(data, static_cast<int>(size)));
}

}  // namespace doorlock::wasm
