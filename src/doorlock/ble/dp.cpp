#include "doorlock/ble/dp.h"

#include "doorlock/error.h"
#include "doorlock/json_fields.h"

namespace doorlock::ble {

namespace {

constexpr const char* kTypeNames[] = {"raw", "bool", "value", "string", "enum", "bitmap"};

// The size rule of each fixed-size type; raw and string take any length the field allows.
bool size_fits(DpType type, size_t size) noexcept {
  switch (type) {
    case DpType::Bool:
    case DpType::Enum: return size == 1;
    case DpType::Value: return size == 4;
    case DpType::Bitmap: return size == 1 || size == 2 || size == 4;
    case DpType::Raw:
    case DpType::String: return true;
  }
  return false;
}

uint32_t read_be(const Bytes& value) noexcept {
  uint32_t out = 0;
  for (uint8_t byte : value) out = out << 8 | byte;
  return out;
}

void require_size(const Dp& dp, DpType type) {
  if (dp.type != type || !size_fits(type, dp.value.size())) {
    throw_error(ErrorCode::BadFrame, {"DP value is not a well-formed ", kTypeNames[static_cast<int>(type)]});
  }
}

}  // namespace

const char* dp_type_name(DpType type) noexcept { return kTypeNames[static_cast<int>(type)]; }

std::optional<DpType> dp_type_from_name(std::string_view name) noexcept {
  for (int i = 0; i < 6; ++i) {
    if (name == kTypeNames[i]) return static_cast<DpType>(i);
  }
  return std::nullopt;
}

Dp Dp::raw(uint8_t id, Bytes value) { return Dp{id, DpType::Raw, std::move(value)}; }
Dp Dp::boolean(uint8_t id, bool value) { return Dp{id, DpType::Bool, Bytes{static_cast<uint8_t>(value ? 1 : 0)}}; }
Dp Dp::integer(uint8_t id, int32_t value) {
  Dp dp{id, DpType::Value, {}};
  put_u32be(dp.value, static_cast<uint32_t>(value));
  return dp;
}
Dp Dp::string(uint8_t id, std::string_view value) { return Dp{id, DpType::String, Bytes(value.begin(), value.end())}; }
Dp Dp::enumeration(uint8_t id, uint8_t value) { return Dp{id, DpType::Enum, Bytes{value}}; }
Dp Dp::bitmap(uint8_t id, uint32_t value, size_t width) {
  if (width != 1 && width != 2 && width != 4) throw_invalid("width", "a bitmap is 1, 2 or 4 bytes");
  if (width < 4 && value >> (8 * width) != 0) throw_invalid("value", "does not fit the bitmap width");
  Dp dp{id, DpType::Bitmap, {}};
  for (size_t i = width; i-- > 0;) dp.value.push_back(static_cast<uint8_t>(value >> (8 * i)));
  return dp;
}

bool Dp::as_bool() const {
  require_size(*this, DpType::Bool);
  return value[0] != 0;
}
int32_t Dp::as_integer() const {
  require_size(*this, DpType::Value);
  return static_cast<int32_t>(read_be(value));
}
uint8_t Dp::as_enum() const {
  require_size(*this, DpType::Enum);
  return value[0];
}
uint32_t Dp::as_bitmap() const {
  require_size(*this, DpType::Bitmap);
  return read_be(value);
}
std::string Dp::as_string() const {
  require_size(*this, DpType::String);
  return std::string(value.begin(), value.end());
}

size_t dp_length_size(int protocol_major) noexcept { return protocol_major >= 4 ? 2 : 1; }

bool dp_value_fits(DpType type, size_t size, int protocol_major) noexcept {
  return size_fits(type, size) && size <= (dp_length_size(protocol_major) == 1 ? 0xFFu : 0xFFFFu);
}

size_t dp_record_size(size_t value_size, int protocol_major) noexcept {
  return 2 + dp_length_size(protocol_major) + value_size;
}

void write_dp(uint8_t id, DpType type, const uint8_t* value, size_t size, int protocol_major, uint8_t* out) noexcept {
  *out++ = id;
  *out++ = static_cast<uint8_t>(type);
  if (dp_length_size(protocol_major) == 2) *out++ = static_cast<uint8_t>(size >> 8);
  *out++ = static_cast<uint8_t>(size);
  for (size_t i = 0; i < size; ++i) out[i] = value[i];
}

Bytes encode_dps(const std::vector<Dp>& dps, int protocol_major) {
  const size_t length_size = dp_length_size(protocol_major);
  Bytes out;
  for (size_t i = 0; i < dps.size(); ++i) {
    const Dp& dp = dps[i];
    if (!dp_value_fits(dp.type, dp.value.size(), protocol_major)) {
      const Path list("dps");
      const Path item = list.item(i);
      const Path path = item.member("value");
      if (!size_fits(dp.type, dp.value.size())) {
        throw_invalid(path, {"has the wrong size for a ", dp_type_name(dp.type), " DP"});
      }
      throw_invalid(path, length_size == 1 ? "is longer than 255 bytes, the most protocol 3 carries"
                                           : "is longer than 65535 bytes");
    }
    const size_t at = out.size();
    out.resize(at + dp_record_size(dp.value.size(), protocol_major));
    write_dp(dp.id, dp.type, dp.value.data(), dp.value.size(), protocol_major, out.data() + at);
  }
  return out;
}

DpRefusal read_dp(const uint8_t* data, size_t size, int protocol_major, size_t& offset, DpView* dp) noexcept {
  const size_t length_size = dp_length_size(protocol_major);
  if (size - offset < 2 + length_size) return DpRefusal::HeaderTruncated;
  dp->id = data[offset];
  const uint8_t type = data[offset + 1];
  const size_t length = length_size == 2 ? get_u16be(data + offset + 2) : data[offset + 2];
  offset += 2 + length_size;
  if (type > static_cast<uint8_t>(DpType::Bitmap)) return DpRefusal::UnsupportedType;
  if (length > size - offset) return DpRefusal::ValueTruncated;
  dp->type = static_cast<DpType>(type);
  dp->value = data + offset;
  dp->size = length;
  if (!size_fits(dp->type, length)) return DpRefusal::WrongSize;
  offset += length;
  return DpRefusal::None;
}

double dp_number(const DpView& dp) noexcept {
  uint32_t bits = 0;
  for (size_t i = 0; i < dp.size; ++i) bits = bits << 8 | dp.value[i];
  switch (dp.type) {
    case DpType::Bool: return bits != 0 ? 1 : 0;
    case DpType::Value: return static_cast<int32_t>(bits);
    case DpType::Enum:
    case DpType::Bitmap: return bits;
    default: return 0;
  }
}

std::vector<Dp> decode_dps(const uint8_t* data, size_t size, int protocol_major) {
  std::vector<Dp> out;
  size_t offset = 0;
  while (offset < size) {
    DpView dp;
    switch (read_dp(data, size, protocol_major, offset, &dp)) {
      case DpRefusal::None: break;
      case DpRefusal::HeaderTruncated: throw_error(ErrorCode::BadFrame, "DP record header is truncated");
      case DpRefusal::UnsupportedType: throw_error(ErrorCode::BadFrame, "DP record has an unsupported type");
      case DpRefusal::ValueTruncated: throw_error(ErrorCode::BadFrame, "DP value is truncated");
      case DpRefusal::WrongSize: throw_error(ErrorCode::BadFrame, "DP value has the wrong size for its type");
    }
    out.push_back(Dp{dp.id, dp.type, Bytes(dp.value, dp.value + dp.size)});
  }
  return out;
}

}  // namespace doorlock::ble
