// AES over mbedTLS, in the shapes the Tuya formats need. Key size follows the key length
// (16 bytes: AES-128, 32 bytes: AES-256). Inputs must be whole blocks: padding is the caller's
// choice because the cloud (PKCS7) and the BLE air frame (Tuya rule) pad differently.
#pragma once

#include <cstddef>
#include <cstdint>

#include "doorlock/bytes.h"

namespace doorlock::crypto {

inline constexpr size_t kAesBlock = 16;

// AES-ECB of whole blocks into `out` (`size` bytes; may be `data`), for code that must not throw:
// false when the size is not whole blocks or mbedTLS refuses the key. The functions below use it.
bool aes_ecb_into(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size, uint8_t* out,
                  bool encrypt) noexcept;

// AES-128-CBC of whole blocks into `out` (`size` bytes; may be `data`), for code that must not
// throw: false when the size is not whole blocks. aes_cbc_encrypt and aes_cbc_decrypt use it.
bool aes_cbc_into(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size, uint8_t* out,
                  bool encrypt) noexcept;

Bytes aes_ecb_encrypt(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size);
Bytes aes_ecb_decrypt(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size);
Bytes aes_cbc_encrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size);
Bytes aes_cbc_decrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size);

// PKCS#7: always adds 1..16 bytes.
Bytes pkcs7_pad(const uint8_t* data, size_t size);
// Returns the unpadded length, or -1 when the padding is malformed (the caller names the field).
long pkcs7_unpadded_size(const uint8_t* data, size_t size) noexcept;

}  // namespace doorlock::crypto
