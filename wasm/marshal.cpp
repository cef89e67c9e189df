#include "marshal.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "doorlock/json_build.h"
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

// Reads the bridge's value encoding (js_bridge.h) into JSON.
class ValueReader {
 public:
  ValueReader(const uint8_t* data, size_t size) : at_(data), end_(data + size) {}

  // Fills `out`, which the caller owns: no locals here, so no exception cleanup either.
  void read(json& out) {
    switch (byte()) {
      case bridge::kNull: out = nullptr; return;
      case bridge::kFalse: out = false; return;
      case bridge::kTrue: out = true; return;
      case bridge::kNumber: out = number(); return;
      case bridge::kString: out = text(); return;
      case bridge::kBytes: {
        const size_t size = length();
        const uint8_t* start = take(size);
        out = json::binary(Bytes(start, start + size));
        return;
      }
      case bridge::kArray:
        out = empty_array();
        for (size_t count = length(); count > 0; --count) {
          out.push_back(nullptr);
          read(out.back());
        }
        return;
      case bridge::kObject:
        out = empty_object();
        for (size_t count = length(); count > 0; --count) {
          json& member = out[text()];
          read(member);
        }
        return;
      default: throw_error(ErrorCode::Internal, "malformed value from JavaScript");
    }
  }

 private:
  const uint8_t* take(size_t size) {
    if (static_cast<size_t>(end_ - at_) < size) throw_error(ErrorCode::Internal, "truncated value from JavaScript");
    const uint8_t* start = at_;
    at_ += size;
    return start;
  }
  uint8_t byte() { return *take(1); }
  size_t length() {
    const uint8_t* p = take(4);
    return static_cast<size_t>(p[0]) | static_cast<size_t>(p[1]) << 8 | static_cast<size_t>(p[2]) << 16 |
           static_cast<size_t>(p[3]) << 24;
  }
  std::string text() {
    const size_t size = length();
    return std::string(reinterpret_cast<const char*>(take(size)), size);
  }
  json number() {
    double value = 0;
    std::memcpy(&value, take(sizeof value), sizeof value);
    // Whole numbers stay integers so that validation can tell 1 from 1.5.
    if (std::floor(value) == value && std::fabs(value) <= 9007199254740992.0) return static_cast<int64_t>(value);
    return value;
  }

  const uint8_t* at_;
  const uint8_t* end_;
};

// Writes JSON in the bridge's value encoding.
class ValueWriter {
 public:
  void write(const json& value) {
    switch (value.type()) {
      case json::value_t::null:
      case json::value_t::discarded: out_.push_back(bridge::kNull); break;
      case json::value_t::boolean: out_.push_back(value.get<bool>() ? bridge::kTrue : bridge::kFalse); break;
      case json::value_t::number_integer: number(static_cast<double>(value.get<int64_t>())); break;
      case json::value_t::number_unsigned: number(static_cast<double>(value.get<uint64_t>())); break;
      case json::value_t::number_float: number(value.get<double>()); break;
      case json::value_t::string:
        out_.push_back(bridge::kString);
        text(value.get_ref<const std::string&>());
        break;
      case json::value_t::binary: {
        const auto& bytes = value.get_binary();
        out_.push_back(bridge::kBytes);
        length(bytes.size());
        out_.insert(out_.end(), bytes.begin(), bytes.end());
        break;
      }
      case json::value_t::array:
        out_.push_back(bridge::kArray);
        length(value.size());
        for (const auto& item : value) write(item);
        break;
      case json::value_t::object:
        out_.push_back(bridge::kObject);
        length(value.size());
        for (auto it = value.begin(); it != value.end(); ++it) {
          text(it.key());
          write(it.value());
        }
        break;
    }
  }
  const Bytes& bytes() const { return out_; }

 private:
  void length(size_t size) {
    for (int shift = 0; shift < 32; shift += 8) out_.push_back(static_cast<uint8_t>(size >> shift));
  }
  void text(const std::string& value) {
    length(value.size());
    out_.insert(out_.end(), value.begin(), value.end());
  }
  void number(double value) {
    out_.push_back(bridge::kNumber);
    uint8_t raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    out_.insert(out_.end(), raw, raw + sizeof raw);
  }

  Bytes out_;
};

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
  json out;
  ValueReader(data.get(), static_cast<size_t>(length)).read(out);
  return out;
}

val from_json(const json& value) {
  ValueWriter writer;
  writer.write(value);
  return val::take_ownership(dl_js_decode_value(writer.bytes().data(), static_cast<int>(writer.bytes().size())));
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
