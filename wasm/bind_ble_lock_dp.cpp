// dl.ble.lockDp.*: builders return a DP { id, type, value } ready for writeDps; parsers read the
// lock's reply in the same DP. Layout variants travel in the arguments (layout, digits).
#include <emscripten/bind.h>

#include "ble_marshal.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/lock_dp_catalog.h"
#include "doorlock/ble/lock_dp_facts.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"

namespace doorlock::wasm {

namespace {

using ble::lock_dp::Message;

// Warnings ride on the DP as a non-enumerable `warnings` array: the DP still compares, spreads and
// serialises as { id, type, value }, and writeDps/encodeDps take it unchanged.
val with_warnings(val dp, const std::vector<ble::lock_dp::Warning>& warnings) {
  json list = empty_array();
  for (const ble::lock_dp::Warning& warning : warnings) {
    json& item = append_object(list);
    entry(item, "code") = warning.code;
    entry(item, "field") = warning.field;
    entry(item, "message") = warning.message;
  }
  define_hidden(dp, "warnings", from_json(list));
  return dp;
}

val build_request(Message message, const val& args) {
  json input = to_json(args, "");
  const ble::lock_dp::Options options = ble::lock_dp::take_options(input, "");
  const ble::lock_dp::BuiltRequest built = ble::lock_dp::build_request(message, input, options);
  return with_warnings(from_json(ble::dp_to_json(built.dp)), built.warnings);
}

// The reply value from a Uint8Array, hex text or a DP object { id, type, value } (a dps event item).
Bytes reply_value(const val& value, const char* path, uint8_t* dp_id) {
  if (!value.isString() && value.typeOf().as<std::string>() == "object" && !value.isNull() &&
          value.isArray() == false && !value.instanceof
      (val::global("Uint8Array")) && !value.instanceof (val::global("ArrayBuffer"))) {
    const json dp = to_json(value, path);
    const ble::Dp parsed = ble::dp_from_json(dp, path);
    if (dp_id != nullptr) *dp_id = parsed.id;
    return parsed.value;
  }
  return bytes_from_js(value, path, true);
}

val parse_reply(Message message, const val& value, const val& options) {
  json opts = is_absent(options) ? empty_object() : to_json(options, "options");
  const ble::lock_dp::Options parsed = ble::lock_dp::take_options(opts, "options");
  if (opts.is_object() && !opts.empty()) {
    throw_invalid(Path("options").member(std::string_view(opts.begin().key())), "is not an option here");
  }
  const Bytes bytes = reply_value(value, "value", nullptr);
  return from_json(ble::lock_dp::decode_reply(message, bytes.data(), bytes.size(), parsed));
}

template <Message M>
val build(const val& args, const val&, const val&) {
  return build_request(M, args);
}

template <Message M>
val parse(const val& value, const val& options, const val&) {
  return parse_reply(M, value, options);
}

// Any lock DP reply by its id (e.g. from a dps event): { dp, kind, ...fields, ok, status }.
val parse_any_reply(const val& dp, const val& options, const val&) {
  {
    uint8_t id = 0;
    const Bytes bytes = reply_value(dp, "dp", &id);
    if (id == 0) throw_invalid("dp", "must be a DP { id, type, value }");
    const auto message = ble::lock_dp::message_for_dp(id);
    if (!message) throw_invalid("dp.id", "is not a lock DP with a reply layout");
    json opts = is_absent(options) ? empty_object() : to_json(options, "options");
    const ble::lock_dp::Options parsed = ble::lock_dp::take_options(opts, "options");
    json out = ble::lock_dp::decode_reply(*message, bytes.data(), bytes.size(), parsed);
    entry(out, "dp") = id;
    entry(out, "kind") = ble::lock_dp::message_name(*message);
    return from_json(out);
  }
}

// What a host needs to run lock DPs as commands (lock_dp_facts.h).
val facts(const val&, const val&, const val&) { return from_json(ble::lock_dp::facts_json()); }

// Whether the reply DP repeats the request DP's echoed bytes: true, false, or null when this DP's
// reply repeats nothing.
val reply_answers(const val& request, const val& reply, const val&) {
  uint8_t request_id = 0;
  uint8_t reply_id = 0;
  Bytes asked = reply_value(request, "request", &request_id);
  Bytes answered = reply_value(reply, "reply", &reply_id);
  if (request_id == 0) throw_invalid("request", "must be a DP { id, type, value }");
  if (reply_id == 0) throw_invalid("reply", "must be a DP { id, type, value }");
  std::optional<bool> answers;
  if (request_id == reply_id) {
    answers = ble::lock_dp::reply_answers(request_id, asked.data(), asked.size(), answered.data(), answered.size());
  } else {
    answers = false;
  }
  wipe(asked);  // a DP 70/71 request holds the check code
  wipe(answered);
  return answers ? val(*answers) : val::null();
}
// The tables as data (the generated lock-DP types are rendered from this).
val messages(const val&, const val&, const val&) { return from_json(ble::lock_dp::describe_messages()); }

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_ble_lock_dp) {
  using emscripten::function;
  function("dl$ble$lockDp$createUnlockMethod", &bind1<&build<Message::CreateUnlockMethod>>);
  function("dl$ble$lockDp$deleteUnlockMethod", &bind1<&build<Message::DeleteUnlockMethod>>);
  function("dl$ble$lockDp$modifyUnlockMethod", &bind1<&build<Message::ModifyUnlockMethod>>);
  function("dl$ble$lockDp$createTemporaryPassword", &bind1<&build<Message::CreateTemporaryPassword>>);
  function("dl$ble$lockDp$deleteTemporaryPassword", &bind1<&build<Message::DeleteTemporaryPassword>>);
  function("dl$ble$lockDp$modifyTemporaryPassword", &bind1<&build<Message::ModifyTemporaryPassword>>);
  function("dl$ble$lockDp$syncMethods", &bind1<&build<Message::SyncMethods>>);
  function("dl$ble$lockDp$configureRemoteUnlock", &bind1<&build<Message::RemoteUnlockConfig>>);
  function("dl$ble$lockDp$remoteUnlock", &bind1<&build<Message::RemoteUnlock>>);
  function("dl$ble$lockDp$setT0", &bind1<&build<Message::SetT0>>);
  function("dl$ble$lockDp$setCheckCode", &bind1<&build<Message::SetCheckCode>>);
  function("dl$ble$lockDp$unlockCheck", &bind1<&build<Message::UnlockCheck>>);

  function("dl$ble$lockDp$parseCreateUnlockMethodReply", &bind2<&parse<Message::CreateUnlockMethod>>);
  function("dl$ble$lockDp$parseDeleteUnlockMethodReply", &bind2<&parse<Message::DeleteUnlockMethod>>);
  function("dl$ble$lockDp$parseModifyUnlockMethodReply", &bind2<&parse<Message::ModifyUnlockMethod>>);
  // One parser for DP 51/52/53: the three replies share hardId | result (status names from 51).
  function("dl$ble$lockDp$parseTemporaryPasswordReply", &bind2<&parse<Message::CreateTemporaryPassword>>);
  function("dl$ble$lockDp$parseSyncMethodsReply", &bind2<&parse<Message::SyncMethods>>);
  function("dl$ble$lockDp$parseRemoteUnlockConfigReply", &bind2<&parse<Message::RemoteUnlockConfig>>);
  function("dl$ble$lockDp$parseRemoteUnlockReply", &bind2<&parse<Message::RemoteUnlock>>);
  function("dl$ble$lockDp$parseCheckCodeReply", &bind2<&parse<Message::SetCheckCode>>);
  function("dl$ble$lockDp$parseUnlockCheckReply", &bind2<&parse<Message::UnlockCheck>>);
  function("dl$ble$lockDp$parseReply", &bind2<&parse_any_reply>);
  function("dl$ble$lockDp$facts", &bind0<&facts>);
  function("dl$ble$lockDp$replyAnswers", &bind2<&reply_answers>);
  function("dl$ble$lockDp$messages", &bind0<&messages>);
}

}  // namespace doorlock::wasm
