// Node loader of the lock simulator module (lock_simulator.{js,wasm}, built by the wasm preset into
// build/wasm/tools/lock-simulator/). Test tooling only: it is not part of the doorlock-wasm package.
//
//   const { createLockSimulator } = await loadLockSimulator();
//   const lock = createLockSimulator({ localKey, uuid, devId, protocol: 3, mtu: 20, checkCode: '12345678' });
//   lock.connect();
//   const notifications = lock.receive(packet);   // Uint8Array[] the lock notifies in answer
//   lock.close();
//
// The lock's RTC follows `now()` (Unix seconds, default: the system clock) until a time sync
// shifts it. Errors are DoorlockErrors, as in the SDK.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomFillSync } from 'node:crypto';
import { DoorlockError } from '../../../js/src/errors.mjs';
import { entropyFromRandomBytes } from '../../../js/src/random.mjs';

export { DoorlockError };

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const defaultModuleDir = join(repoRoot, 'build', 'wasm', 'tools', 'lock-simulator');

function nodeEntropy(view) {
  try {
    randomFillSync(view);
    return true;
  } catch {
    return false;
  }
}

const systemSeconds = () => Math.floor(Date.now() / 1000);

// The bindings return an error record instead of throwing (the SDK's convention, wasm/marshal.h);
// here it becomes a DoorlockError. The wrapper below always passes every argument.
function bindings(raw) {
  const api = {};
  for (const name of ['create', 'connect', 'disconnect', 'receive', 'pressKeypad', 'report', 'state', 'passwords',
    'log', 'events', 'clearEvents', 'close']) {
    const fn = raw[`dl$lockSimulator$${name}`];
    api[name] = (...args) => {
      let result;
      try {
        result = fn(...args);
      } catch (cause) {
        throw new DoorlockError({ code: 'INTERNAL', message: `lockSimulator.${name}: ${cause && cause.message}`, cause });
      }
      if (result !== null && typeof result === 'object' && result.$doorlockError === true) throw new DoorlockError(result);
      return result;
    };
  }
  return api;
}

// options: { moduleDir?, wasmBinary?, randomBytes? } (randomBytes as for loadDoorlock).
export async function loadLockSimulator(options = {}) {
  const moduleDir = options.moduleDir || defaultModuleDir;
  let raw;
  try {
    const createModule = createRequire(import.meta.url)(join(moduleDir, 'lock_simulator.js'));
    raw = await createModule({
      print() {},
      printErr() {},
      wasmBinary: options.wasmBinary || readFileSync(join(moduleDir, 'lock_simulator.wasm')),
      hostEntropy: options.randomBytes === undefined ? nodeEntropy : entropyFromRandomBytes(options.randomBytes),
    });
  } catch (cause) {
    throw new DoorlockError({
      code: 'LOAD_FAILED',
      message: `could not load the lock simulator from ${moduleDir} (build the wasm preset): ${cause && cause.message}`,
      cause,
    });
  }
  const api = bindings(raw);

  // A simulated lock as a plain object. Its memory is freed by close(); later calls throw
  // INVALID_STATE.
  function createLockSimulator(lockOptions = {}) {
    const { now, ...rest } = lockOptions;
    if (now !== undefined && typeof now !== 'function') {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'now', message: 'now must be a function returning Unix seconds' });
    }
    const clock = now || systemSeconds;
    const id = api.create(rest, clock());
    return {
      connect: () => api.connect(id, clock()),
      disconnect: () => api.disconnect(id, clock()),
      receive: (packet) => api.receive(id, packet, clock()),
      pressKeypad: (pin, atUnixSeconds) => api.pressKeypad(id, pin, atUnixSeconds, clock()),
      report: (dps, { withTime = false } = {}) => api.report(id, dps, withTime, clock()),
      state: () => api.state(id, clock()),
      passwords: () => api.passwords(id, clock()),
      log: () => api.log(id, clock()),
      events: () => api.events(id, clock()),
      clearEvents: () => api.clearEvents(id, clock()),
      close: () => api.close(id),
    };
  }

  return { createLockSimulator };
}
