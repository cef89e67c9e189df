// dl.decryptTicketKey, dl.encryptPassword, dl.generatePassword, dl.randomBytes
#include <emscripten/bind.h>

#include <optional>

#include "doorlock/crypto/ticket.h"
#include "host_random.h"
#include "marshal.h"

namespace doorlock::wasm {

namespace {

std::optional<LockType> optional_lock_type(const val& args) {
  bool present = false;
  const std::string name = string_member(args, "lockType", false, &present);
  if (!present) return std::nullopt;
  return parse_lock_type(name, "lockType");
}

val decrypt_ticket_key(const val& args, const val&, const val&) {
  require_object(args, "");
  const SecretBytes access_key = secret_member(args, "accessKey");
  const std::string ticket_key = string_member(args, "ticketKey", true);
  const SecretBytes key = crypto::decrypt_ticket_key(ticket_key, access_key);
  return bytes_to_js(key.data(), key.size());
}

// The decrypted ticket key, as bytes or hex, copied only into buffers that are wiped.
SecretBytes key_member(const val& args) {
  const val value = member(args, "key");
  if (!value.isString()) return SecretBytes(bytes_from_js(value, "key", true));
  const SecretBytes hex = secret_member(args, "key");
  return SecretBytes(from_hex(std::string_view(reinterpret_cast<const char*>(hex.data()), hex.size()), "key"));
}

// Two forms: { password, key } with the decrypted ticket key (16 bytes or 32 hex digits), or
// { password, ticketKey, accessKey }. A mix is refused rather than guessed at.
val encrypt_password(const val& args, const val&, const val&) {
  require_object(args, "");
  const std::optional<LockType> lock_type = optional_lock_type(args);
  const bool has_key = !is_absent(member(args, "key"));
  if (has_key && (!is_absent(member(args, "ticketKey")) || !is_absent(member(args, "accessKey")))) {
    throw_invalid("key", "give either key (the decrypted ticket key) or ticketKey with accessKey, not both");
  }
  if (has_key) {
    const SecretBytes key = key_member(args);
    const SecretBytes password = secret_member(args, "password");
    const std::string_view digits(reinterpret_cast<const char*>(password.data()), password.size());
    return val(crypto::encrypt_password_with_key(digits, key, lock_type));
  }
  const SecretBytes access_key = secret_member(args, "accessKey");
  const std::string ticket_key = string_member(args, "ticketKey", true);
  const SecretBytes password = secret_member(args, "password");
  const std::string_view digits(reinterpret_cast<const char*>(password.data()), password.size());
  return val(crypto::encrypt_password(digits, ticket_key, access_key, lock_type));
}

val generate_password(const val& args, const val&, const val&) {
  require_object(args, "");
  const std::string name = string_member(args, "lockType", true);
  return val(crypto::generate_password(parse_lock_type(name, "lockType"), module_random()));
}

val random_bytes(const val& length, const val&, const val&) {
  if (!length.isNumber()) throw_invalid("length", "must be a number");
  const double size = length.as<double>();
  if (!(size >= 0 && size <= 65536) || static_cast<double>(static_cast<size_t>(size)) != size) {
    throw_invalid("length", "must be a whole number 0..65536");
  }
  SecretBytes out(static_cast<size_t>(size));
  module_random().fill(out.data(), out.size());
  return bytes_to_js(out.data(), out.size());
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_crypto) {
  emscripten::function("dl$decryptTicketKey", &bind1<&decrypt_ticket_key>);
  emscripten::function("dl$encryptPassword", &bind1<&encrypt_password>);
  emscripten::function("dl$generatePassword", &bind1<&generate_password>);
  emscripten::function("dl$randomBytes", &bind1<&random_bytes>);
}

}  // namespace doorlock::wasm
