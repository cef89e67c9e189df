#include "doorlock/bytes.h"

#include <mbedtls/platform_util.h>

#include <algorithm>

#include "doorlock/error.h"

namespace doorlock {

namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void encode_hex_into(const uint8_t* data, size_t size, char* out, HexCase letter_case) noexcept {
  const char* digits = letter_case == HexCase::Upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0x0F];
  }
}

std::string to_hex(const uint8_t* data, size_t size, HexCase letter_case) {
  std::string out(size * 2, '0');
  encode_hex_into(data, size, out.data(), letter_case);
  return out;
}

long decode_hex_into(std::string_view hex, uint8_t* out) noexcept {
  if (hex.size() % 2 != 0) return static_cast<long>(hex.size());
  for (size_t i = 0; i < hex.size() / 2; ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high < 0) return static_cast<long>(2 * i);
    if (low < 0) return static_cast<long>(2 * i + 1);
    out[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return -1;
}

Bytes from_hex(std::string_view hex, const Path& field) {
  if (hex.size() % 2 != 0) throw_invalid(field, "hex text has an odd number of digits");
  Bytes out(hex.size() / 2);
  const long stop = decode_hex_into(hex, out.data());
  if (stop >= 0) {
    wipe(out);
    throw_invalid(field, {"not hex: unexpected character at position ", Decimal(stop)});
  }
  return out;
}

void wipe(void* data, size_t size) noexcept {
  if (data != nullptr && size > 0) mbedtls_platform_zeroize(data, size);
}
void wipe(Bytes& bytes) noexcept { wipe(bytes.data(), bytes.size()); }
void wipe(std::string& text) noexcept { wipe(text.data(), text.size()); }

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    wipe(bytes_);
    bytes_ = std::move(other.bytes_);
  }
  return *this;
}

void SecretBytes::resize(size_t size) {
  if (size < bytes_.size()) wipe(bytes_.data() + size, bytes_.size() - size);
  // Growing may reallocate: move through a wiped temporary so no stale copy stays on the heap.
  if (size > bytes_.capacity()) {
    Bytes grown(size);
    std::copy(bytes_.begin(), bytes_.end(), grown.begin());
    wipe(bytes_);
    bytes_.swap(grown);
    return;
  }
  bytes_.resize(size);
}

void put_u16be(Bytes& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

void put_u32be(Bytes& out, uint32_t value) {
  out.push_back(static_cast<uint8_t>(value >> 24));
  out.push_back(static_cast<uint8_t>(value >> 16));
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

uint16_t get_u16be(const uint8_t* p) noexcept { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

uint32_t get_u32be(const uint8_t* p) noexcept {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 |
         static_cast<uint32_t>(p[3]);
}

}  // namespace doorlock
