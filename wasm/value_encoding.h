// The bridge's value encoding: how a JavaScript value crosses into the core (and back) in one
// buffer (js_bridge.h moves it on the JS side). Pure C++ with no Emscripten header, so that the
// reader, which takes whatever a caller's value turned into, can also be fuzzed natively.
//
// A tag byte, then
//   0 null | 1 false | 2 true | 3 number: float64 LE | 4 string: u32 LE length, UTF-8
//   5 bytes: u32 length, raw | 6 array: u32 count, values | 7 object: u32 count, (string key, value)...
// It exists so that no JSON text parser or printer has to be linked into the module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "doorlock/bytes.h"

namespace doorlock::wasm {

namespace bridge {
enum Tag : uint8_t { kNull = 0, kFalse = 1, kTrue = 2, kNumber = 3, kString = 4, kBytes = 5, kArray = 6, kObject = 7 };
}  // namespace bridge

// One encoded value as JSON. Whole numbers up to 2^53 become integers, bytes become JSON binary.
// INTERNAL on a truncated buffer or an unknown tag: the JS encoder never writes those, so they
// mean a bug, not a bad argument.
nlohmann::json read_value(const uint8_t* data, size_t size);

// JSON in the encoding (binary becomes bytes, numbers float64).
Bytes write_value(const nlohmann::json& value);

}  // namespace doorlock::wasm
