#include "doorlock/crypto/ticket.h"

#include "doorlock/crypto/aes.h"
#include "doorlock/error.h"

namespace doorlock::crypto {

SecretBytes decrypt_ticket_key(std::string_view ticket_key_hex, const SecretBytes& access_key) {
  if (access_key.size() != kAccessKeySize) {
    throw_invalid("accessKey", {"must be the 32-character access secret of the cloud project (got ",
                                Decimal(static_cast<int64_t>(access_key.size())), " bytes)"});
  }
  if (ticket_key_hex.size() != kTicketKeyHexSize) {
    // Odd lengths and non-hex characters get their own messages from from_hex; check those first.
    from_hex(ticket_key_hex, "ticketKey");
    throw_invalid("ticketKey",
                  {"must be 64 hex digits (32 bytes), got ", Decimal(static_cast<int64_t>(ticket_key_hex.size()))});
  }
  SecretBytes cipher(from_hex(ticket_key_hex, "ticketKey"));
  SecretBytes plain(aes_ecb_decrypt(access_key.data(), access_key.size(), cipher.data(), cipher.size()));
  const long unpadded = pkcs7_unpadded_size(plain.data(), plain.size());
  if (unpadded != static_cast<long>(kInnerKeySize)) {
    throw_invalid("ticketKey", "does not decrypt to a 16-byte key with this accessKey (bad padding): "
                               "check the access secret and that the ticket belongs to this project");
  }
  plain.resize(kInnerKeySize);
  return plain;
}

void check_password_digits(std::string_view password, std::optional<LockType> lock_type,
                           const Path& field) {
  for (char c : password) {
    if (c < '0' || c > '9') throw_invalid(field, "a lock password has digits only");
  }
  if (lock_type) {
    const size_t expected = static_cast<size_t>(password_length(*lock_type));
    if (password.size() != expected) {
      throw_invalid(field, {"a ", lock_type_name(*lock_type), " lock password has ",
                            Decimal(static_cast<int64_t>(expected)), " digits, got ",
                            Decimal(static_cast<int64_t>(password.size()))});
    }
  } else if (password.size() != 6 && password.size() != 7) {
    throw_invalid(field, {"a lock password has 6 digits (Zigbee, Bluetooth) or 7 (Wi-Fi), got ",
                          Decimal(static_cast<int64_t>(password.size()))});
  }
}

std::string encrypt_password(std::string_view password, std::string_view ticket_key_hex,
                             const SecretBytes& access_key, std::optional<LockType> lock_type) {
  check_password_digits(password, lock_type, "password");
  const SecretBytes key = decrypt_ticket_key(ticket_key_hex, access_key);
  return encrypt_password_with_key(password, key, lock_type);
}

std::string encrypt_password_with_key(std::string_view password, const SecretBytes& key,
                                      std::optional<LockType> lock_type) {
  check_password_digits(password, lock_type, "password");
  if (key.size() != kInnerKeySize) {
    throw_invalid("key", {"must be the decrypted ticket key: 16 bytes or 32 hex digits (got ",
                          Decimal(static_cast<int64_t>(key.size())), " bytes)"});
  }
  SecretBytes padded(pkcs7_pad(reinterpret_cast<const uint8_t*>(password.data()), password.size()));
  const Bytes cipher = aes_ecb_encrypt(key.data(), key.size(), padded.data(), padded.size());
  return to_hex(cipher, HexCase::Upper);
}

std::string generate_password(LockType lock_type, RandomSource& random) {
  const size_t length = static_cast<size_t>(password_length(lock_type));
  std::string out;
  out.reserve(length);
  uint8_t draw[16];
  while (out.size() < length) {
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
