// The only place where JavaScript values meet the core: converting between emscripten::val and
// C++ types, and turning core errors into values the JS layer rethrows as DoorlockError.
//
// Conventions every binding follows:
// - A binding takes JS values and returns a JS value; it never returns an Embind handle.
// - It runs its body inside run_guarded(): no C++ exception reaches JavaScript, so a bad call
//   leaves the instance usable. Errors come back as { $doorlockError: true, code, message, field? }.
// - Arguments arrive as plain data that js/src/core-api.mjs copied and size-checked before the
//   call: reading them runs no caller code (no getter or Proxy trap can throw through C++ frames).
// - Type checks happen before any val::as<>() so that Embind never throws from inside C++ frames.
// - Secrets are copied straight into SecretBytes (wiped on scope exit), never through std::string;
//   every other heap block that may have carried one is zeroed when freed (heap_wipe.cpp).
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <new>
#include <nlohmann/json.hpp>
#include <string>

#include "doorlock/bytes.h"
#include "doorlock/error.h"

namespace doorlock::wasm {

using emscripten::val;
using nlohmann::json;

val error_value(const Error& error);
// An INTERNAL error: `message` followed by `detail`.
val internal_error_value(const char* message, const char* detail = "");

template <class Body>
val guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const Error& error) {
    return error_value(error);
  } catch (const std::bad_alloc&) {
    return internal_error_value("out of memory");
  } catch (const std::exception& error) {
    return internal_error_value("internal error: ", error.what());
  } catch (...) {
    return internal_error_value("internal error");
  }
}

// One guarded entry for every binding of the SDK module: bodies are plain functions that may
// throw, and the adapters below give Embind functions of the right arity. Keeping the try/catch
// in one place keeps the module small (each catch site costs landing pads and type matching).
using Body = val (*)(const val&, const val&, const val&);
val run_guarded(Body body, const val& a, const val& b, const val& c) noexcept;

template <Body F>
val bind0() {
  return run_guarded(F, val::undefined(), val::undefined(), val::undefined());
}
template <Body F>
val bind1(val a) {
  return run_guarded(F, a, val::undefined(), val::undefined());
}
template <Body F>
val bind2(val a, val b) {
  return run_guarded(F, a, b, val::undefined());
}
template <Body F>
val bind3(val a, val b, val c) {
  return run_guarded(F, a, b, c);
}

bool is_string(const val& value);
bool is_absent(const val& value);  // undefined or null

// A JS value as JSON: plain objects, arrays, strings, finite numbers, booleans, null; byte arrays
// (Uint8Array, ArrayBuffer) become JSON binary. Anything else (functions, symbols, NaN, cycles
// deeper than 32 levels) is rejected naming `path`.
json to_json(const val& value, const Path& path);
// JSON back to a fresh JS value; binary becomes a new Uint8Array. Objects and arrays a binding
// returns leave the module this way; the measured exceptions are in docs/wasm-boundary.md, "Results".
val from_json(const json& value);
// Adds `value` to the object `object` as a non-enumerable member (it stays out of spreads and
// comparisons): the one thing a JSON result cannot say.
void define_hidden(const val& object, const char* key, const val& value);

// The member `key` of `object`, which must be a plain object (`path` names the argument).
val member(const val& object, const char* key);
void require_object(const val& object, const Path& path);

std::string string_member(const val& object, const char* key, bool required, bool* present = nullptr);

// A secret string member copied as UTF-8 into a buffer that is wiped when dropped.
SecretBytes secret_member(const val& object, const char* key);

// Bytes from a Uint8Array, ArrayBuffer or array of 0..255; when `hex_allowed`, also from hex text.
Bytes bytes_from_js(const val& value, const Path& path, bool hex_allowed);
// A fresh Uint8Array holding a copy (never a view into the wasm heap).
val bytes_to_js(const uint8_t* data, size_t size);
inline val bytes_to_js(const Bytes& bytes) { return bytes_to_js(bytes.data(), bytes.size()); }

}  // namespace doorlock::wasm
