// Data points (DPs), the payload of DP writes and reports (ble-protocol.md §5):
//   dp_id u8 | dp_type u8 | len | value      len: 1 byte up to protocol 3, 2 bytes BE from protocol 4
// Values are kept in wire form; the typed constructors and readers convert. Types 7-10 of the
// SDK are "not supported" there and rejected here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doorlock/bytes.h"

namespace doorlock::ble {

enum class DpType : uint8_t { Raw = 0, Bool = 1, Value = 2, String = 3, Enum = 4, Bitmap = 5 };

// "raw", "bool", "value", "string", "enum", "bitmap": the JavaScript names.
const char* dp_type_name(DpType type) noexcept;
std::optional<DpType> dp_type_from_name(std::string_view name) noexcept;

struct Dp {
  uint8_t id = 0;
  DpType type = DpType::Raw;
  Bytes value;  // wire form: bool 1 byte, value 4 bytes BE signed, enum 1 byte, bitmap 1/2/4 bytes BE

  static Dp raw(uint8_t id, Bytes value);
  static Dp boolean(uint8_t id, bool value);
  static Dp integer(uint8_t id, int32_t value);
  static Dp string(uint8_t id, std::string_view value);
  static Dp enumeration(uint8_t id, uint8_t value);
  static Dp bitmap(uint8_t id, uint32_t value, size_t width = 4);  // width 1, 2 or 4

  // Readers; BAD_FRAME when the value has the wrong size for the type.
  bool as_bool() const;
  int32_t as_integer() const;
  uint8_t as_enum() const;
  uint32_t as_bitmap() const;
  std::string as_string() const;
};

// 1 for protocol majors up to 3, 2 from 4 on.
size_t dp_length_size(int protocol_major) noexcept;

// INVALID_ARGUMENT naming "dps[i].value" when a value does not fit its type or length field.
Bytes encode_dps(const std::vector<Dp>& dps, int protocol_major);
// BAD_FRAME on a truncated record, an unknown type or a value of the wrong size.
std::vector<Dp> decode_dps(const uint8_t* data, size_t size, int protocol_major);

// The noexcept core of encode_dps, for callers that must not throw: whether a value of `size`
// bytes fits its type and the length field, and one record written at `out` (dp_record_size
// bytes) for a value that fits.
bool dp_value_fits(DpType type, size_t size, int protocol_major) noexcept;
size_t dp_record_size(size_t value_size, int protocol_major) noexcept;
void write_dp(uint8_t id, DpType type, const uint8_t* value, size_t size, int protocol_major, uint8_t* out) noexcept;

// The noexcept core of decode_dps, for callers that must not throw (the module's fast exports):
// one record read in place at `offset`, which advances past it, or why it cannot be read.
struct DpView {
  uint8_t id = 0;
  DpType type = DpType::Raw;
  const uint8_t* value = nullptr;
  size_t size = 0;
};
enum class DpRefusal : uint8_t { None, HeaderTruncated, UnsupportedType, ValueTruncated, WrongSize };
DpRefusal read_dp(const uint8_t* data, size_t size, int protocol_major, size_t& offset, DpView* dp) noexcept;
// The value of a record read_dp accepted, as the number its type means: bool 0 or 1, value
// signed, enum and bitmap unsigned (0 for raw and string).
double dp_number(const DpView& dp) noexcept;

}  // namespace doorlock::ble
