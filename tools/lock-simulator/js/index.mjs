// Node loader of the lock simulator module (lock_simulator.{js,wasm}, built by the wasm preset into
// build/wasm/tools/lock-simulator/). Test tooling only: it is not part of the doorlock-wasm package.
//
//   const { createLockSimulator } = await loadLockSimulator();
//   const lock = createLockSimulator({ localKey, uuid, devId, protocol: 3, mtu: 20, checkCode: '12345678' });
//   lock.connect();
//   const notifications = lock.receive(packet);   // Uint8Array[] the lock notifies at once
//   const due = lock.nextDue();                    // { atMs, inMs } of a queued report, or null
//   const later = lock.takeDue(due.atMs);          // what it sends ~200 ms later (the unlock record)
//   lock.close();
//
// The lock's RTC follows `now()` (Unix seconds, fractions allowed; default: the system clock) until
// a time sync shifts it; delayed reports fall due on the same clock, in milliseconds. Errors are
// DoorlockErrors, as in the SDK.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DoorlockError } from '../../../js/src/errors.mjs';
import { instantiate } from '../../../js/src/instantiate.mjs';
import { entropyFromRandomBytes } from '../../../js/src/random.mjs';
import { nodeEntropy } from '../../../js/src/node-entropy.mjs';

export { DoorlockError };

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const defaultModuleDir = join(repoRoot, 'build', 'wasm', 'tools', 'lock-simulator');

const systemSeconds = () => Date.now() / 1000;

// options: { moduleDir?, wasmBinary?, randomBytes? } (randomBytes as for loadDoorlock).
export async function loadLockSimulator(options = {}) {
  const moduleDir = options.moduleDir || defaultModuleDir;
  // The same loading and error mapping as the SDK's module: dl$lockSimulator$x becomes api.x.
  let createModule;
  let wasmBinary;
  try {
    createModule = createRequire(import.meta.url)(join(moduleDir, 'lock_simulator.js'));
    wasmBinary = options.wasmBinary || readFileSync(join(moduleDir, 'lock_simulator.wasm'));
  } catch (cause) {
    throw new DoorlockError({ code: 'LOAD_FAILED', message: `no lock simulator in ${moduleDir} (build the wasm preset)`, cause });
  }
  const hostEntropy = options.randomBytes === undefined ? nodeEntropy : entropyFromRandomBytes(options.randomBytes);
  const api = (await instantiate(createModule, { wasmBinary, hostEntropy }, undefined, 'the lock simulator')).lockSimulator;

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
      // When the first queued report falls due: { atMs } on the lock's clock and { inMs } from now,
      // or null when none waits.
      nextDue: () => {
        const seconds = clock();
        const atMs = api.nextDue(id, seconds);
        return atMs === null ? null : { atMs, inMs: Math.max(0, atMs - Math.round(seconds * 1000)) };
      },
      // The packets of the queued reports due at atMs (default: now on the lock's clock).
      takeDue: (atMs) => api.takeDue(id, atMs, clock()),
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
