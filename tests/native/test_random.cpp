// The DRBG refuses to work without host entropy and keeps refusing when a reseed finds none.
#include "doorlock/crypto/random.h"

#include <set>

#include "test_support.h"

using namespace doorlock;

TEST_CASE("no entropy source: every draw fails with NO_SECURE_RANDOM") {
  crypto::Drbg drbg(nullptr);
  test::require_error([&] { drbg.bytes(16); }, ErrorCode::NoSecureRandom, "");
  crypto::Drbg refusing([](uint8_t*, size_t) { return false; });
  test::require_error([&] { refusing.bytes(1); }, ErrorCode::NoSecureRandom, "");
  test::require_error([&] { refusing.bytes(1); }, ErrorCode::NoSecureRandom, "");
  CHECK_FALSE(refusing.seeded());
}

TEST_CASE("seeded from host entropy, draws differ and the source is asked for fresh bytes") {
  int calls = 0;
  crypto::Drbg drbg([&](uint8_t* out, size_t size) {
    ++calls;
    for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(test::test_rng()());
    return true;
  });
  std::set<Bytes> seen;
  for (int i = 0; i < 100; ++i) seen.insert(drbg.bytes(16));
  CHECK(seen.size() == 100);
  CHECK(calls >= 1);
  CHECK(drbg.seeded());
  // Large requests are split below mbedTLS's per-call limit.
  CHECK(drbg.bytes(5000).size() == 5000);
}

TEST_CASE("a source that later runs dry stops the DRBG at its next reseed") {
  int calls = 0;
  crypto::Drbg drbg([&](uint8_t* out, size_t size) {
    if (++calls > 1) return false;  // seeds once, then has nothing more
    for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(i * 7 + 1);
    return true;
  });
  uint8_t byte = 0;
  bool refused = false;
  // mbedTLS reseeds every 10000 requests by default.
  for (int i = 0; i < 10002 && !refused; ++i) {
    try {
      drbg.fill(&byte, 1);
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::NoSecureRandom);
      refused = true;
    }
  }
  CHECK(refused);
  test::require_error([&] { drbg.bytes(1); }, ErrorCode::NoSecureRandom, "");
}
