// The suite built with em++ runs under Node, which has no libcrypto to link but carries OpenSSL
// in node:crypto: the same independent AES, reached through JavaScript.
#include <emscripten.h>

#include <stdexcept>

#include "test_support.h"

// Returns the output length, or -1 when node:crypto refuses (unknown cipher, bad padding).
EM_JS(int, node_crypto_cipher, (const char* cipher, int decrypt, const uint8_t* key, int key_size, const uint8_t* iv,
                                int iv_size, const uint8_t* data, int data_size, int pkcs7, uint8_t* out), {
  try {
    const crypto = require('crypto');
    const name = UTF8ToString(cipher);
    const keyBytes = HEAPU8.slice(key, key + key_size);
    const ivBytes = iv_size > 0 ? HEAPU8.slice(iv, iv + iv_size) : null;
    const worker = decrypt ? crypto.createDecipheriv(name, keyBytes, ivBytes) : crypto.createCipheriv(name, keyBytes, ivBytes);
    worker.setAutoPadding(pkcs7 !== 0);
    const result = Buffer.concat([worker.update(HEAPU8.slice(data, data + data_size)), worker.final()]);
    HEAPU8.set(result, out);
    return result.length;
  } catch (error) {
    return -1;
  }
});

namespace doorlock::test {

Bytes openssl_cipher(const std::string& cipher, bool decrypt, const Bytes& key, const Bytes& iv, const Bytes& data,
                     bool pkcs7) {
  Bytes out(data.size() + 32);
  const int size = node_crypto_cipher(cipher.c_str(), decrypt ? 1 : 0, key.data(), static_cast<int>(key.size()),
                                      iv.data(), static_cast<int>(iv.size()), data.data(),
                                      static_cast<int>(data.size()), pkcs7 ? 1 : 0, out.data());
  if (size < 0) throw std::runtime_error("node:crypto refused the data (" + cipher + ")");
  out.resize(static_cast<size_t>(size));
  return out;
}

}  // namespace doorlock::test
