#include "test_support.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace doorlock::test {

// OpenSSL's libcrypto, not the command line: the same independent implementation without the
// thousands of processes a randomised comparison would otherwise spawn.
Bytes openssl_cipher(const std::string& cipher, bool decrypt, const Bytes& key, const Bytes& iv, const Bytes& data,
                     bool pkcs7) {
  const EVP_CIPHER* kind = EVP_get_cipherbyname(cipher.c_str());
  if (kind == nullptr) throw std::runtime_error("OpenSSL has no cipher " + cipher);
  if (key.size() != static_cast<size_t>(EVP_CIPHER_key_length(kind))) throw std::runtime_error("bad key length");
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!context || EVP_CipherInit_ex(context.get(), kind, nullptr, key.data(), iv.empty() ? nullptr : iv.data(),
                                    decrypt ? 0 : 1) != 1) {
    throw std::runtime_error("EVP_CipherInit_ex failed");
  }
  EVP_CIPHER_CTX_set_padding(context.get(), pkcs7 ? 1 : 0);
  Bytes out(data.size() + 32);
  int written = 0;
  int tail = 0;
  if (EVP_CipherUpdate(context.get(), out.data(), &written, data.data(), static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(context.get(), out.data() + written, &tail) != 1) {
    throw std::runtime_error("OpenSSL refused the data (" + cipher + ")");
  }
  out.resize(static_cast<size_t>(written + tail));
  return out;
}

}  // namespace doorlock::test
