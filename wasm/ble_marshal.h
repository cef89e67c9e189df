// Conversions the BLE bindings share: arguments that mix secrets (kept out of JSON, which would
// copy them into strings nobody wipes) with plain fields, bytes given as Uint8Array or hex, and
// packet lists.
#pragma once

#include <initializer_list>
#include <vector>

#include "marshal.h"

namespace doorlock::wasm {

// `object` as JSON, without the members named in `secrets`.
json json_without(const val& object, std::initializer_list<const char*> secrets);

// A string member as a secret, or an empty buffer when it is absent.
SecretBytes optional_secret(const val& object, const char* key);

// A required byte member (Uint8Array or hex) of exactly `size` bytes, kept as a secret.
SecretBytes secret_bytes_member(const val& object, const char* key, size_t size);

// Bytes from a JSON member: binary (a Uint8Array) or hex text.
Bytes json_bytes(const json& value, const Path& path);

// Packets as a JSON array of binary (Uint8Array on the JavaScript side).
json packets_json(std::vector<Bytes> packets);

}  // namespace doorlock::wasm
