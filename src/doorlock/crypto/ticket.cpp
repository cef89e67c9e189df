#include "doorlock/crypto/ticket.h"

#include <algorithm>

#include "doorlock/crypto/aes.h"
#include "doorlock/error.h"
#include "doorlock/password_strength.h"

namespace doorlock::crypto {

PasswordRefusal password_digits_refusal(std::string_view password, std::optional<LockType> lock_type) noexcept {
  for (char c : password) {
    if (c < '0' || c > '9') return PasswordRefusal::PasswordNotDigits;
  }
  if (lock_type) {
    if (password.size() != static_cast<size_t>(password_length(*lock_type))) return PasswordRefusal::PasswordLength;
  } else if (password.size() != 6 && password.size() != 7) {
    return PasswordRefusal::PasswordLength;
  }
  return PasswordRefusal::None;
}

PasswordRefusal decrypt_ticket_key_into(std::string_view ticket_key_hex, const uint8_t* access_key,
                                        size_t access_key_size, uint8_t* key) noexcept {
  if (access_key_size != kAccessKeySize) return PasswordRefusal::AccessKeySize;
  uint8_t block[kTicketKeyHexSize / 2];
  // Text that is not hex is refused as such whatever its length: scan all of it before the length.
  bool hex = true;
  for (size_t at = 0; hex && at < ticket_key_hex.size(); at += kTicketKeyHexSize) {
    const size_t chunk = std::min(kTicketKeyHexSize, ticket_key_hex.size() - at);
    hex = decode_hex_into(std::string_view(ticket_key_hex.data() + at, chunk), block) < 0;
  }
  PasswordRefusal refusal = PasswordRefusal::None;
  if (!hex) {
    refusal = PasswordRefusal::TicketKeyNotHex;
  } else if (ticket_key_hex.size() != kTicketKeyHexSize) {
    refusal = PasswordRefusal::TicketKeySize;
  } else if (!aes_ecb_into(access_key, access_key_size, block, sizeof block, block, false)) {
    refusal = PasswordRefusal::AesFailed;
  } else if (pkcs7_unpadded_size(block, sizeof block) != static_cast<long>(kInnerKeySize)) {
    refusal = PasswordRefusal::TicketKeyPadding;
  } else {
    for (size_t i = 0; i < kInnerKeySize; ++i) key[i] = block[i];
  }
  wipe(block, sizeof block);
  return refusal;
}

PasswordRefusal encrypt_password_into(std::string_view password, const uint8_t* key, size_t key_size,
                                      std::optional<LockType> lock_type, char* hex) noexcept {
  const PasswordRefusal digits = password_digits_refusal(password, lock_type);
  if (digits != PasswordRefusal::None) return digits;
  if (key_size != kInnerKeySize) return PasswordRefusal::KeySize;
  // A valid PIN has at most 7 digits: PKCS7 makes it exactly one block.
  uint8_t block[kAesBlock];
  const uint8_t pad = static_cast<uint8_t>(kAesBlock - password.size());
  for (size_t i = 0; i < kAesBlock; ++i) block[i] = i < password.size() ? static_cast<uint8_t>(password[i]) : pad;
  const bool ok = aes_ecb_into(key, key_size, block, sizeof block, block, true);
  if (ok) encode_hex_into(block, sizeof block, hex, HexCase::Upper);
  wipe(block, sizeof block);
  return ok ? PasswordRefusal::None : PasswordRefusal::AesFailed;
}

PasswordRefusal encrypt_password_into(std::string_view password, std::string_view ticket_key_hex,
                                      const uint8_t* access_key, size_t access_key_size,
                                      std::optional<LockType> lock_type, char* hex) noexcept {
  PasswordRefusal refusal = password_digits_refusal(password, lock_type);
  if (refusal != PasswordRefusal::None) return refusal;
  uint8_t key[kInnerKeySize];
  refusal = decrypt_ticket_key_into(ticket_key_hex, access_key, access_key_size, key);
  if (refusal == PasswordRefusal::None) refusal = encrypt_password_into(password, key, sizeof key, lock_type, hex);
  wipe(key, sizeof key);
  return refusal;
}

SecretBytes decrypt_ticket_key(std::string_view ticket_key_hex, const SecretBytes& access_key) {
  SecretBytes key(kInnerKeySize);
  switch (decrypt_ticket_key_into(ticket_key_hex, access_key.data(), access_key.size(), key.data())) {
    case PasswordRefusal::None: return key;
    case PasswordRefusal::AccessKeySize:
      throw_invalid("accessKey", {"must be the 32-character access secret of the cloud project (got ",
                                  Decimal(static_cast<int64_t>(access_key.size())), " bytes)"});
    case PasswordRefusal::TicketKeyNotHex:
      from_hex(ticket_key_hex, "ticketKey");  // raises the odd-length or non-hex message
      break;
    case PasswordRefusal::TicketKeySize:
      throw_invalid("ticketKey",
                    {"must be 64 hex digits (32 bytes), got ", Decimal(static_cast<int64_t>(ticket_key_hex.size()))});
    case PasswordRefusal::TicketKeyPadding:
      throw_invalid("ticketKey",
                    "does not decrypt to a 16-byte key with this accessKey (bad padding): "
                    "check the access secret and that the ticket belongs to this project");
    default: break;
  }
  throw_error(ErrorCode::Internal, "AES operation failed");
}

void check_password_digits(std::string_view password, std::optional<LockType> lock_type, const Path& field) {
  switch (password_digits_refusal(password, lock_type)) {
    case PasswordRefusal::None: return;
    case PasswordRefusal::PasswordNotDigits: throw_invalid(field, "a lock password has digits only");
    default: break;
  }
  if (lock_type) {
    throw_invalid(field, {"a ", lock_type_name(*lock_type), " lock password has ",
                          Decimal(static_cast<int64_t>(password_length(*lock_type))), " digits, got ",
                          Decimal(static_cast<int64_t>(password.size()))});
  }
  throw_invalid(field, {"a lock password has 6 digits (Zigbee, Bluetooth) or 7 (Wi-Fi), got ",
                        Decimal(static_cast<int64_t>(password.size()))});
}

std::string encrypt_password(std::string_view password, std::string_view ticket_key_hex, const SecretBytes& access_key,
                             std::optional<LockType> lock_type) {
  std::string hex(kPasswordHexSize, '0');
  const PasswordRefusal refusal =
      encrypt_password_into(password, ticket_key_hex, access_key.data(), access_key.size(), lock_type, hex.data());
  if (refusal == PasswordRefusal::None) return hex;
  // The refusal's Error, raised by the step that refuses.
  check_password_digits(password, lock_type, "password");
  const SecretBytes key = decrypt_ticket_key(ticket_key_hex, access_key);
  return encrypt_password_with_key(password, key, lock_type);
}

std::string encrypt_password_with_key(std::string_view password, const SecretBytes& key,
                                      std::optional<LockType> lock_type) {
  std::string hex(kPasswordHexSize, '0');
  switch (encrypt_password_into(password, key.data(), key.size(), lock_type, hex.data())) {
    case PasswordRefusal::None: return hex;
    case PasswordRefusal::PasswordNotDigits:
    case PasswordRefusal::PasswordLength: check_password_digits(password, lock_type, "password"); break;
    case PasswordRefusal::KeySize:
      throw_invalid("key", {"must be the decrypted ticket key: 16 bytes or 32 hex digits (got ",
                            Decimal(static_cast<int64_t>(key.size())), " bytes)"});
    default: break;
  }
  throw_error(ErrorCode::Internal, "AES operation failed");
}

std::string generate_password(LockType lock_type, RandomSource& random) {
  const size_t length = static_cast<size_t>(password_length(lock_type));
  std::string out;
  out.reserve(length);
  uint8_t draw[16];
  // A weak PIN (123456, 888888: about 2 in 100,000 draws) is one the lock refuses: draw again.
  while (out.size() < length || is_weak_password(out)) {
    if (out.size() == length) {
      wipe(out);
      out.clear();
    }
    random.fill(draw, sizeof draw);
    for (uint8_t byte : draw) {
      // 250 = 25 * 10: bytes at or above it would favour the digits 0..5.
      if (byte < 250 && out.size() < length) out.push_back(static_cast<char>('0' + byte % 10));
    }
  }
  wipe(draw, sizeof draw);
  return out;
}

}  // namespace doorlock::crypto
