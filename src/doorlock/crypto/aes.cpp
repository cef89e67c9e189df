#include "doorlock/crypto/aes.h"

#include "doorlock/error.h"

namespace doorlock::crypto {

namespace {

void require_blocks(size_t size) {
  if (size % kAesBlock != 0) throw_error(ErrorCode::Internal, "AES input is not a whole number of blocks");
}

DOORLOCK_COLD void aes_failed() { throw_error(ErrorCode::Internal, "AES operation failed"); }

Bytes ecb(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size, bool encrypt) {
  require_blocks(size);
  Bytes out(size);
  if (!aes_ecb_into(key, key_size, data, size, out.data(), encrypt)) aes_failed();
  return out;
}

Bytes cbc(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size, bool encrypt) {
  require_blocks(size);
  Bytes out(size);
  if (!aes_cbc_into(key, iv, data, size, out.data(), encrypt)) aes_failed();
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
  return cbc(key, iv, data, size, true);
}

Bytes aes_cbc_decrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* data, size_t size) {
  return cbc(key, iv, data, size, false);
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
