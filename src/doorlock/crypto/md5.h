// MD5 over mbedTLS: the BLE key derivations (ble-protocol.md §3.2) are MD5 of key material.
#pragma once

#include <cstddef>
#include <cstdint>

#include "doorlock/bytes.h"

namespace doorlock::crypto {

// The raw 16-byte digest, in a buffer that is wiped when dropped (the digests here are keys).
SecretBytes md5(const uint8_t* data, size_t size);

}  // namespace doorlock::crypto
