// dl.displayPassword: a cloud-issued code as the lock's keypad expects it typed.
#include <emscripten/bind.h>

#include <string>

#include "ble_marshal.h"
#include "doorlock/bytes.h"
#include "doorlock/password_display.h"

namespace doorlock::wasm {

namespace {

// { password, digitalBase?, hideZero? }. The code travels as a secret (wiped buffers), kept out
// of the JSON the options go through (the core's checks, unknown names included).
val display_password(const val& args, const val&, const val&) {
  const PasswordDisplay display = password_display_from_json(json_without(args, {"password"}), "");
  const val value = member(args, "password");
  if (!is_absent(value) && !value.isString()) throw_invalid("password", "must be a string of decimal digits");
  const SecretBytes password = secret_member(args, "password");
  std::string shown = doorlock::display_password(
      std::string_view(reinterpret_cast<const char*>(password.data()), password.size()), display, "password");
  val out(shown);
  wipe(shown);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_password_display) {
  emscripten::function("dl$displayPassword", &bind1<&display_password>);
}

}  // namespace doorlock::wasm
