// The AES keys of the air frame, one per encryption mode (ble-protocol.md §3.2, §3.3). Every key
// is an MD5 digest of key material, returned in a buffer that is wiped when dropped.
//
// Firm (phone implementations agree with the device SDK and were checked against real locks):
//   4  KEY_4        md5(localKey[0:6])                      device-info request to a bound lock
//   5  SESSION_KEY  md5(localKey[0:6] || srand)             every other frame of the session
//   14 KEY_14       md5(localKey(16) || secKey(16))         "cryption v2" device info
//   15 SESSION_ENC  md5(localKey(16) || secKey(16) || srand) "cryption v2" session
// Experimental (taken from one device-side source whose header comment contradicts its code,
// ble-protocol.md §8 item 6; nothing on the phone side confirms them). Callers must opt in:
//   11 md5(authKey(32) || uuid(16) || serviceRand(16)), 12 md5(key11 || srand),
//   16 md5(authKey(32) || md5(uuid) || serviceRand(16))
// serviceRand is the IV of the received frame of that mode.
#pragma once

#include <cstdint>

#include "doorlock/bytes.h"

namespace doorlock::ble {

enum KeyMode : uint8_t {
  kModeNone = 0,
  kModeKey4 = 4,
  kModeSession = 5,
  kModeKey11 = 11,
  kModeKey12 = 12,
  kModeKey14 = 14,
  kModeSessionV2 = 15,
  kModeKey16 = 16,
};

inline constexpr size_t kKeySize = 16;
inline constexpr size_t kLoginKeySize = 6;  // the first 6 characters of the cloud localKey
inline constexpr size_t kSrandSize = 6;     // device-info response bytes 6..11

// Whether `mode` names a key this module can derive (0 counts: it has no key).
bool is_known_key_mode(uint8_t mode) noexcept;
bool is_experimental_key_mode(uint8_t mode) noexcept;

// Everything a derivation may need; each mode reads only its own inputs and names what is
// missing (with these JavaScript field names: localKey, srand, secKey, authKey, uuid, serviceRand).
struct KeyInputs {
  const SecretBytes* local_key = nullptr;
  const SecretBytes* sec_key = nullptr;
  const SecretBytes* auth_key = nullptr;
  Bytes srand;
  Bytes uuid;
  Bytes service_rand;
  bool allow_experimental = false;
};

SecretBytes derive_key(uint8_t mode, const KeyInputs& inputs);

// The two keys of the legacy session, as the app and the lock both need them.
SecretBytes derive_key4(const SecretBytes& local_key);
SecretBytes derive_session_key(const SecretBytes& local_key, const uint8_t* srand, size_t srand_size);

}  // namespace doorlock::ble
