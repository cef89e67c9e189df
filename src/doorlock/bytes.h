// Byte buffers, hex text and big-endian fields: the vocabulary every other part of the core uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "doorlock/path.h"

namespace doorlock {

using Bytes = std::vector<uint8_t>;

enum class HexCase { Lower, Upper };

std::string to_hex(const uint8_t* data, size_t size, HexCase letter_case = HexCase::Lower);
inline std::string to_hex(const Bytes& bytes, HexCase letter_case = HexCase::Lower) {
  return to_hex(bytes.data(), bytes.size(), letter_case);
}

// Decodes hex of either case. Errors name `field` and never echo the text, which may be a secret.
Bytes from_hex(std::string_view hex, const Path& field);

// from_hex and to_hex into caller buffers, for code that must not throw. decode_hex_into writes
// hex.size() / 2 bytes and returns -1, or the position that stops the decoding: hex.size() for an
// odd number of digits (checked first), else the first character that is not a hex digit.
long decode_hex_into(std::string_view hex, uint8_t* out) noexcept;
void encode_hex_into(const uint8_t* data, size_t size, char* out, HexCase letter_case) noexcept;

// Overwrites memory in a way the optimizer may not remove (mbedtls_platform_zeroize).
void wipe(void* data, size_t size) noexcept;
void wipe(Bytes& bytes) noexcept;
void wipe(std::string& text) noexcept;

// A buffer for key material: wiped when it goes away, never copied by accident.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size) : bytes_(size) {}
  explicit SecretBytes(Bytes&& bytes) noexcept : bytes_(std::move(bytes)) {}
  SecretBytes(const uint8_t* data, size_t size) : bytes_(data, data + size) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes() { wipe(bytes_); }

  uint8_t* data() noexcept { return bytes_.data(); }
  const uint8_t* data() const noexcept { return bytes_.data(); }
  size_t size() const noexcept { return bytes_.size(); }
  bool empty() const noexcept { return bytes_.empty(); }
  void resize(size_t size);  // wipes whatever a shrink cuts off
  // A deliberate copy out, for results that the caller asked for (e.g. the decrypted ticket key).
  Bytes reveal() const { return bytes_; }

 private:
  Bytes bytes_;
};

// Big-endian fields, as every Tuya wire format uses them.
void put_u16be(Bytes& out, uint16_t value);
void put_u32be(Bytes& out, uint32_t value);
uint16_t get_u16be(const uint8_t* p) noexcept;
uint32_t get_u32be(const uint8_t* p) noexcept;

}  // namespace doorlock
