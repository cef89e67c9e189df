// Randomness for IVs, nonces and generated passwords. The core never reads an OS source itself:
// the host injects entropy (crypto.getRandomValues, node:crypto, wx.getRandomValues) and a
// CTR-DRBG stretches it. Without a host source every draw fails with NO_SECURE_RANDOM; there is
// deliberately no weak fallback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "doorlock/bytes.h"

namespace doorlock::crypto {

// Anything that can fill a buffer with unpredictable bytes or throw NO_SECURE_RANDOM.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(uint8_t* out, size_t size) = 0;
  Bytes bytes(size_t size);
};

// Fills `out` with `size` bytes of host entropy; returns false when the host has none to give.
using EntropyFunction = std::function<bool(uint8_t* out, size_t size)>;

// mbedTLS CTR-DRBG (AES-256). Seeds itself from the entropy function on first use, reseeds as
// mbedTLS schedules it, and tries to seed again on the next draw after a failure (a host pool may
// have been refilled meanwhile).
class Drbg final : public RandomSource {
 public:
  explicit Drbg(EntropyFunction entropy);
  ~Drbg() override;
  Drbg(const Drbg&) = delete;
  Drbg& operator=(const Drbg&) = delete;

  void fill(uint8_t* out, size_t size) override;
  bool seeded() const noexcept { return seeded_; }

 private:
  struct State;
  static int entropy_callback(void* self, unsigned char* out, size_t size);

  EntropyFunction entropy_;
  std::unique_ptr<State> state_;
  bool seeded_ = false;
};

}  // namespace doorlock::crypto
