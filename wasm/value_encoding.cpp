#include "value_encoding.h"

#include <cmath>
#include <cstring>
#include <string>
#include <utility>

#include "doorlock/error.h"
#include "doorlock/json_build.h"

namespace doorlock::wasm {

using nlohmann::json;

namespace {

// Reads the value encoding into JSON.
class ValueReader {
 public:
  ValueReader(const uint8_t* data, size_t size) : at_(data), end_(data + size) {}

  json read() {
    switch (byte()) {
      case bridge::kNull: return nullptr;
      case bridge::kFalse: return false;
      case bridge::kTrue: return true;
      case bridge::kNumber: return number();
      case bridge::kString: return text();
      case bridge::kBytes: {
        const size_t size = length();
        const uint8_t* start = take(size);
        return json::binary(Bytes(start, start + size));
      }
      case bridge::kArray: {
        json out = empty_array();
        for (size_t count = length(); count > 0; --count) out.push_back(read());
        return out;
      }
      case bridge::kObject: {
        json out = empty_object();
        for (size_t count = length(); count > 0; --count) {
          std::string key = text();
          out[std::move(key)] = read();  // the key first: members arrive as key, value
        }
        return out;
      }
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

// The length of `value` in the encoding, so that the writer allocates once: growing the buffer
// step by step cost a reallocation (and a wipe of the old block) per doubling, most of the time of
// a small result.
size_t encoded_size(const json& value) {
  switch (value.type()) {
    case json::value_t::string: return 5 + value.get_ref<const std::string&>().size();
    case json::value_t::binary: return 5 + value.get_binary().size();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return 9;
    case json::value_t::array: {
      size_t size = 5;
      for (const auto& item : value) size += encoded_size(item);
      return size;
    }
    case json::value_t::object: {
      size_t size = 5;
      for (auto it = value.begin(); it != value.end(); ++it) size += 4 + it.key().size() + encoded_size(it.value());
      return size;
    }
    default: return 1;
  }
}

// Writes JSON in the value encoding, into a buffer of exactly encoded_size() bytes: plain stores
// through a pointer, not a vector's push_back and insert per part.
class ValueWriter {
 public:
  explicit ValueWriter(size_t size) : out_(size), at_(out_.data()) {}
  void write(const json& value) {
    switch (value.type()) {
      case json::value_t::null:
      case json::value_t::discarded: *at_++ = bridge::kNull; break;
      case json::value_t::boolean: *at_++ = value.get<bool>() ? bridge::kTrue : bridge::kFalse; break;
      case json::value_t::number_integer: number(static_cast<double>(value.get<int64_t>())); break;
      case json::value_t::number_unsigned: number(static_cast<double>(value.get<uint64_t>())); break;
      case json::value_t::number_float: number(value.get<double>()); break;
      case json::value_t::string:
        *at_++ = bridge::kString;
        text(value.get_ref<const std::string&>());
        break;
      case json::value_t::binary: {
        const auto& bytes = value.get_binary();
        *at_++ = bridge::kBytes;
        raw(bytes.data(), bytes.size());
        break;
      }
      case json::value_t::array:
        *at_++ = bridge::kArray;
        length(value.size());
        for (const auto& item : value) write(item);
        break;
      case json::value_t::object:
        *at_++ = bridge::kObject;
        length(value.size());
        for (auto it = value.begin(); it != value.end(); ++it) {
          text(it.key());
          write(it.value());
        }
        break;
    }
  }
  Bytes take() { return std::move(out_); }

 private:
  void length(size_t size) {
    for (int shift = 0; shift < 32; shift += 8) *at_++ = static_cast<uint8_t>(size >> shift);
  }
  void raw(const uint8_t* data, size_t size) {
    length(size);
    if (size != 0) std::memcpy(at_, data, size);
    at_ += size;
  }
  void text(const std::string& value) { raw(reinterpret_cast<const uint8_t*>(value.data()), value.size()); }
  void number(double value) {
    *at_++ = bridge::kNumber;
    std::memcpy(at_, &value, sizeof value);
    at_ += sizeof value;
  }

  Bytes out_;
  uint8_t* at_;
};

}  // namespace

json read_value(const uint8_t* data, size_t size) { return ValueReader(data, size).read(); }

Bytes write_value(const json& value) {
  ValueWriter writer(encoded_size(value));
  writer.write(value);
  return writer.take();
}

}  // namespace doorlock::wasm
