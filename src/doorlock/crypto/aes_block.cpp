// AES-ECB and AES-128-CBC into a caller's buffer, with no exception machinery. This file is compiled with
// -fno-exceptions (src/CMakeLists.txt): a noexcept function that calls mbedTLS from an
// exception-enabled file gets a terminate landing pad around each call, and under Emscripten's
// JS-based exceptions every such call leaves wasm through a JS trampoline.
#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>

#include "doorlock/crypto/aes.h"

namespace doorlock::crypto {

bool aes_ecb_into(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size, uint8_t* out,
                  bool encrypt) noexcept {
  if (size % kAesBlock != 0) return false;
  mbedtls_aes_context ctx;
  mbedtls_aes_init(&ctx);
  const unsigned bits = static_cast<unsigned>(key_size * 8);
  bool ok = (encrypt ? mbedtls_aes_setkey_enc(&ctx, key, bits) : mbedtls_aes_setkey_dec(&ctx, key, bits)) == 0;
  const int mode = encrypt ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT;
  for (size_t offset = 0; ok && offset < size; offset += kAesBlock) {
    ok = mbedtls_aes_crypt_ecb(&ctx, mode, data + offset, out + offset) == 0;
  }
  mbedtls_aes_free(&ctx);  // zeroes the key schedule
  return ok;
}

bool aes_cbc_into(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size, uint8_t* out,
                  bool encrypt) noexcept {
  if (size % kAesBlock != 0) return false;
  mbedtls_aes_context ctx;
  mbedtls_aes_init(&ctx);
  bool ok = (encrypt ? mbedtls_aes_setkey_enc(&ctx, key, 128) : mbedtls_aes_setkey_dec(&ctx, key, 128)) == 0;
  uint8_t chain[kAesBlock];  // mbedTLS advances the IV in place
  for (size_t i = 0; i < kAesBlock; ++i) chain[i] = iv[i];
  ok = ok &&
       mbedtls_aes_crypt_cbc(&ctx, encrypt ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT, size, chain, data, out) == 0;
  mbedtls_aes_free(&ctx);  // zeroes the key schedule
  mbedtls_platform_zeroize(chain, sizeof chain);
  return ok;
}

}  // namespace doorlock::crypto
