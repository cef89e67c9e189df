#include "doorlock/crypto/md5.h"

#include <mbedtls/md5.h>

#include "doorlock/error.h"

namespace doorlock::crypto {

SecretBytes md5(const uint8_t* data, size_t size) {
  SecretBytes digest(16);
  if (mbedtls_md5_ret(data, size, digest.data()) != 0) throw_error(ErrorCode::Internal, "MD5 failed");
  return digest;
}

}  // namespace doorlock::crypto
