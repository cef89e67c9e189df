// The module's one DRBG, fed by the entropy function the JS loader hands to the module factory as
// Module.hostEntropy(view) -> boolean (it fills a Uint8Array view of the wasm heap).
#pragma once

#include "doorlock/crypto/random.h"

namespace doorlock::wasm {

crypto::Drbg& module_random();

}  // namespace doorlock::wasm
