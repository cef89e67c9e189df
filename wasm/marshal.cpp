#include "marshal.h"

#include <cstdlib>
#include <cstring>
#include <memory>

#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "js_bridge.h"
#include "value_encoding.h"

namespace doorlock::wasm {

namespace {

// Owns a buffer that the JS side allocated with _malloc.
struct MallocFree {
  void operator()(void* p) const noexcept { std::free(p); }
};
template <class T>
using MallocPtr = std::unique_ptr<T, MallocFree>;

}  // namespace

val error_value(const Error& error) {
  json record = empty_object();
  entry(record, "$doorlockError") = true;
  entry(record, "code") = error_code_name(error.code());
  entry(record, "message") = error.message();
  if (!error.field().empty()) entry(record, "field") = error.field();
  if (error.has_cloud_code()) entry(record, "cloudCode") = error.cloud_code();
  return from_json(record);
}

val run_guarded(Body body, const val& a, const val& b, const val& c) noexcept {
  return guarded([&] { return body(a, b, c); });
}

val internal_error_value(const char* message, const char* detail) {
  return error_value(Error(ErrorCode::Internal, std::string(message) + detail));
}

bool is_string(const val& value) { return value.isString(); }
bool is_absent(const val& value) { return value.isUndefined() || value.isNull(); }

namespace {

// The encoder's report: "<path inside the value>\n<message>".
DOORLOCK_COLD void fail_encoding(const Path& path, std::string_view report) {
  const size_t newline = report.find('\n');
  const std::string_view inner = report.substr(0, newline);
  std::string where = path.text();
  if (!inner.empty() && !where.empty() && inner[0] != '[') where += '.';
  where += inner;
  throw_invalid(where, report.substr(newline + 1));
}

}  // namespace

json to_json(const val& value, const Path& path) {
  int length = 0;
  int failed = 0;
  const MallocPtr<uint8_t> data(dl_js_encode_value(value.as_handle(), &length, &failed));
  if (failed) {
    fail_encoding(path, std::string_view(reinterpret_cast<const char*>(data.get()), static_cast<size_t>(length)));
  }
  return read_value(data.get(), static_cast<size_t>(length));
}

val from_json(const json& value) {
  const Bytes encoded = write_value(value);
  return val::take_ownership(dl_js_decode_value(encoded.data(), static_cast<int>(encoded.size())));
}

void define_hidden(const val& object, const char* key, const val& value) {
  dl_js_define_hidden(object.as_handle(), key, value.as_handle());
}

void require_object(const val& object, const Path& path) {
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

Bytes bytes_from_js(const val& value, const Path& path, bool hex_allowed) {
  if (value.isString()) {
    if (!hex_allowed) throw_invalid(path, "must be bytes (Uint8Array)");
    return from_hex(value.as<std::string>(), path);
  }
  int length = 0;
  const MallocPtr<uint8_t> data(dl_js_read_bytes(value.as_handle(), &length));
  if (length <= bridge::kBadByteAt) {
    throw_invalid(path.item(static_cast<size_t>(bridge::kBadByteAt - length)), "must be a byte 0..255");
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
