#include "test_support.h"

namespace doorlock::test {

std::string openssl_ecb(const std::string& cipher, bool decrypt, const std::string& key_hex,
                        const std::string& data_hex, bool pkcs7) {
  return to_hex(openssl_cipher(cipher, decrypt, from_hex(key_hex, "key"), Bytes(), from_hex(data_hex, "data"), pkcs7),
                HexCase::Upper);
}

}  // namespace doorlock::test
