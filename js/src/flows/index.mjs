// The flows a lock app runs for one lock, composed from the cloud client (dl.cloud.createClient)
// and a connected Bluetooth lock (connectLock): the check code and the unlock, the unlock with a
// cloud-built frame, and temporary passwords the way Tuya's own panel keeps lock and cloud in step
// (docs/flows.md). Nothing here speaks the protocol: the core builds and parses every DP and request.
//
//   const door = dl.flows.forLock({ client, deviceId, lock, memberId, delivery: 'ble' });
//   await door.unlock();                       // getIssuedConfig -> DP 70 -> DP 71
//   const { passwordId, hardId } = await door.createPassword({ name, password, validity });
import { DoorlockError } from '../errors.mjs';
import { checkCodeFlows } from './check-code.mjs';
import { passwordFlows } from './passwords.mjs';

export const DELIVERIES = Object.freeze(['ble', 'gateway']);

const invalid = (field, message) => new DoorlockError({ code: 'INVALID_ARGUMENT', field, message: `${field}: ${message}` });

// options: { dl, client, deviceId, lock?, memberId?, delivery = 'ble', lockType = client's or 'ble' }.
export function forLock(options) {
  if (options === null || typeof options !== 'object') throw invalid('options', 'forLock takes { client, deviceId, lock?, memberId?, delivery? }');
  const { dl, client, deviceId, lock = null, memberId, delivery = 'ble' } = options;
  if (!dl || typeof dl.buildSchedule !== 'function') throw invalid('dl', 'expected the object loadDoorlock() resolves to');
  if (!client || typeof client.call !== 'function' || typeof client.createTemporaryPassword !== 'function') {
    throw invalid('client', 'expected a cloud client (dl.cloud.createClient)');
  }
  if (typeof deviceId !== 'string' || deviceId === '') throw invalid('deviceId', "the lock's cloud device id");
  if (!DELIVERIES.includes(delivery)) throw invalid('delivery', "'ble' (the phone carries every change over Bluetooth) or 'gateway' (the cloud delivers)");
  if (lock !== null && (typeof lock.writeDps !== 'function' || typeof lock.unlock !== 'function')) {
    throw invalid('lock', 'expected a connected lock (connectLock)');
  }
  if (memberId !== undefined && (!Number.isInteger(memberId) || memberId < 0 || memberId > 255)) {
    throw invalid('memberId', "the lock user id (doorLock.listUsers' lock_user_id), 0..255");
  }
  const lockType = options.lockType ?? client.lockType ?? 'ble';
  const ctx = {
    dl,
    client,
    deviceId,
    delivery,
    lockType,
    memberId,
    // The connection a Bluetooth step needs; a gateway lock never touches one.
    lock(operation) {
      if (!lock) throw invalid('lock', `${operation} needs the connected lock (forLock({ lock }))`);
      return lock;
    },
  };
  const checkCode = checkCodeFlows(ctx);
  const passwords = passwordFlows(ctx);
  return Object.freeze({
    deviceId,
    delivery,
    lock,
    prepareCheckCode: checkCode.prepareCheckCode,
    unlock: checkCode.unlock,
    unlockWithCloudInstruction: checkCode.unlockWithCloudInstruction,
    forgetCheckCode: checkCode.forgetCheckCode,
    get hasCheckCode() {
      return checkCode.hasCheckCode;
    },
    createPassword: passwords.createPassword,
    modifyPassword: passwords.modifyPassword,
    deletePassword: passwords.deletePassword,
    findCloudPassword: passwords.findCloudPassword,
  });
}

// dl.flows, on the loaded module.
export function attachFlows(dl) {
  dl.flows = { forLock: (options) => forLock({ ...(options || {}), dl }), deliveries: DELIVERIES };
  return dl;
}
