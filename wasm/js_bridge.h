// JavaScript helpers compiled into the glue (EM_JS). Each moves one whole value across the
// boundary in a single call, where Embind's val API would cross once per property, type check and
// reference count: that difference is most of the cost of a small call.
#pragma once

#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>

using emscripten::EM_VAL;

namespace doorlock::wasm::bridge {
inline constexpr int kAbsent = -1;
inline constexpr int kNotString = -2;
inline constexpr int kNotBytes = -1;
inline constexpr int kBadByteAt = -2;
}  // namespace doorlock::wasm::bridge

// Member `key` of `object` as UTF-8 written straight into `out` (so no unwiped copy of a secret is
// left on the heap). Returns the byte length (written only when it is < capacity, which leaves room
// for the terminator), kAbsent for undefined/null, kNotString for anything else.
extern "C" int dl_js_read_string_member(EM_VAL object, const char* key, char* out, int capacity);

// The value in the bridge's value encoding (value_encoding.h), in a malloc'd buffer the caller
// frees. On a value that is not plain data the buffer holds "<path>\n<reason>" and *failed is set.
extern "C" uint8_t* dl_js_encode_value(EM_VAL value, int* length, int* failed);

// A fresh JS value from the value encoding.
extern "C" EM_VAL dl_js_decode_value(const uint8_t* data, int length);

// Defines `key` on `object` as a non-enumerable, read-only member holding `value`.
extern "C" void dl_js_define_hidden(EM_VAL object, const char* key, EM_VAL value);

// A fresh Uint8Array copy of heap bytes.
extern "C" EM_VAL dl_js_bytes(const uint8_t* data, int length);

// Bytes of a Uint8Array / ArrayBuffer / array of 0..255 into a malloc'd buffer the caller frees.
// Returns the buffer and sets *length, or returns null with *length = kNotBytes (or kBadByteAt - index
// for a bad array item).
extern "C" uint8_t* dl_js_read_bytes(EM_VAL value, int* length);

// 1 for a plain object ({...}), 0 for anything else (arrays, null, class instances, primitives).
extern "C" int dl_js_is_plain_object(EM_VAL value);
