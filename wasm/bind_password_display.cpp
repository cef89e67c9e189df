// dl.displayPassword: a cloud-issued code as the lock's keypad expects it typed.
#include <emscripten/bind.h>

#include <string>

#include "doorlock/bytes.h"
#include "doorlock/password_display.h"
#include "marshal.h"

namespace doorlock::wasm {

namespace {

// { password, digitalBase?, hideZero? }. The code travels as a secret (wiped buffers); the
// options go through the core's JSON checks, unknown names included.
val display_password(const val& args, const val&, const val&) {
  require_object(args, "");
  json options = json::object();
  const val keys = val::global("Object").call<val>("keys", args);
  const unsigned count = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < count; ++i) {
    const std::string key = keys[i].as<std::string>();
    if (key == "password") continue;
    const val value = member(args, key.c_str());
    if (!is_absent(value)) options[key] = to_json(value, key);
  }
  const PasswordDisplay display = password_display_from_json(options, "");
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
