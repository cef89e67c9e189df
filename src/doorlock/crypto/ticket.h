// The smart-lock cloud's password protection (cloud-crypto-and-wechat.md §1.2):
//   ticket_key --AES-256-ECB-decrypt(accessKey bytes), strip PKCS7--> 16-byte inner key
//   PIN digits --PKCS7, AES-128-ECB-encrypt(inner key)--> upper-case hex `password`
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "doorlock/bytes.h"
#include "doorlock/crypto/random.h"
#include "doorlock/lock_type.h"
#include "doorlock/path.h"

namespace doorlock::crypto {

inline constexpr size_t kAccessKeySize = 32;     // the cloud project's Access Secret, used as ASCII bytes
inline constexpr size_t kTicketKeyHexSize = 64;  // 16-byte key + one full PKCS7 block, hex
inline constexpr size_t kInnerKeySize = 16;
inline constexpr size_t kPasswordHexSize = 32;  // one AES block, hex

// Why the password step refuses its input. The functions below are built on the noexcept ones
// that return it and raise each refusal as its Error; callers that must not throw (the module's
// fast password export) get the value and ask the throwing path for the message.
enum class PasswordRefusal : int {
  None = 0,
  PasswordNotDigits,
  PasswordLength,
  AccessKeySize,
  TicketKeyNotHex,
  TicketKeySize,
  TicketKeyPadding,
  KeySize,
  AesFailed,
};

PasswordRefusal password_digits_refusal(std::string_view password, std::optional<LockType> lock_type) noexcept;

// The inner key into `key` (kInnerKeySize bytes, wiped again on refusal).
PasswordRefusal decrypt_ticket_key_into(std::string_view ticket_key_hex, const uint8_t* access_key,
                                        size_t access_key_size, uint8_t* key) noexcept;

// encrypt_password and encrypt_password_with_key into `hex` (kPasswordHexSize characters).
PasswordRefusal encrypt_password_into(std::string_view password, std::string_view ticket_key_hex,
                                      const uint8_t* access_key, size_t access_key_size,
                                      std::optional<LockType> lock_type, char* hex) noexcept;
PasswordRefusal encrypt_password_into(std::string_view password, const uint8_t* key, size_t key_size,
                                      std::optional<LockType> lock_type, char* hex) noexcept;

// The inner key. Field names in errors are the JavaScript ones (ticketKey, accessKey).
SecretBytes decrypt_ticket_key(std::string_view ticket_key_hex, const SecretBytes& access_key);

// Checks the PIN (digits only; 7 on Wi-Fi families, 6 on Zigbee and Bluetooth; 6 or 7 when the
// lock type is unknown) and returns the `password` field value.
std::string encrypt_password(std::string_view password, std::string_view ticket_key_hex, const SecretBytes& access_key,
                             std::optional<LockType> lock_type);

// The same with the inner key itself (16 bytes), for a backend that decrypts the ticket key and
// hands out only that: the access key never has to be where the PIN is encrypted.
std::string encrypt_password_with_key(std::string_view password, const SecretBytes& key,
                                      std::optional<LockType> lock_type);

// The same check on its own, for callers that validate before they hold a ticket.
void check_password_digits(std::string_view password, std::optional<LockType> lock_type, const Path& field);

// A uniformly random PIN of the lock type's length, drawn from `random` (rejection sampling, so
// no digit is more likely than another).
std::string generate_password(LockType lock_type, RandomSource& random);

}  // namespace doorlock::crypto
