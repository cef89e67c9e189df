// Turns the raw Embind module into the public `dl` object. The bindings register every public
// function as `dl$name` (or `dl$ble$name` for dl.ble.name) and return either a value or an error
// record; this file only nests the names and rethrows error records as DoorlockError. It holds
// no lock logic.
import { DoorlockError } from './errors.mjs';
import { installBle } from './ble/index.mjs';

const PREFIX = 'dl$';
const INTERNAL_PREFIX = 'dl$$'; // raw functions behind JS-side objects (js/src/ble/)

function isErrorRecord(value) {
  return value !== null && typeof value === 'object' && value.$doorlockError === true;
}

function wrapRaw(name, raw) {
  // Embind records the C++ parameter count on the function it exposes.
  const arity = raw.argCount ?? raw.numArguments ?? raw.length;
  const publicName = name.slice(PREFIX.length).split('$').join('.');
  return function callCore(...args) {
    if (args.length > arity) {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', message: `${publicName} takes ${arity} argument(s), got ${args.length}` });
    }
    // Optional trailing arguments arrive in C++ as undefined, where the core decides what is missing.
    while (args.length < arity) args.push(undefined);
    let result;
    try {
      result = raw(...args);
    } catch (cause) {
      // Only Embind's own argument checks can throw here (the bindings catch everything else).
      throw new DoorlockError({ code: 'INTERNAL', message: `${publicName}: ${cause && cause.message}`, cause });
    }
    if (isErrorRecord(result)) throw new DoorlockError(result);
    return result;
  };
}

export function wrapCore(core) {
  const dl = {};
  for (const name of Object.keys(core)) {
    if (!name.startsWith(PREFIX) || name.startsWith(INTERNAL_PREFIX) || typeof core[name] !== 'function') continue;
    const path = name.slice(PREFIX.length).split('$');
    let target = dl;
    for (const part of path.slice(0, -1)) target = target[part] || (target[part] = {});
    target[path[path.length - 1]] = wrapRaw(name, core[name]);
  }
  // Other modules wrapped the same way (the lock simulator) have no BLE session functions.
  if (core[`${INTERNAL_PREFIX}ble$sessionCreate`]) {
    installBle(dl, (name) => wrapRaw(`${INTERNAL_PREFIX}ble$${name}`, core[`${INTERNAL_PREFIX}ble$${name}`]));
  }
  return dl;
}
