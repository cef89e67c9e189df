#include "doorlock/ble/keys.h"

#include "doorlock/crypto/md5.h"
#include "doorlock/error.h"

namespace doorlock::ble {

namespace {

// Key material is concatenated in a wiped buffer: it holds secrets until the digest is taken.
class Material {
 public:
  void add(const uint8_t* data, size_t size) { bytes_.insert(bytes_.end(), data, data + size); }
  void add(const SecretBytes& secret) { add(secret.data(), secret.size()); }
  void add(const Bytes& bytes) { add(bytes.data(), bytes.size()); }
  SecretBytes digest() const { return crypto::md5(bytes_.data(), bytes_.size()); }
  ~Material() { wipe(bytes_); }

 private:
  Bytes bytes_;
};

const SecretBytes& require_secret(const SecretBytes* secret, const char* field, size_t min_size, size_t max_size) {
  if (secret == nullptr || secret->empty()) throw_invalid(field, "is required for this key mode");
  if (secret->size() < min_size || secret->size() > max_size)
    throw_invalid(field, "has the wrong length for this key mode");
  return *secret;
}

const Bytes& require_bytes(const Bytes& bytes, const char* field, size_t size) {
  if (bytes.empty()) throw_invalid(field, "is required for this key mode");
  if (bytes.size() != size) throw_invalid(field, size == kSrandSize ? "must be 6 bytes" : "must be 16 bytes");
  return bytes;
}

void add_login_key(Material& material, const SecretBytes* local_key) {
  // The cloud localKey is 16 characters; only its first 6 (the login key) enter the legacy keys.
  const SecretBytes& key = require_secret(local_key, "localKey", kLoginKeySize, 64);
  material.add(key.data(), kLoginKeySize);
}

SecretBytes key11(const KeyInputs& in) {
  Material material;
  material.add(require_secret(in.auth_key, "authKey", 32, 32));
  material.add(require_bytes(in.uuid, "uuid", 16));
  material.add(require_bytes(in.service_rand, "serviceRand", 16));
  return material.digest();
}

}  // namespace

bool is_known_key_mode(uint8_t mode) noexcept {
  switch (mode) {
    case kModeNone:
    case kModeKey4:
    case kModeSession:
    case kModeKey11:
    case kModeKey12:
    case kModeKey14:
    case kModeSessionV2:
    case kModeKey16: return true;
    default: return false;
  }
}

bool is_experimental_key_mode(uint8_t mode) noexcept {
  return mode == kModeKey11 || mode == kModeKey12 || mode == kModeKey16;
}

SecretBytes derive_key(uint8_t mode, const KeyInputs& in) {
  if (!is_known_key_mode(mode) || mode == kModeNone) {
    throw_invalid("mode", "key modes are 4, 5, 11, 12, 14, 15 and 16");
  }
  if (is_experimental_key_mode(mode) && !in.allow_experimental) {
    throw_invalid("experimental", "key modes 11, 12 and 16 are unconfirmed; pass experimental: true to use them");
  }
  Material material;
  switch (mode) {
    case kModeKey4: add_login_key(material, in.local_key); break;
    case kModeSession:
      add_login_key(material, in.local_key);
      material.add(require_bytes(in.srand, "srand", kSrandSize));
      break;
    case kModeKey14:
    case kModeSessionV2:
      material.add(require_secret(in.local_key, "localKey", 16, 16));
      material.add(require_secret(in.sec_key, "secKey", 16, 16));
      if (mode == kModeSessionV2) material.add(require_bytes(in.srand, "srand", kSrandSize));
      break;
    case kModeKey11: return key11(in);
    case kModeKey12: {
      const SecretBytes first = key11(in);
      material.add(first);
      material.add(require_bytes(in.srand, "srand", kSrandSize));
      break;
    }
    case kModeKey16: {
      material.add(require_secret(in.auth_key, "authKey", 32, 32));
      const Bytes& uuid = require_bytes(in.uuid, "uuid", 16);
      material.add(crypto::md5(uuid.data(), uuid.size()));
      material.add(require_bytes(in.service_rand, "serviceRand", 16));
      break;
    }
    default: break;
  }
  return material.digest();
}

SecretBytes derive_key4(const SecretBytes& local_key) {
  KeyInputs in;
  in.local_key = &local_key;
  return derive_key(kModeKey4, in);
}

SecretBytes derive_session_key(const SecretBytes& local_key, const uint8_t* srand, size_t srand_size) {
  KeyInputs in;
  in.local_key = &local_key;
  in.srand.assign(srand, srand + srand_size);
  return derive_key(kModeSession, in);
}

}  // namespace doorlock::ble
