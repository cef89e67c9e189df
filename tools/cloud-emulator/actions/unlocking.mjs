// Opening the door: remote unlocking with and without a password, its settings, and the pieces a
// phone needs to unlock a Bluetooth lock (issued random, signed instruction, sync gate).
import { createHmac, randomInt } from 'node:crypto';
import { bool, codeList, integer, oneOf, optional, required, text } from '../checks.mjs';
import { fail } from '../failures.mjs';
import { decryptPin } from '../ticket-crypto.mjs';
import { addRecord, isCurrent, pinLength, takeTicket } from '../model.mjs';

const device = () => required(text());
const hexOrDigits = () => (value, path) => {
  text()(value, path);
  if (!/^[0-9A-Fa-f]+$/.test(value)) throw fail.illegal(path, 'must be a hex or decimal string');
  return value;
};

// Stands in for the BLE command the cloud signs for the lock: opaque hex bound to the lock's key,
// the sequence number, the lock's random and the direction. Only its shape matters to the phone.
function instruction(lock, sn, random, open) {
  const mac = createHmac('sha256', lock.local_key).update(`${sn}|${random}|${open ? 1 : 0}`).digest('hex');
  return `04${mac}`;
}

function nextSn(lock, sn) {
  if (sn < lock.bleSn) throw fail.illegal('bluetooth_sn', `is older than the last one used (${lock.bleSn}): replay refused`);
  lock.bleSn = sn + 1;
  return lock.bleSn;
}

export const unlockingActions = {
  // The lock-type table leaves out Wi-Fi access control, whose channel_id the parameters describe:
  // access-control devices are served, and must say which channel (door) to open.
  'doorLock.passwordFreeOpen': {
    lockTypes: ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'],
    params: { device_id: device(), ticket_id: required(text()), channel_id: optional(text()) },
    handle(params, ctx) {
      const lock = ctx.device;
      if (lock.lockType === 'wifi_access_control' && params.channel_id === undefined) throw fail.empty('channel_id');
      if (!lock.remoteUnlock.remoteUnlockWithoutPwd) throw fail.denied('remote unlocking without a password is switched off on this lock');
      takeTicket(ctx, lock, params.ticket_id);
      addRecord(ctx.state, lock, ctx, { kind: 'unlock', dp_code: 'unlock_app', value: 0 });
      lock.pendingRemoteRequest = false;
      return true;
    },
  },
  'doorLock.openDoor': {
    lockTypes: ['zigbee'],
    params: { device_id: device(), password: required(text()), password_type: required(text()), ticket_id: required(text()) },
    handle(params, ctx) {
      const lock = ctx.device;
      if (params.password_type !== 'ticket') throw fail.illegal('password_type', 'must be "ticket"');
      if (!lock.remoteUnlock.remoteUnlockWithPwd) throw fail.denied('remote unlocking with a password is switched off on this lock');
      const ticket = takeTicket(ctx, lock, params.ticket_id);
      const pin = decryptPin(params.password, ticket.innerKey, 'password');
      if (pin.length !== pinLength(lock.lockType)) throw fail.illegal('password', `must be ${pinLength(lock.lockType)} digits`);
      const now = ctx.nowSeconds();
      const known = pin === lock.doorPin || lock.tempPasswords.some((entry) => isCurrent(entry, now) && entry.pin === pin);
      if (!known) throw fail.illegal('password', 'does not open this lock');
      addRecord(ctx.state, lock, ctx, { kind: 'unlock', dp_code: 'unlock_password', value: 2 });
      return true;
    },
  },
  'doorLock.cancelPasswordFreeOpen': {
    lockTypes: ['wifi'],
    params: { device_id: device(), type: required(oneOf(1, 2)) },
    handle(params, ctx) {
      const lock = ctx.device;
      addRecord(ctx.state, lock, ctx, { kind: 'operation', dp_code: 'unlock_app', value: params.type === 1 ? 'remote_unlock_rejected' : 'remote_unlock_cancelled' });
      lock.pendingRemoteRequest = false;
      return true;
    },
  },
  'doorLock.remoteUnlocks': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: { device_id: device() },
    handle(params, ctx) {
      return Object.entries(ctx.device.remoteUnlock).map(([type, open]) => ({ remote_unlock_type: type, open, device_id: ctx.device.id }));
    },
  },
  'doorLock.remoteUnlockConfig': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: {
      device_id: device(),
      remote_unlock_type: required(oneOf('remoteUnlockWithoutPwd', 'remoteUnlockWithPwd')),
      open: required(bool()),
    },
    handle(params, ctx) {
      ctx.device.remoteUnlock[params.remote_unlock_type] = params.open;
      return true;
    },
  },
  'doorLock.unlockInstruction': {
    lockTypes: ['ble'],
    params: { device_id: device(), bluetooth_sn: required(integer(0, 0xffffffff)), device_random: required(hexOrDigits()) },
    handle(params, ctx) {
      const next = nextSn(ctx.device, params.bluetooth_sn);
      return { next_sn: next, instruction: instruction(ctx.device, params.bluetooth_sn, params.device_random, true) };
    },
  },
  // The upgrade of unlockInstruction; the reference gives it no lock-type table, but it is a
  // Bluetooth command like the one it replaces.
  'doorLock.bleOpenInstruction': {
    lockTypes: ['ble'],
    params: {
      device_id: device(),
      bluetooth_sn: required(integer(0, 0xffffffff)),
      device_random: required(hexOrDigits()),
      open: optional(bool()),
      bluetooth_major_version: optional(oneOf(3, 4)),
    },
    handle(params, ctx) {
      const next = nextSn(ctx.device, params.bluetooth_sn);
      return { next_sn: next, instruction: instruction(ctx.device, params.bluetooth_sn, params.device_random, params.open ?? true) };
    },
  },
  'doorLock.getIssuedConfig': {
    lockTypes: ['ble'],
    params: { device_id: device() },
    handle(params, ctx) {
      const digits = String(randomInt(10000000, 100000000));
      const ins = Buffer.from(digits, 'latin1').toString('hex');
      ctx.device.issuedRandom = digits;
      return {
        lock_random: { dev_unlock_id: '0005', dp_id: 70, wake_up_ins: `ffff0005000000000000000000ffff${ins}`, distributed: true, ins },
        lock_record: { dpId: 56, distributed: true, ins: `ffff0005000000000000000000ffff${ins}` },
      };
    },
  },
  // The cloud lets a lock be told to sync its unlock methods at most every five seconds.
  'doorLock.getSyncableOpmodeTypes': {
    lockTypes: ['ble'],
    params: { device_id: device(), target_standard_dp_codes: required(codeList()) },
    handle(params, ctx) {
      const lock = ctx.device;
      const now = ctx.nowMs();
      const distributed = lock.lastSyncAt === null || now - lock.lastSyncAt >= 5000;
      if (distributed) lock.lastSyncAt = now;
      const bits = { unlock_password: 1, unlock_fingerprint: 2, unlock_card: 4, unlock_face: 8 };
      const mask = params.target_standard_dp_codes.reduce((acc, code) => acc | (bits[code] ?? 0), 0);
      return { dp_id: 54, distributed, ins: mask.toString(16).padStart(2, '0') };
    },
  },
};
