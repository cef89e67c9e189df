// The simulator as plain data, for the JavaScript binding and for tests: options read from JSON
// with the JavaScript field names, and the lock's state, stored passwords, log and events written
// back as JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "lock_simulator.h"

namespace doorlock::sim {

// { uuid, devId?, protocol?, mtu?, bound?, timeZone?, checkCode?, masterId?, slaveId?,
//   limits?: { credentials?, temporaryPasswords?, hosts? }, digits?: 'value'|'ascii',
//   layout?: 'sdk'|'fitting'|'named', firmware?: 'current'|'lock-sdk-3.3',
//   windowCheck?: 'minutes'|'firmware-demo', recordDelayMs?, timeRequest?: 'ms'|'date' }. The local
// key, the clocks and the random source are not JSON; the caller sets them. INVALID_ARGUMENT names
// the field.
LockSimulatorOptions options_from_json(const nlohmann::json& input);

nlohmann::json status_json(const LockStatus& status);
// Unlock methods and temporary passwords, with their validity as dl.validityBlock takes it.
nlohmann::json passwords_json(const LockStore& store);
nlohmann::json log_json(const LockStore& store);
nlohmann::json events_json(const std::vector<LockEvent>& events);
nlohmann::json keypad_json(const KeypadOutcome& outcome);

}  // namespace doorlock::sim
