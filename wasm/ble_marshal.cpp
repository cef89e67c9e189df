#include "ble_marshal.h"

#include <cstring>
#include <utility>

#include "doorlock/json_build.h"

namespace doorlock::wasm {

json json_without(const val& object, std::initializer_list<const char*> secrets) {
  require_object(object, "");
  json out = empty_object();
  const val keys = val::global("Object").call<val>("keys", object);
  const size_t size = keys["length"].as<size_t>();
  for (size_t i = 0; i < size; ++i) {
    const std::string key = keys[i].as<std::string>();
    bool secret = false;
    for (const char* name : secrets) secret = secret || key == name;
    const val item = object[key];
    if (secret || item.isUndefined()) continue;
    out[key] = to_json(item, key);
  }
  return out;
}

SecretBytes optional_secret(const val& object, const char* key) {
  if (is_absent(object[key])) return SecretBytes();
  return secret_member(object, key);
}

SecretBytes secret_bytes_member(const val& object, const char* key, size_t size) {
  const val value = object[key];
  if (is_absent(value)) throw_invalid(key, "is required");
  SecretBytes out(bytes_from_js(value, key, true));
  if (out.size() != size) throw_invalid(key, {"must be ", Decimal(static_cast<int64_t>(size)), " bytes"});
  return out;
}

Bytes json_bytes(const json& value, const Path& path) {
  if (value.is_binary()) return Bytes(value.get_binary().begin(), value.get_binary().end());
  if (value.is_string()) return from_hex(value.get_ref<const std::string&>(), path);
  throw_invalid(path, "must be bytes (Uint8Array) or hex text");
}

json packets_json(std::vector<Bytes> packets) {
  json out = empty_array();
  for (Bytes& packet : packets) out.push_back(json::binary(std::move(packet)));
  return out;
}

}  // namespace doorlock::wasm
