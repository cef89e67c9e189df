// The check code and the unlock of a Bluetooth lock, as Tuya's own panel does it
// (ble-protocol.md §6b.3): doorLock.getIssuedConfig gives lock_random { ins, wake_up_ins,
// dev_unlock_id, distributed }; wake_up_ins goes to the lock verbatim as DP 70 when distributed;
// DP 71 then carries ins (hex of the 8 ASCII characters of the code) in host slot dev_unlock_id.
//
// The code is kept here only, as bytes, and wiped when replaced or forgotten; it never appears in
// a result or an error (the lock's DP 70/71 replies repeat it: those fields are dropped).
// Only a definite check_code_mismatch reply refreshes the code, once: the lock refused, so it did
// not act, and the DP 71 that follows carries another code. A lost answer is outcomeUnknown and
// nothing is sent again.
import { withoutCheckCode as withoutCode } from '../ble/flows.mjs';
import { DoorlockError } from '../errors.mjs';

const MISMATCH = 'check_code_mismatch';

const invalid = (field, message) => new DoorlockError({ code: 'INVALID_ARGUMENT', field, message: `${field}: ${message}` });

// Errors from the connection carry the lock's parsed reply: it repeats the code.
function scrubbed(error) {
  if (error && typeof error === 'object' && error.reply && typeof error.reply === 'object') error.reply = withoutCode(error.reply);
  return error;
}

function hexBytes(hex, field) {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new DoorlockError({ code: 'BAD_RESPONSE', field, message: `${field} in the cloud's answer is not hex` });
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

function protocolMajor(lock) {
  const version = lock.deviceInfo && lock.deviceInfo.protocol;
  const major = typeof version === 'string' ? Number.parseInt(version, 10) : undefined;
  return major === 3 || major === 4 ? major : undefined;
}

// `ctx`: { client, deviceId, lock(field) -> the connection, memberId }.
export function checkCodeFlows(ctx) {
  // { code: Uint8Array(8), slaveId } of the last getIssuedConfig; null until prepared.
  let held = null;

  function forget() {
    if (held) held.code.fill(0);
    held = null;
  }

  // getIssuedConfig -> DP 70 (when distributed). The lock refusing DP 70 is no failure: a lock
  // that already holds the code answers result 4 to the first-code form the cloud builds (the
  // cloud cannot know), and the unlock then tells whether the code is right.
  async function prepare({ signal, timeoutMs } = {}) {
    const lock = ctx.lock('prepareCheckCode');
    const config = await ctx.client.call('doorLock.getIssuedConfig', { device_id: ctx.deviceId }, { signal });
    const random = config && config.lock_random;
    if (!random || typeof random !== 'object') {
      throw new DoorlockError({ code: 'BAD_RESPONSE', field: 'lock_random', message: 'doorLock.getIssuedConfig answered without lock_random' });
    }
    const code = hexBytes(random.ins, 'lock_random.ins');
    let slaveId;
    try {
      if (code.length !== 8)
        throw new DoorlockError({ code: 'BAD_RESPONSE', field: 'lock_random.ins', message: 'lock_random.ins is not an 8-byte check code' });
      slaveId = Number.parseInt(String(random.dev_unlock_id), 16);
      if (!Number.isInteger(slaveId) || slaveId < 0 || slaveId > 0xffff) {
        throw new DoorlockError({ code: 'BAD_RESPONSE', field: 'lock_random.dev_unlock_id', message: 'lock_random.dev_unlock_id is not a 16-bit hex id' });
      }
    } catch (error) {
      code.fill(0);
      throw error;
    }
    forget();
    held = { code, slaveId };
    const result = { distributed: random.distributed !== false, slaveId };
    if (result.distributed) {
      // The DP the cloud built goes as it is (the core checks and encodes it).
      const written = await lock.writeCloudDp({ dp_id: random.dp_id ?? 70, ins: random.wake_up_ins, distributed: true }, { signal, timeoutMs });
      result.checkCodeSet = { sent: written.sent };
      if (written.reply) {
        result.checkCodeSet.ok = written.reply.ok;
        result.checkCodeSet.status = written.reply.status;
      } else if (written.ackOnly) {
        result.checkCodeSet.ackOnly = true;
      }
    }
    return result;
  }

  async function sendUnlock(lock, request) {
    const code = held.code.slice(); // the next prepare may wipe the held one meanwhile
    try {
      const opened = await lock.unlock({ ...request, checkCode: code, slaveId: held.slaveId });
      return withoutCode(opened);
    } catch (error) {
      throw scrubbed(error);
    } finally {
      code.fill(0);
    }
  }

  // DP 71 with the held code (prepared first when none is held yet). `memberId`: the lock user the
  // opening is logged for (doorLock.listUsers' lock_user_id; the panel's lockUserId).
  async function unlock(params = {}) {
    if (params === null || typeof params !== 'object') throw invalid('params', 'expected { open?, memberId?, signal?, timeoutMs?, recordTimeoutMs? }');
    const { open = true, signal, timeoutMs, recordTimeoutMs } = params;
    const memberId = params.memberId ?? ctx.memberId;
    if (memberId === undefined) throw invalid('memberId', 'the lock user id of the person opening (forLock({ memberId }) or unlock({ memberId }))');
    const lock = ctx.lock('unlock');
    if (!held) await prepare({ signal, timeoutMs });
    const request = { open, memberId, signal, timeoutMs, recordTimeoutMs };
    try {
      return { ...(await sendUnlock(lock, request)), refreshed: false };
    } catch (error) {
      const mismatch = error && error.code === 'LOCK_REJECTED' && error.reply && error.reply.status === MISMATCH && !error.outcomeUnknown;
      if (!mismatch) throw error;
    }
    // The lock said the code is wrong: it did nothing. Ask the cloud once more, then try once.
    try {
      await prepare({ signal, timeoutMs });
      return { ...(await sendUnlock(lock, request)), refreshed: true };
    } catch (error) {
      if (error && typeof error === 'object') error.refreshed = true;
      throw error;
    }
  }

  // The unlock frame the cloud builds for the lock's next SN (doorLock.bleOpenInstruction),
  // relayed as it is. device_random is the held code's hex (prepared first when none is held).
  async function unlockWithCloudInstruction(params = {}) {
    if (params === null || typeof params !== 'object') throw invalid('params', 'expected { open?, signal?, timeoutMs?, recordTimeoutMs? }');
    const { open = true, signal, timeoutMs, recordTimeoutMs } = params;
    const lock = ctx.lock('unlockWithCloudInstruction');
    if (!held) await prepare({ signal, timeoutMs });
    const sn = lock.nextSn;
    const request = { device_id: ctx.deviceId, bluetooth_sn: sn, device_random: toHex(held.code), open };
    const major = protocolMajor(lock);
    if (major !== undefined) request.bluetooth_major_version = major;
    const built = await ctx.client.call('doorLock.bleOpenInstruction', request, { signal });
    try {
      const relayed = await lock.relayUnlockInstruction({ instruction: built, signal, timeoutMs, recordTimeoutMs });
      return relayed.reply ? { ...relayed, reply: withoutCode(relayed.reply) } : relayed;
    } catch (error) {
      throw scrubbed(error);
    }
  }

  return {
    prepareCheckCode: prepare,
    unlock,
    unlockWithCloudInstruction,
    forgetCheckCode: forget,
    get hasCheckCode() {
      return held !== null;
    },
  };
}
