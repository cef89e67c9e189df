// The emulated home: one cloud emulator and, for each of its Bluetooth locks, a simulated lock
// built from the same device record (device id, local key, uuid, protocol), so that what the
// cloud issues (check codes, unlock instructions, password records) is what the lock accepts.
// The emulator is linked to the simulators: it reads the srand of a lock's current connection
// to build its unlock instructions in that connection's session key, as a frame the lock reads.
//
//   const home = await createHome({ clock?, mtu?, server?: { port?, accessId? } });
//   home.emulator          the cloud emulator (handle, state, executionsOf, ...)
//   home.transport         an in-process transport to it (send({ action, params }))
//   home.url               the HTTP endpoint when `server` was given
//   home.locks[deviceId]   the simulated lock (tools/lock-simulator)
//   home.devices           [{ deviceId, lockType, name, localKey, uuid, devId, protocol, mtu,
//                             checkCode, devUnlockId, memberId }] of the simulated locks
//   await home.close()
import { createCloudEmulator, createInProcessTransport, startCloudEmulator } from '../cloud-emulator/index.mjs';
import { loadLockSimulator } from '../lock-simulator/js/index.mjs';

// Lock types that talk to the phone over Bluetooth in this home.
export const BLE_LOCK_TYPES = Object.freeze(['ble']);

// What an app needs to connect to a simulated lock, read from the cloud's device record.
function bleDevice(record, mtu) {
  return {
    deviceId: record.id,
    lockType: record.lockType,
    name: record.name,
    localKey: record.local_key,
    uuid: record.uuid,
    devId: record.id,
    protocol: record.bleProtocol,
    mtu,
    checkCode: record.issuedRandom,
    devUnlockId: record.devUnlockId,
    memberId: record.bleMemberId,
  };
}

// options: { clock?: () => ms, protocol?: 3 | 4, mtu?: 20..244, server?: { port?, accessId? },
//            moduleDir?, randomBytes? } (protocol: the Bluetooth locks' version, 3 unless given).
export async function createHome(options = {}) {
  const { clock = () => Date.now(), protocol, mtu = 20, server, moduleDir, randomBytes } = options;
  if (typeof clock !== 'function') throw new TypeError('clock must be a function returning Unix milliseconds');
  if (protocol !== undefined && protocol !== 3 && protocol !== 4) throw new TypeError('protocol must be 3 or 4');
  const { createLockSimulator } = await loadLockSimulator({ moduleDir, randomBytes });
  const locks = {};
  const srandOf = (deviceId) => {
    const lock = locks[deviceId];
    if (!lock) return null;
    const state = lock.state();
    return state.connected && state.srand ? state.srand : null;
  };
  const emulator = createCloudEmulator({ clock, bleSrandOf: srandOf });
  const records = Object.values(emulator.state.devices).filter((record) => BLE_LOCK_TYPES.includes(record.lockType));
  for (const record of records) {
    if (protocol !== undefined) record.bleProtocol = protocol;
    // The simulated lock starts with no credentials, so the cloud starts with none recorded for
    // it either: every password and unlock method of this lock is one created through both.
    record.tempPasswords = [];
    record.opmodes = [];
  }
  const devices = records.map((record) => bleDevice(record, mtu));
  for (const device of devices) {
    // A lock fresh from pairing: bound to the home, no host holding a check code yet (the
    // first DP 70 sets the cloud's code into slot dev_unlock_id), on the home's clock.
    locks[device.deviceId] = createLockSimulator({
      localKey: device.localKey,
      uuid: device.uuid,
      devId: device.devId,
      protocol: device.protocol,
      mtu,
      bound: true,
      now: () => clock() / 1000,
    });
  }
  const running = server ? await startCloudEmulator({ ...server, emulator, clock }) : null;
  let closed = false;
  return {
    emulator,
    transport: createInProcessTransport(emulator),
    url: running ? running.url : undefined,
    accessKey: emulator.accessKey,
    accessId: running ? running.accessId : undefined,
    homeId: emulator.homeId,
    locks,
    devices,
    async close() {
      if (closed) return;
      closed = true;
      if (running) await running.close();
      for (const lock of Object.values(locks)) lock.close();
    },
  };
}
