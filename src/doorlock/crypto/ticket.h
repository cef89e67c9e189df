// The smart-lock cloud's password protection (cloud-crypto-and-wechat.md §1.2):
//   ticket_key --AES-256-ECB-decrypt(accessKey bytes), strip PKCS7--> 16-byte inner key
//   PIN digits --PKCS7, AES-128-ECB-encrypt(inner key)--> upper-case hex `password`
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "doorlock/path.h"
#include "doorlock/bytes.h"
#include "doorlock/crypto/random.h"
#include "doorlock/lock_type.h"

namespace doorlock::crypto {

inline constexpr size_t kAccessKeySize = 32;      // the cloud project's Access Secret, used as ASCII bytes
inline constexpr size_t kTicketKeyHexSize = 64;   // 16-byte key + one full PKCS7 block, hex
inline constexpr size_t kInnerKeySize = 16;

// The inner key. Field names in errors are the JavaScript ones (ticketKey, accessKey).
SecretBytes decrypt_ticket_key(std::string_view ticket_key_hex, const SecretBytes& access_key);

// Checks the PIN (digits only; 7 on Wi-Fi families, 6 on Zigbee and Bluetooth; 6 or 7 when the
// lock type is unknown) and returns the `password` field value.
std::string encrypt_password(std::string_view password, std::string_view ticket_key_hex,
                             const SecretBytes& access_key, std::optional<LockType> lock_type);

// The same with the inner key itself (16 bytes), for a backend that decrypts the ticket key and
// hands out only that: the access key never has to be where the PIN is encrypted.
std::string encrypt_password_with_key(std::string_view password, const SecretBytes& key,
                                      std::optional<LockType> lock_type);

// The same check on its own, for callers that validate before they hold a ticket.
void check_password_digits(std::string_view password, std::optional<LockType> lock_type,
                           const Path& field);

// A uniformly random PIN of the lock type's length, drawn from `random` (rejection sampling, so
// no digit is more likely than another).
std::string generate_password(LockType lock_type, RandomSource& random);

}  // namespace doorlock::crypto
