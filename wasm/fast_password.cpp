// dl.encryptPassword's and dl.decryptTicketKey's fast path: plain C exports that js/src/fast-password.mjs calls with
// the arguments already written into a scratch area of wasm memory. It calls only noexcept functions and holds nothing
// with a destructor, and the AES below them is compiled without exceptions (src/doorlock/crypto/aes_block.cpp), so a
// call enters wasm once: no Embind, no value bridge, none of the JS trampolines that Emscripten's JS-based C++
// exceptions put around calls that may throw. A refusal comes back as a number; the JS side then takes the general
// path, which raises it as a DoorlockError.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "doorlock/crypto/ticket.h"
#include "doorlock/lock_type.h"

namespace doorlock::wasm {
namespace {

// Not a refusal of the core: input this path does not decide (the general path does).
constexpr int kTakeGeneralPath = 100;

// Laid out by js/src/fast-password.mjs; the JS side wipes what it wrote after every call.
constexpr size_t kScratchSize = 512;
alignas(16) uint8_t scratch[kScratchSize];

std::string_view text(const char* data, size_t size) { return std::string_view(data, size); }

// lock_type null: not given.
bool lock_type_of(const char* lock_type, size_t lock_type_size, std::optional<LockType>* out) {
  if (lock_type == nullptr) return true;
  *out = find_lock_type(text(lock_type, lock_type_size));
  return out->has_value();
}

}  // namespace
}  // namespace doorlock::wasm

using doorlock::LockType;
using doorlock::wasm::kTakeGeneralPath;

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* dl_password_scratch() { return doorlock::wasm::scratch; }
EMSCRIPTEN_KEEPALIVE size_t dl_password_scratch_size() { return doorlock::wasm::kScratchSize; }

// { password, ticketKey, accessKey, lockType? }: 0 and the 32 hex digits at `out`, or non-zero.
EMSCRIPTEN_KEEPALIVE int dl_encrypt_password(const char* password, size_t password_size, const char* ticket_key,
                                             size_t ticket_key_size, const uint8_t* access_key, size_t access_key_size,
                                             const char* lock_type, size_t lock_type_size, char* out) {
  std::optional<LockType> type;
  if (!doorlock::wasm::lock_type_of(lock_type, lock_type_size, &type)) return kTakeGeneralPath;
  return static_cast<int>(doorlock::crypto::encrypt_password_into(doorlock::wasm::text(password, password_size),
                                                                  doorlock::wasm::text(ticket_key, ticket_key_size),
                                                                  access_key, access_key_size, type, out));
}

// { password, key, lockType? }: the key as 16 bytes, or (key_is_hex) as 32 hex digits.
EMSCRIPTEN_KEEPALIVE int dl_encrypt_password_with_key(const char* password, size_t password_size, const uint8_t* key,
                                                      size_t key_size, int key_is_hex, const char* lock_type,
                                                      size_t lock_type_size, char* out) {
  std::optional<LockType> type;
  if (!doorlock::wasm::lock_type_of(lock_type, lock_type_size, &type)) return kTakeGeneralPath;
  uint8_t decoded[doorlock::crypto::kInnerKeySize];
  if (key_is_hex != 0) {
    const std::string_view hex = doorlock::wasm::text(reinterpret_cast<const char*>(key), key_size);
    if (hex.size() != 2 * sizeof decoded || doorlock::decode_hex_into(hex, decoded) >= 0) {
      doorlock::wipe(decoded, sizeof decoded);
      return kTakeGeneralPath;
    }
    key = decoded;
    key_size = sizeof decoded;
  }
  const int status = static_cast<int>(
      doorlock::crypto::encrypt_password_into(doorlock::wasm::text(password, password_size), key, key_size, type, out));
  doorlock::wipe(decoded, sizeof decoded);
  return status;
}

// { ticketKey, accessKey }: 0 and the 16-byte inner key at `out`, or non-zero.
EMSCRIPTEN_KEEPALIVE int dl_decrypt_ticket_key(const char* ticket_key, size_t ticket_key_size,
                                               const uint8_t* access_key, size_t access_key_size, uint8_t* out) {
  return static_cast<int>(doorlock::crypto::decrypt_ticket_key_into(doorlock::wasm::text(ticket_key, ticket_key_size),
                                                                    access_key, access_key_size, out));
}

}  // extern "C"
