// Opening the door: remote unlocking with and without a password, its settings, and the pieces a
// phone needs to unlock a Bluetooth lock (issued random, signed instruction, sync gate).
import { unlockAirFrame, unlockCheckValue } from '../air-frame.mjs';
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

// The air frame of a DP 71 unlock (or lock) for SN = bluetooth_sn, with the check code the cloud
// issued for this lock, in the session key of the lock's current connection when the home links
// the emulator to its simulated lock (mode 5), else in KEY_4 (mode 4). The lock counts SNs per
// connection, so replays are refused within one connection (one srand). device_random is
// checked as the reference types it; the code in the frame is the one the cloud issued.
function instruction(ctx, params, open) {
  const lock = ctx.device;
  const srand = currentSrand(ctx, lock);
  if (srand && (lock.bleSrand === null || !srand.equals(lock.bleSrand))) {
    lock.bleSrand = srand;
    lock.bleSn = 0;
  }
  const next = nextSn(lock, params.bluetooth_sn);
  const value = unlockCheckValue({
    slaveId: lock.devUnlockId,
    checkCode: Buffer.from(lock.issuedRandom, 'latin1'),
    open,
    timestamp: ctx.nowSeconds(),
    memberId: lock.bleMemberId,
  });
  const protocol = params.bluetooth_major_version ?? lock.bleProtocol;
  const air = unlockAirFrame({ localKey: lock.local_key, srand, sn: params.bluetooth_sn, protocol, value });
  value.fill(0);
  return { next_sn: next, instruction: air };
}

function currentSrand(ctx, lock) {
  if (!ctx.bleSrandOf) return null;
  const srand = ctx.bleSrandOf(lock.id);
  // Not connected (or not linked): a KEY_4 frame, which any connection of the lock reads.
  if (srand === null || srand === undefined) return null;
  const bytes = typeof srand === 'string' ? Buffer.from(srand, 'hex') : Buffer.from(srand);
  if (bytes.length !== 6) throw fail.system('the linked lock gave a srand that is not 6 bytes');
  return bytes;
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
      addRecord(ctx.state, lock, ctx, {
        kind: 'operation',
        dp_code: 'unlock_app',
        value: params.type === 1 ? 'remote_unlock_rejected' : 'remote_unlock_cancelled',
      });
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
      return instruction(ctx, params, true);
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
      return instruction(ctx, params, params.open ?? true);
    },
  },
  'doorLock.getIssuedConfig': {
    lockTypes: ['ble'],
    params: { device_id: device() },
    // The check code the cloud holds for the lock, to be set as the first code of host slot
    // dev_unlock_id (DP 70 with an all-zero current code, ble-protocol.md §6.5, §6b.3).
    handle(params, ctx) {
      const lock = ctx.device;
      const ins = Buffer.from(lock.issuedRandom, 'latin1').toString('hex');
      const slave = lock.devUnlockId.toString(16).padStart(4, '0');
      const wakeUp = `ffff${slave}${'00'.repeat(8)}00ffff${ins}`;
      return {
        lock_random: { dev_unlock_id: slave, dp_id: 70, wake_up_ins: wakeUp, distributed: true, ins },
        lock_record: { dpId: 56, distributed: false, ins: '' },
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
