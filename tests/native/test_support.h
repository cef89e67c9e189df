// Helpers shared by the native tests: hex literals, error matching, a seeded test RNG, and
// OpenSSL's libcrypto as an independent AES implementation.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <random>
#include <string>

#include "doorlock/bytes.h"
#include "doorlock/error.h"

namespace doorlock::test {

inline Bytes hex(const std::string& text) { return from_hex(text, "test"); }
inline SecretBytes secret(const std::string& text) {
  return SecretBytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

// Runs `body` and requires a doorlock::Error with this code and field.
inline void require_error(const std::function<void()>& body, ErrorCode code, const std::string& field) {
  try {
    body();
  } catch (const Error& error) {
    INFO("message: " << error.message());
    CHECK(error_code_name(error.code()) == std::string(error_code_name(code)));
    CHECK(error.field() == field);
    return;
  }
  FAIL("expected " << error_code_name(code) << " on " << field << ", nothing was thrown");
}

// Deterministic per test run but different across seeds: Catch's --rng-seed drives it.
inline std::mt19937_64& test_rng() {
  static std::mt19937_64 rng(Catch::rngSeed() == 0 ? 20261125 : Catch::rngSeed());
  return rng;
}

// OpenSSL's EVP cipher `cipher` ("aes-128-ecb", "aes-128-cbc", ...); `iv` empty for ECB.
Bytes openssl_cipher(const std::string& cipher, bool decrypt, const Bytes& key, const Bytes& iv, const Bytes& data,
                     bool pkcs7);
// The same on hex data with a hex key; returns upper-case hex.
std::string openssl_ecb(const std::string& cipher, bool decrypt, const std::string& key_hex,
                        const std::string& data_hex, bool pkcs7);

}  // namespace doorlock::test
