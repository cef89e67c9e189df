#include "doorlock/crypto/random.h"

#include <mbedtls/ctr_drbg.h>

#include <utility>

#include "doorlock/error.h"

namespace doorlock::crypto {

namespace {

// Personalization string: separates this DRBG's outputs from any other user of the same entropy.
constexpr unsigned char kPersonalization[] = "doorlock-wasm drbg";

DOORLOCK_COLD void throw_no_random() {
  throw_error(ErrorCode::NoSecureRandom,
              "no cryptographically secure random source: the host must provide one "
              "(crypto.getRandomValues, node:crypto or wx.getRandomValues)");
}

}  // namespace

Bytes RandomSource::bytes(size_t size) {
  Bytes out(size);
  fill(out.data(), out.size());
  return out;
}

struct Drbg::State {
  mbedtls_ctr_drbg_context ctx;
  State() { mbedtls_ctr_drbg_init(&ctx); }
  ~State() { mbedtls_ctr_drbg_free(&ctx); }  // zeroizes the internal key and counter
};

Drbg::Drbg(EntropyFunction entropy) : entropy_(std::move(entropy)), state_(std::make_unique<State>()) {}

Drbg::~Drbg() = default;

int Drbg::entropy_callback(void* self, unsigned char* out, size_t size) {
  auto* drbg = static_cast<Drbg*>(self);
  if (!drbg->entropy_ || !drbg->entropy_(out, size)) return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
  return 0;
}

void Drbg::fill(uint8_t* out, size_t size) {
  if (!seeded_) {
    // A failed seed leaves the context unusable: start from a fresh one each attempt.
    state_ = std::make_unique<State>();
    if (mbedtls_ctr_drbg_seed(&state_->ctx, &Drbg::entropy_callback, this, kPersonalization,
                              sizeof kPersonalization - 1) != 0) {
      throw_no_random();
    }
    seeded_ = true;
  }
  while (size > 0) {
    const size_t chunk = size < MBEDTLS_CTR_DRBG_MAX_REQUEST ? size : MBEDTLS_CTR_DRBG_MAX_REQUEST;
    if (mbedtls_ctr_drbg_random(&state_->ctx, out, chunk) != 0) {
      // The scheduled reseed found no entropy: refuse rather than keep stretching old state.
      seeded_ = false;
      wipe(out, size);
      throw_no_random();
    }
    out += chunk;
    size -= chunk;
  }
}

}  // namespace doorlock::crypto
