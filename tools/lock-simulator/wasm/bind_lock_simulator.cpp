// The lock simulator module's bindings: lockSimulator.create / connect / disconnect / receive /
// nextDue / takeDue / pressKeypad / report / state / passwords / log / events / clearEvents / close.
// A simulator lives in a table under a numeric id that the JavaScript wrapper
// (tools/lock-simulator/js/index.mjs) owns and frees in close(), so no Embind handle reaches users.
// Every call passes the host's time (`now`, Unix seconds, fractions kept as milliseconds for the
// delayed reports), which the lock's RTC follows: the lock never calls back into JavaScript.
#include <emscripten/bind.h>

#include <cmath>
#include <map>
#include <memory>

#include "doorlock/ble/dp_json.h"
#include "host_random.h"
#include "lock_simulator_json.h"
#include "marshal.h"

namespace doorlock::wasm {

namespace {

struct Instance {
  int64_t now = 0;     // Unix seconds
  int64_t now_ms = 0;  // the same moment in milliseconds
  std::unique_ptr<sim::LockSimulator> lock;
};

std::map<int, std::unique_ptr<Instance>>& instances() {
  static std::map<int, std::unique_ptr<Instance>> table;
  return table;
}

double checked_seconds(const val& now) {
  if (!now.isNumber()) throw_invalid("now", "must be Unix seconds");
  const double seconds = now.as<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 4294967295.0) throw_invalid("now", "must be Unix seconds");
  return seconds;
}

int64_t seconds_from(const val& now) { return static_cast<int64_t>(std::floor(checked_seconds(now))); }

void set_time(Instance& instance, const val& now) {
  const double seconds = checked_seconds(now);
  instance.now = static_cast<int64_t>(std::floor(seconds));
  instance.now_ms = static_cast<int64_t>(std::llround(seconds * 1000.0));
}

// The simulator behind `id`, with its clock set to `now`.
sim::LockSimulator& lock_at(const val& id, const val& now) {
  if (!id.isNumber()) throw_invalid("id", "must be a lock simulator id");
  const auto it = instances().find(id.as<int>());
  if (it == instances().end()) throw Error(ErrorCode::InvalidState, "this lock simulator is closed");
  set_time(*it->second, now);
  return *it->second->lock;
}

val packets_to_js(const std::vector<Bytes>& packets) {
  val out = val::array();
  for (size_t i = 0; i < packets.size(); ++i) out.set(i, bytes_to_js(packets[i]));
  return out;
}

val create(val options, val now) {
  return guarded([&] {
    require_object(options, "");
    SecretBytes local_key = secret_member(options, "localKey");
    // Everything but the key crosses as JSON; the key never enters a JSON string.
    val rest = val::global("Object").call<val>("assign", val::object(), options);
    rest.delete_("localKey");
    sim::LockSimulatorOptions parsed = sim::options_from_json(to_json(rest, ""));
    auto instance = std::make_unique<Instance>();
    set_time(*instance, now);
    Instance* raw = instance.get();
    parsed.local_key = std::move(local_key);
    parsed.clock = [raw] { return raw->now; };
    parsed.clock_ms = [raw] { return raw->now_ms; };
    parsed.random = &module_random();
    instance->lock = std::make_unique<sim::LockSimulator>(std::move(parsed));
    static int next_id = 1;
    const int id = next_id++;
    instances().emplace(id, std::move(instance));
    return val(id);
  });
}

val connect(val id, val now) {
  return guarded([&] {
    lock_at(id, now).connect();
    return val::undefined();
  });
}

val disconnect(val id, val now) {
  return guarded([&] {
    lock_at(id, now).disconnect();
    return val::undefined();
  });
}

val receive(val id, val packet, val now) {
  return guarded([&] {
    sim::LockSimulator& lock = lock_at(id, now);
    const Bytes bytes = bytes_from_js(packet, "packet", false);
    return packets_to_js(lock.receive(bytes));
  });
}

// The due time of the first queued report (Unix milliseconds of the lock's clock), or null.
val next_due(val id, val now) {
  return guarded([&] {
    const std::optional<int64_t> due = lock_at(id, now).next_due();
    return due ? val(static_cast<double>(*due)) : val::null();
  });
}

// The packets of the reports due at `at_ms` (default: now).
val take_due(val id, val at_ms, val now) {
  return guarded([&] {
    sim::LockSimulator& lock = lock_at(id, now);
    int64_t moment = instances().at(id.as<int>())->now_ms;
    if (!is_absent(at_ms)) {
      if (!at_ms.isNumber() || !std::isfinite(at_ms.as<double>())) throw_invalid("atMs", "must be milliseconds");
      moment = static_cast<int64_t>(std::floor(at_ms.as<double>()));
    }
    return packets_to_js(lock.take_due(moment));
  });
}

val press_keypad(val id, val pin, val at, val now) {
  return guarded([&] {
    sim::LockSimulator& lock = lock_at(id, now);
    if (!pin.isString()) throw_invalid("pin", "must be a string of digits");
    std::optional<int64_t> moment;
    if (!is_absent(at)) moment = seconds_from(at);
    const sim::KeypadResult result = lock.press_keypad(pin.as<std::string>(), moment);
    val out = from_json(sim::keypad_json(result.outcome));
    out.set("packets", packets_to_js(result.notifications));
    return out;
  });
}

val report(val id, val dps, val with_time, val now) {
  return guarded([&] {
    sim::LockSimulator& lock = lock_at(id, now);
    const std::vector<ble::Dp> list = ble::dps_from_json(to_json(dps, "dps"), "dps");
    if (!is_absent(with_time) && !with_time.isTrue() && !with_time.isFalse()) {
      throw_invalid("withTime", "must be a boolean");
    }
    return packets_to_js(lock.report(list, with_time.isTrue()));
  });
}

val state(val id, val now) {
  return guarded([&] { return from_json(sim::status_json(lock_at(id, now).status())); });
}

val passwords(val id, val now) {
  return guarded([&] { return from_json(sim::passwords_json(lock_at(id, now).store())); });
}

val log(val id, val now) {
  return guarded([&] { return from_json(sim::log_json(lock_at(id, now).store())); });
}

val events(val id, val now) {
  return guarded([&] { return from_json(sim::events_json(lock_at(id, now).events())); });
}

val clear_events(val id, val now) {
  return guarded([&] {
    lock_at(id, now).clear_events();
    return val::undefined();
  });
}

val close(val id) {
  return guarded([&] {
    if (id.isNumber()) instances().erase(id.as<int>());
    return val::undefined();
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(doorlock_lock_simulator) {
  emscripten::function("dl$lockSimulator$create", &create);
  emscripten::function("dl$lockSimulator$connect", &connect);
  emscripten::function("dl$lockSimulator$disconnect", &disconnect);
  emscripten::function("dl$lockSimulator$receive", &receive);
  emscripten::function("dl$lockSimulator$nextDue", &next_due);
  emscripten::function("dl$lockSimulator$takeDue", &take_due);
  emscripten::function("dl$lockSimulator$pressKeypad", &press_keypad);
  emscripten::function("dl$lockSimulator$report", &report);
  emscripten::function("dl$lockSimulator$state", &state);
  emscripten::function("dl$lockSimulator$passwords", &passwords);
  emscripten::function("dl$lockSimulator$log", &log);
  emscripten::function("dl$lockSimulator$events", &events);
  emscripten::function("dl$lockSimulator$clearEvents", &clear_events);
  emscripten::function("dl$lockSimulator$close", &close);
}

}  // namespace doorlock::wasm
