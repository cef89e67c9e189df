// The raw side of dl.ble.session: sessions live in a registry here, keyed by a number that the
// wrapper in js/src/ble/session.mjs owns and releases (close, unbind, or garbage collection).
// The keys never leave this side.
#include <emscripten/bind.h>

#include <memory>
#include <utility>
#include <vector>

#include "ble_marshal.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/instructions.h"
#include "doorlock/ble/session.h"
#include "doorlock/ble/session_options.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "host_random.h"

namespace doorlock::wasm {

namespace {

using ble::Session;

// Few sessions live at once (a lock takes one central at a time), so a list is enough.
struct Entry {
  uint32_t id;
  std::unique_ptr<Session> session;
};

std::vector<Entry>& sessions() {
  static std::vector<Entry> registry;
  return registry;
}

Session* find_session(const val& id) {
  if (!id.isNumber()) return nullptr;
  const uint32_t wanted = id.as<uint32_t>();
  for (Entry& entry : sessions()) {
    if (entry.id == wanted) return entry.session.get();
  }
  return nullptr;
}

Session& session_of(const val& id) {
  if (!id.isNumber()) throw_invalid("session", "is not a session handle");
  Session* session = find_session(id);
  if (session == nullptr) throw_error(ErrorCode::InvalidState, "the session is closed");
  return *session;
}

// Fills the caller's `config`: readers that keep no locals of their own need no exception
// cleanup around each step, which keeps the module small.
void read_session_config(const val& args, const json& options, ble::SessionConfig& config) {
  ble::read_session_options(options, config);
  config.local_key = secret_member(args, "localKey");
}

val session_create(const val& args, const val&, const val&) {
  require_object(args, "");
  const json options = json_without(args, {"localKey"});
  ble::SessionConfig config;
  read_session_config(args, options, config);
  static uint32_t next_id = 1;
  sessions().push_back(Entry{next_id, std::make_unique<Session>(std::move(config), module_random())});
  return val(next_id++);
}

val sent_to_js(ble::SentFrame sent) {
  json out = empty_object();
  entry(out, "sn") = sent.sn;
  entry(out, "packets") = packets_json(std::move(sent.packets));
  return from_json(out);
}

val session_status(const val& id, const val&, const val&) {
  json out = empty_object();
  const Session* session = find_session(id);
  entry(out, "state") = session == nullptr ? "closed" : ble::session_state_name(session->state());
  if (session != nullptr) entry(out, "nextSn") = session->next_sn();
  return from_json(out);
}

val session_start(const val& id, const val&, const val&) { return from_json(packets_json(session_of(id).start())); }

val session_receive(const val& id, const val& packet, const val& now) {
  Session& session = session_of(id);
  const Bytes bytes = bytes_from_js(packet, "packet", true);
  std::optional<uint64_t> now_ms;
  if (!is_absent(now)) {
    now_ms = static_cast<uint64_t>(fields::to_integer(to_json(now, "now"), "now", 0, 9999999999999LL));
  }
  ble::SessionOutput output = session.receive(bytes.data(), bytes.size(), now_ms);
  json out = empty_object();
  entry(out, "write") = packets_json(std::move(output.write));
  entry(out, "events") = std::move(output.events);
  return from_json(out);
}

val session_write_dps(const val& id, const val& dps, const val&) {
  Session& session = session_of(id);
  return sent_to_js(session.write_dps(ble::dps_from_json(to_json(dps, "dps"), "dps")));
}

val session_write_raw_dp(const val& id, const val& config, const val&) {
  Session& session = session_of(id);
  return sent_to_js(session.write_dps({ble::cloud_dp_instruction(to_json(config, "config"), "")}));
}

val session_relay(const val& id, const val& instruction, const val& options) {
  Session& session = session_of(id);
  const Bytes air = ble::cloud_air_frame(to_json(instruction, "instruction"), "instruction");
  std::optional<uint32_t> sn;
  if (!is_absent(options)) {
    const json opts = to_json(options, "options");
    fields::require_object(opts, "options");
    fields::reject_unknown(opts, {"sn"}, "options");
    if (const json* value = fields::find(opts, "sn")) {
      sn = static_cast<uint32_t>(fields::to_integer(*value, "options.sn", 1, UINT32_MAX));
    }
  }
  return sent_to_js(session.relay_air_frame(air, sn));
}

val session_unbind(const val& id, const val&, const val&) { return from_json(packets_json(session_of(id).unbind())); }

// Frees the session (its destructor wipes every key). Freeing twice is harmless.
val session_free(const val& id, const val&, const val&) {
  auto& list = sessions();
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (id.isNumber() && it->id == id.as<uint32_t>()) {
      list.erase(it);
      break;
    }
  }
  return val::undefined();
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_ble_session) {
  using emscripten::function;
  function("dl$$ble$sessionCreate", &bind1<&session_create>);
  function("dl$$ble$sessionStatus", &bind1<&session_status>);
  function("dl$$ble$sessionStart", &bind1<&session_start>);
  function("dl$$ble$sessionReceive", &bind3<&session_receive>);
  function("dl$$ble$sessionWriteDps", &bind2<&session_write_dps>);
  function("dl$$ble$sessionWriteRawDp", &bind2<&session_write_raw_dp>);
  function("dl$$ble$sessionRelay", &bind3<&session_relay>);
  function("dl$$ble$sessionUnbind", &bind1<&session_unbind>);
  function("dl$$ble$sessionFree", &bind1<&session_free>);
}

}  // namespace doorlock::wasm
