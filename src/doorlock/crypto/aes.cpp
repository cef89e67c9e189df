#include "doorlock/crypto/aes.h"

#include <mbedtls/aes.h>

#include <algorithm>

#include "doorlock/error.h"

namespace doorlock::crypto {

namespace {

// Owns an mbedTLS AES context and wipes the key schedule when it goes away.
class AesContext {
 public:
  AesContext() { mbedtls_aes_init(&ctx_); }
  ~AesContext() { mbedtls_aes_free(&ctx_); }
  AesContext(const AesContext&) = delete;
  AesContext& operator=(const AesContext&) = delete;

  void set_encrypt_key(const uint8_t* key, size_t key_size) {
    check(mbedtls_aes_setkey_enc(&ctx_, key, static_cast<unsigned>(key_size * 8)));
  }
  void set_decrypt_key(const uint8_t* key, size_t key_size) {
    check(mbedtls_aes_setkey_dec(&ctx_, key, static_cast<unsigned>(key_size * 8)));
  }
  mbedtls_aes_context* get() { return &ctx_; }

  static void check(int status) {
    if (status != 0) throw_error(ErrorCode::Internal, "AES operation failed");
  }

 private:
  mbedtls_aes_context ctx_;
};

void require_blocks(size_t size) {
  if (size % kAesBlock != 0) throw_error(ErrorCode::Internal, "AES input is not a whole number of blocks");
}

Bytes ecb(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size, bool encrypt) {
  require_blocks(size);
  Bytes out(size);
  if (!aes_ecb_into(key, key_size, data, size, out.data(), encrypt)) AesContext::check(-1);
  return out;
}

Bytes cbc(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size, int mode) {
  require_blocks(size);
  AesContext ctx;
  if (mode == MBEDTLS_AES_ENCRYPT) {
    ctx.set_encrypt_key(key, 16);
  } else {
    ctx.set_decrypt_key(key, 16);
  }
  uint8_t chain[kAesBlock];  // mbedTLS advances the IV in place
  std::copy(iv, iv + kAesBlock, chain);
  Bytes out(size);
  AesContext::check(mbedtls_aes_crypt_cbc(ctx.get(), mode, size, chain, data, out.data()));
  wipe(chain, sizeof chain);
  return out;
}

}  // namespace

Bytes aes_ecb_encrypt(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size) {
  return ecb(key, key_size, data, size, true);
}

Bytes aes_ecb_decrypt(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size) {
  return ecb(key, key_size, data, size, false);
}

Bytes aes_cbc_encrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size) {
  return cbc(key, iv, data, size, MBEDTLS_AES_ENCRYPT);
}

Bytes aes_cbc_decrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size) {
  return cbc(key, iv, data, size, MBEDTLS_AES_DECRYPT);
}

Bytes pkcs7_pad(const uint8_t* data, size_t size) {
  const size_t pad = kAesBlock - size % kAesBlock;
  Bytes out(data, data + size);
  out.insert(out.end(), pad, static_cast<uint8_t>(pad));
  return out;
}

long pkcs7_unpadded_size(const uint8_t* data, size_t size) noexcept {
  if (size == 0 || size % kAesBlock != 0) return -1;
  const uint8_t pad = data[size - 1];
  if (pad == 0 || pad > kAesBlock) return -1;
  for (size_t i = size - pad; i < size; ++i) {
    if (data[i] != pad) return -1;
  }
  return static_cast<long>(size - pad);
}

}  // namespace doorlock::crypto
